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

/// a + b, a − b, a ⊙ b (same shapes) and s·x.
enum ArithmeticRule: OpRule {
    static func canReuseInput0(_ op: Op) -> Bool { true }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        if case .scale = op { return try elementwiseShape(op, inputs, arity: 1) }
        return try elementwiseShape(op, inputs, arity: 2)
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        let n = a.outputShape.count
        switch op {
        case .add: Kernels.add(a[0], a[1], a.output, count: n)
        case .sub: Kernels.sub(a[0], a[1], a.output, count: n)
        case .mul: Kernels.mul(a[0], a[1], a.output, count: n)
        case .scale(let s): Kernels.scale(a[0], by: s, a.output, count: n)
        default: preconditionFailure("ArithmeticRule: \(op.name)")
        }
    }

    /// Only a product's gradients read its inputs (each the other one).
    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues {
        op == .mul ? .inputs(needs[1], needs[0]) : .nothing
    }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        switch op {
        case .add: return [needs[0] ? gy : nil, needs[1] ? gy : nil]
        case .sub: return [needs[0] ? gy : nil, needs[1] ? g.scale(gy, -1) : nil]
        case .mul: return [needs[0] ? g.mul(gy, inputs[1]) : nil, needs[1] ? g.mul(gy, inputs[0]) : nil]
        case .scale(let s): return [needs[0] ? g.scale(gy, s) : nil]
        default: preconditionFailure("ArithmeticRule: \(op.name)")
        }
    }
}

/// y = f(x) and its backward, which reads the output y (not x) as frameworks do for these f.
enum ActivationRule: OpRule {
    static func canReuseInput0(_ op: Op) -> Bool { true }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        if case .activation = op { return try elementwiseShape(op, inputs, arity: 1) }
        return try elementwiseShape(op, inputs, arity: 2)
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        let n = a.outputShape.count
        switch op {
        case .activation(let f): Kernels.activate(f, a[0], a.output, count: n)
        case .activationGrad(let f): Kernels.activateBackward(f, a[0], a[1], a.output, count: n)
        default: preconditionFailure("ActivationRule: \(op.name)")
        }
    }

    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues {
        if case .activation = op { return .inputs(false, output: true) }
        return .nothing
    }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        guard case .activation(let f) = op else { notDifferentiable(op) }
        return [needs[0] ? g.apply(.activationGrad(f), [gy, output]) : nil]
    }
}
