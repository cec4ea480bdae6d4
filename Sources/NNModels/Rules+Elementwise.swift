import NNKernel

// MARK: - fill, add, sub, mul, scale, activations

/// A constant tensor: no inputs, no gradient.
enum FillRule: OpRule {
    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        try expectArity(op, inputs, 0)
        guard case .fill(_, let s) = op else { preconditionFailure() }
        return s
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        guard case .fill(let v, _) = op else { return }
        Kernels.fill(a.output, with: v, count: a.outputShape.count)
    }

    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .nothing }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] { [] }
}

/// An elementwise op: `arity` inputs of one shape, which is the output's; the output may take
/// input 0's buffer.
protocol ElementwiseRule: OpRule {
    static var arity: Int { get }
}

extension ElementwiseRule {
    static func canReuseInput0(_ op: Op) -> Bool { true }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        try elementwiseShape(op, inputs, arity: arity)
    }
}

/// a + b (same shapes).
enum AddRule: ElementwiseRule {
    static var arity: Int { 2 }

    static func run(_ op: Op, _ a: KernelArgs) { Kernels.add(a[0], a[1], a.output, count: a.outputShape.count) }

    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .nothing }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        [needs[0] ? gy : nil, needs[1] ? gy : nil]
    }
}

/// a − b (same shapes).
enum SubRule: ElementwiseRule {
    static var arity: Int { 2 }

    static func run(_ op: Op, _ a: KernelArgs) { Kernels.sub(a[0], a[1], a.output, count: a.outputShape.count) }

    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .nothing }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        [needs[0] ? gy : nil, needs[1] ? g.scale(gy, -1) : nil]
    }
}

/// a ⊙ b (same shapes).
enum MulRule: ElementwiseRule {
    static var arity: Int { 2 }

    static func run(_ op: Op, _ a: KernelArgs) { Kernels.mul(a[0], a[1], a.output, count: a.outputShape.count) }

    /// Each input's gradient reads the other input.
    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .inputs(needs[1], needs[0]) }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        [needs[0] ? g.mul(gy, inputs[1]) : nil, needs[1] ? g.mul(gy, inputs[0]) : nil]
    }
}

/// s·x.
enum ScaleRule: ElementwiseRule {
    static var arity: Int { 1 }

    static func factor(_ op: Op) -> Float {
        guard case .scale(let s) = op else { preconditionFailure("ScaleRule: \(op.name)") }
        return s
    }

    static func run(_ op: Op, _ a: KernelArgs) { Kernels.scale(a[0], by: factor(op), a.output, count: a.outputShape.count) }

    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .nothing }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        [needs[0] ? g.scale(gy, factor(op)) : nil]
    }
}

/// y = f(x). Its backward reads the output y (not x), as frameworks do for these f.
enum ActivationRule: ElementwiseRule {
    static var arity: Int { 1 }

    static func function(_ op: Op) -> Activation {
        guard case .activation(let f) = op else { preconditionFailure("ActivationRule: \(op.name)") }
        return f
    }

    static func run(_ op: Op, _ a: KernelArgs) { Kernels.activate(function(op), a[0], a.output, count: a.outputShape.count) }

    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .inputs(false, output: true) }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        [needs[0] ? g.apply(.activationGrad(function(op)), [gy, output]) : nil]
    }
}

/// Inputs (gradOutput, y = f(x)): the gradient of x.
enum ActivationGradRule: ElementwiseRule, NotDifferentiableRule {
    static var arity: Int { 2 }

    static func run(_ op: Op, _ a: KernelArgs) {
        guard case .activationGrad(let f) = op else { preconditionFailure("ActivationGradRule: \(op.name)") }
        Kernels.activateBackward(f, a[0], a[1], a.output, count: a.outputShape.count)
    }
}
