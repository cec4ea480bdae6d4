import NNKernel

// MARK: - Recurrent ops: time steps, stacking, partial-view gradients, LSTM cell, masking
//
// Backpropagation through time needs no special machinery: a model applies these ops once per
// step, and the shared reverse mode walks them back like any other op. Layouts are documented
// in Kernels+Recurrent.swift (sequences batch-first [B, T, F], LSTM state packed [2, B, H]).

/// Step t of a batch-first sequence [B, T, F] as a [B, F] matrix.
enum TimeStepRule: OpRule {
    static func step(_ op: Op) -> Int {
        guard case .timeStep(let t) = op else { preconditionFailure("TimeStepRule: \(op.name)") }
        return t
    }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        let t = step(op)
        try expectArity(op, inputs, 1)
        let x = inputs[0].shape
        guard x.rank == 3, t >= 0, t < x[1] else { throw ShapeError(op, inputs, "needs [B, T, F] with step < T") }
        return Shape(x[0], x[2])
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        let x = a.shape(0)
        Kernels.gatherTimeStep(a[0], a.output, batch: x[0], steps: x[1], features: x[2], step: step(op))
    }

    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .nothing }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        [needs[0] ? g.apply(.timeStepGrad(step: step(op), steps: inputs[0].shape[1]), [gy]) : nil]
    }
}

/// Zeros [B, T, F] with one step set to the input [B, F]: the gradient of `timeStep`.
enum TimeStepGradRule: OpRule {
    static func position(_ op: Op) -> (step: Int, steps: Int) {
        guard case .timeStepGrad(let step, let steps) = op else { preconditionFailure("TimeStepGradRule: \(op.name)") }
        return (step, steps)
    }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        let (step, steps) = position(op)
        try expectArity(op, inputs, 1)
        let g = inputs[0].shape
        guard g.rank == 2, step >= 0, step < steps else { throw ShapeError(op, inputs, "needs [B, F], step < steps") }
        return Shape(g[0], steps, g[1])
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        let (step, steps) = position(op), g = a.shape(0)
        Kernels.scatterTimeStep(a[0], a.output, batch: g[0], steps: steps, features: g[1], step: step)
    }

    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .nothing }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        [needs[0] ? g.apply(.timeStep(position(op).step), [gy]) : nil]
    }
}

/// T matrices [B, F] stacked along time into [B, T, F].
enum StackTimeRule: OpRule {
    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        guard let first = inputs.first, first.shape.rank == 2 else {
            throw ShapeError(op, inputs, "needs one or more [B, F] inputs")
        }
        try expectSameShape(op, inputs)
        return Shape(first.shape[0], inputs.count, first.shape[1])
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        let s = a.shape(0)
        Kernels.stackTimeSteps(a.inputs, steps: a.inputCount, a.output, batch: s[0], features: s[1])
    }

    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .nothing }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        needs.indices.map { t in needs[t] ? g.apply(.timeStep(t), [gy]) : nil }
    }
}

/// Zeros of a shape with the input written at an element offset: the gradient of a view.
enum EmbedRule: OpRule {
    static func placement(_ op: Op) -> (offset: Int, shape: Shape) {
        guard case .embed(let offset, let s) = op else { preconditionFailure("EmbedRule: \(op.name)") }
        return (offset, s)
    }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        let (offset, s) = placement(op)
        try expectArity(op, inputs, 1)
        guard offset >= 0, offset + inputs[0].shape.count <= s.count else {
            throw ShapeError(op, inputs, "does not fit into \(s) at \(offset)")
        }
        return s
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        let (offset, s) = placement(op)
        Kernels.embed(a[0], count: a.shape(0).count, a.output, total: s.count, offset: offset)
    }

    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .nothing }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        [needs[0] ? g.apply(.view(offset: placement(op).offset, shape: inputs[0].shape), [gy]) : nil]
    }
}

/// Inputs (z [B, 4H], previous state [2, B, H]); output: the new LSTM state [2, B, H].
enum LSTMCellRule: OpRule {
    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        try expectArity(op, inputs, 2)
        let z = inputs[0].shape, s = inputs[1].shape
        guard z.rank == 2, z[1] % 4 == 0, s == Shape(2, z[0], z[1] / 4) else {
            throw ShapeError(op, inputs, "needs z [B, 4H] and state [2, B, H]")
        }
        return s
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        let z = a.shape(0)
        Kernels.lstmCell(a[0], a[1], a.output, batch: z[0], hidden: z[1] / 4)
    }

    /// The gradient reads z, the previous state and the new state.
    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .inputs(true, true, output: true) }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        let packed = g.apply(.lstmCellGrad, [gy, inputs[0], inputs[1], output])
        let z = inputs[0].shape
        return [needs[0] ? g.apply(.view(offset: 0, shape: z), [packed]) : nil,
                needs[1] ? g.apply(.view(offset: z.count, shape: inputs[1].shape), [packed]) : nil]
    }
}

/// Inputs (gradient of the state, z, previous state, state); output packs
/// [B·4H gradient of z | 2·B·H gradient of the previous state].
enum LSTMCellGradRule: NotDifferentiableRule {
    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        try expectArity(op, inputs, 4)
        let s = try LSTMCellRule.shape(.lstmCell, [inputs[1], inputs[2]])
        guard inputs[0].shape == s, inputs[3].shape == s else { throw ShapeError(op, inputs, "state shapes differ") }
        return Shape(inputs[1].shape.count + s.count)
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        let z = a.shape(1)
        Kernels.lstmCellBackward(a[0], a[1], a[2], a[3], dz: a.output, dPrevious: a.output + z.count,
                                 batch: z[0], hidden: z[1] / 4)
    }
}

/// Input a step [B, F]; output [B]: 1 where the row has a non-zero element, 0 for padding.
enum PaddingMaskRule: OpRule {
    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        try expectArity(op, inputs, 1)
        guard inputs[0].shape.rank == 2 else { throw ShapeError(op, inputs, "needs a step [B, F]") }
        return Shape(inputs[0].shape[0])
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        let x = a.shape(0)
        Kernels.paddingMask(a[0], a.output, rows: x[0], cols: x[1])
    }

    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .nothing }

    /// A step function of its input: its derivative is zero wherever it exists.
    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        [needs[0] ? g.fill(0, inputs[0].shape) : nil]
    }
}

/// Inputs (new, previous, mask [B]): mask·new + (1 − mask)·previous, per row b.
enum MaskedUpdateRule: OpRule {
    /// The mask length (B) of a [B, F] or [K, B, F] state.
    static func maskedRows(_ s: Shape) -> Int? { s.rank == 2 ? s[0] : (s.rank == 3 ? s[1] : nil) }

    /// A [B, F] or [K, B, F] state as (K, B, F).
    static func maskedDims(_ s: Shape) -> (Int, Int, Int) { s.rank == 2 ? (1, s[0], s[1]) : (s[0], s[1], s[2]) }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        try expectArity(op, inputs, 3)
        try expectSameShape(op, Array(inputs[0..<2]))
        guard let r = maskedRows(inputs[0].shape), inputs[2].shape.count == r else {
            throw ShapeError(op, inputs, "needs states [B, F] or [K, B, F] and a mask of B")
        }
        return inputs[0].shape
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        let (k, r, c) = maskedDims(a.outputShape)
        Kernels.maskedUpdate(a[0], a[1], a[2], a.output, outer: k, rows: r, cols: c)
    }

    /// The gradient reads the mask.
    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .inputs(false, false, true) }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        precondition(!needs[2], "maskedUpdate: the mask is data, not differentiable")
        return [needs[0] ? g.apply(.maskedUpdateGrad(toNew: true), [gy, inputs[2]]) : nil,
                needs[1] ? g.apply(.maskedUpdateGrad(toNew: false), [gy, inputs[2]]) : nil, nil]
    }
}

/// Inputs (gradient, mask): the gradient of maskedUpdate's new (toNew) or previous input.
enum MaskedUpdateGradRule: NotDifferentiableRule {
    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        try expectArity(op, inputs, 2)
        guard let r = MaskedUpdateRule.maskedRows(inputs[0].shape), inputs[1].shape.count == r else {
            throw ShapeError(op, inputs, "needs a gradient [B, F] or [K, B, F] and a mask of B")
        }
        return inputs[0].shape
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        guard case .maskedUpdateGrad(let toNew) = op else { preconditionFailure("MaskedUpdateGradRule: \(op.name)") }
        let (k, r, c) = MaskedUpdateRule.maskedDims(a.outputShape)
        Kernels.maskedUpdateBackward(a[0], a[1], a.output, toNew: toNew, outer: k, rows: r, cols: c)
    }
}

/// The gradient of a view that is not a plain reshape: zeros of the base's shape with the
/// view's gradient written at its offset.
func partialViewGradient(_ op: Op, _ g: Builder, _ base: Value, _ gy: Value) -> Value {
    guard case .view(let offset, _) = op else { preconditionFailure("partialViewGradient: \(op.name)") }
    return g.apply(.embed(offset: offset, shape: base.shape), [gy])
}
