import NNKernel

// MARK: - The tensor-building API models are written against

/// Builds tensors by applying ops. The eager engine runs each op at once and records a tape;
/// the tracer (NNGraph) records a graph node instead. Model code takes a `Builder` and never
/// knows which one it has, so one model definition serves all three modes.
public protocol Builder: AnyObject {
    /// Applies `op` to `inputs` and returns the output's handle.
    func apply(_ op: Op, _ inputs: [Value]) -> Value

    /// Reverse-mode gradients of the scalar `loss` with respect to each of `parameters`, in order.
    /// Only what a parameter's gradient needs is computed.
    func gradients(of loss: Value, withRespectTo parameters: [Value]) -> [Value]
}

extension Builder {
    /// op(a)·op(b).
    public func matmul(_ a: Value, _ b: Value, transposeA: Bool = false, transposeB: Bool = false) -> Value {
        apply(.matmul(transposeA: transposeA, transposeB: transposeB), [a, b])
    }

    public func addBias(_ x: Value, _ bias: Value) -> Value { apply(.addBias, [x, bias]) }
    public func add(_ a: Value, _ b: Value) -> Value { apply(.add, [a, b]) }
    public func sub(_ a: Value, _ b: Value) -> Value { apply(.sub, [a, b]) }
    public func mul(_ a: Value, _ b: Value) -> Value { apply(.mul, [a, b]) }
    public func scale(_ x: Value, _ s: Float) -> Value { apply(.scale(s), [x]) }
    public func fill(_ value: Float, _ shape: Shape) -> Value { apply(.fill(value: value, shape: shape), []) }

    /// f(x); identity returns x itself (no op).
    public func activation(_ x: Value, _ f: Activation) -> Value {
        f == .identity ? x : apply(.activation(f), [x])
    }

    public func relu(_ x: Value) -> Value { activation(x, .relu) }
    public func tanh(_ x: Value) -> Value { activation(x, .tanh) }
    public func sigmoid(_ x: Value) -> Value { activation(x, .sigmoid) }

    /// The same elements with another shape of equal count; no copy.
    public func reshape(_ x: Value, _ shape: Shape) -> Value {
        precondition(shape.count == x.shape.count, "reshape: \(x.shape) to \(shape) changes the count")
        return shape == x.shape ? x : apply(.view(offset: 0, shape: shape), [x])
    }

    /// Mean softmax cross-entropy of [N, C] logits against class-index labels [N].
    public func softmaxCrossEntropy(_ logits: Value, _ labels: Value) -> Value {
        apply(.softmaxCrossEntropy, [logits, labels])
    }

    /// parameter −= learningRate · gradient, in place.
    @discardableResult
    public func sgdUpdate(_ parameter: Value, _ gradient: Value, learningRate: Float) -> Value {
        apply(.sgdUpdate(learningRate: learningRate), [parameter, gradient])
    }
}
