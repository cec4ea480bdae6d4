import NNKernel

// MARK: - softmax cross-entropy, SGD, views

/// Mean softmax cross-entropy over the rows of [N, C] logits with class-index labels [N].
enum SoftmaxCrossEntropyRule: OpRule {
    /// The logits' shape, or why the inputs are not logits [N, C] and labels [N] (and `arity` inputs).
    @discardableResult
    static func logits(_ op: Op, _ inputs: [Value], arity: Int) throws(ShapeError) -> Shape {
        try expectArity(op, inputs, arity)
        let l = inputs[0].shape, y = inputs[1].shape
        guard l.rank == 2, y.rank == 1, y[0] == l[0] else {
            throw ShapeError(op, inputs, "needs logits [N, C] and labels [N]")
        }
        return l
    }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        try logits(op, inputs, arity: 2)
        return Shape()
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        let l = a.shape(0)
        Kernels.softmaxCrossEntropy(a[0], a[1], a.output, rows: l[0], cols: l[1])
    }

    /// The gradient recomputes the softmax from the logits and labels.
    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .inputs(needs[0], needs[0]) }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        precondition(!needs[1], "softmaxCrossEntropy: labels are not differentiable")
        return [needs[0] ? g.apply(.softmaxCrossEntropyGrad, [inputs[0], inputs[1], gy]) : nil, nil]
    }
}

/// Inputs (logits, labels, gradLoss []): the gradient of the logits.
enum SoftmaxCrossEntropyGradRule: NotDifferentiableRule {
    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        let l = try SoftmaxCrossEntropyRule.logits(op, inputs, arity: 3)
        if inputs[2].shape.count != 1 { throw ShapeError(op, inputs, "gradLoss must be a scalar") }
        return l
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        let l = a.shape(0)
        Kernels.softmaxCrossEntropyBackward(a[0], a[1], a[2], a.output, rows: l[0], cols: l[1])
    }
}

/// parameter −= learningRate · gradient, in place.
enum SGDRule: NotDifferentiableRule {
    static func storage(_ op: Op) -> OutputStorage { .inPlace }
    static func inPlaceInputs(_ op: Op) -> StrideTo<Int> { stride(from: 0, to: 1, by: 1) }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        try elementwiseShape(op, inputs, arity: 2)
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        guard case .sgdUpdate(let lr) = op else { return }
        Kernels.sgd(a.output, a[1], learningRate: lr, count: a.outputShape.count)
    }
}

/// A window of the input's storage: reshape (offset 0, same count) or a contiguous slice.
enum ViewRule: OpRule {
    static func storage(_ op: Op) -> OutputStorage {
        guard case .view(let offset, _) = op else { preconditionFailure("ViewRule: \(op.name)") }
        return .view(offset: offset)
    }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        try expectArity(op, inputs, 1)
        guard case .view(let offset, let s) = op else { preconditionFailure() }
        guard offset >= 0, offset + s.count <= inputs[0].shape.count else {
            throw ShapeError(op, inputs, "view exceeds its base")
        }
        return s
    }

    static func run(_ op: Op, _ a: KernelArgs) {}

    /// A view's tensor keeps its base's storage alive by itself; the gradient needs shapes only.
    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .nothing }

    /// A reshape's gradient is the reshaped gradient; a slice's gradient is zero outside it.
    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        guard needs[0] else { return [nil] }
        guard case .view(let offset, let s) = op, offset == 0, s.count == inputs[0].shape.count else {
            return [partialViewGradient(op, g, inputs[0], gy)]
        }
        return [g.reshape(gy, inputs[0].shape)]
    }
}
