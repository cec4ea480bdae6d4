import NNKernel

// MARK: - Recurrent ops: time steps, stacking, partial-view gradients, LSTM cell, masking
//
// Backpropagation through time needs no special machinery: a model applies these ops once per
// step, and the shared reverse mode walks them back like any other op. Layouts are documented
// in Kernels+Recurrent.swift (sequences batch-first [B, T, F], LSTM state packed [2, B, H]).

enum RecurrentRule: OpRule {
    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        switch op {
        case .timeStep(let t):
            try expectArity(op, inputs, 1)
            let x = inputs[0].shape
            guard x.rank == 3, t >= 0, t < x[1] else { throw ShapeError(op, inputs, "needs [B, T, F] with step < T") }
            return Shape(x[0], x[2])
        case .timeStepGrad(let step, let steps):
            try expectArity(op, inputs, 1)
            let g = inputs[0].shape
            guard g.rank == 2, step >= 0, step < steps else { throw ShapeError(op, inputs, "needs [B, F], step < steps") }
            return Shape(g[0], steps, g[1])
        case .stackTime:
            guard let first = inputs.first, first.shape.rank == 2 else {
                throw ShapeError(op, inputs, "needs one or more [B, F] inputs")
            }
            try expectSameShape(op, inputs)
            return Shape(first.shape[0], inputs.count, first.shape[1])
        case .embed(let offset, let s):
            try expectArity(op, inputs, 1)
            guard offset >= 0, offset + inputs[0].shape.count <= s.count else {
                throw ShapeError(op, inputs, "does not fit into \(s) at \(offset)")
            }
            return s
        case .lstmCell:
            try expectArity(op, inputs, 2)
            let z = inputs[0].shape, s = inputs[1].shape
            guard z.rank == 2, z[1] % 4 == 0, s == Shape(2, z[0], z[1] / 4) else {
                throw ShapeError(op, inputs, "needs z [B, 4H] and state [2, B, H]")
            }
            return s
        case .lstmCellGrad:
            try expectArity(op, inputs, 4)
            let s = try shape(.lstmCell, [inputs[1], inputs[2]])
            guard inputs[0].shape == s, inputs[3].shape == s else { throw ShapeError(op, inputs, "state shapes differ") }
            return Shape(inputs[1].shape.count + s.count)
        case .paddingMask:
            try expectArity(op, inputs, 1)
            guard inputs[0].shape.rank == 2 else { throw ShapeError(op, inputs, "needs a step [B, F]") }
            return Shape(inputs[0].shape[0])
        case .maskedUpdate:
            try expectArity(op, inputs, 3)
            try expectSameShape(op, Array(inputs[0..<2]))
            guard let r = maskedRows(inputs[0].shape), inputs[2].shape.count == r else {
                throw ShapeError(op, inputs, "needs states [B, F] or [K, B, F] and a mask of B")
            }
            return inputs[0].shape
        case .maskedUpdateGrad:
            try expectArity(op, inputs, 2)
            guard let r = maskedRows(inputs[0].shape), inputs[1].shape.count == r else {
                throw ShapeError(op, inputs, "needs a gradient [B, F] or [K, B, F] and a mask of B")
            }
            return inputs[0].shape
        default:
            preconditionFailure("RecurrentRule: \(op.name)")
        }
    }

    /// The mask length (B) of a [B, F] or [K, B, F] state.
    static func maskedRows(_ s: Shape) -> Int? { s.rank == 2 ? s[0] : (s.rank == 3 ? s[1] : nil) }

    static func run(_ op: Op, _ a: KernelArgs) {
        switch op {
        case .timeStep(let t):
            let x = a.shape(0)
            Kernels.gatherTimeStep(a[0], a.output, batch: x[0], steps: x[1], features: x[2], step: t)
        case .timeStepGrad(let step, let steps):
            let g = a.shape(0)
            Kernels.scatterTimeStep(a[0], a.output, batch: g[0], steps: steps, features: g[1], step: step)
        case .stackTime:
            let s = a.shape(0)
            Kernels.stackTimeSteps(a.inputs, steps: a.inputCount, a.output, batch: s[0], features: s[1])
        case .embed(let offset, let s):
            Kernels.embed(a[0], count: a.shape(0).count, a.output, total: s.count, offset: offset)
        case .lstmCell:
            let z = a.shape(0)
            Kernels.lstmCell(a[0], a[1], a.output, batch: z[0], hidden: z[1] / 4)
        case .lstmCellGrad:
            let z = a.shape(1)
            Kernels.lstmCellBackward(a[0], a[1], a[2], a[3], dz: a.output, dPrevious: a.output + z.count,
                                     batch: z[0], hidden: z[1] / 4)
        case .paddingMask:
            let x = a.shape(0)
            Kernels.paddingMask(a[0], a.output, rows: x[0], cols: x[1])
        case .maskedUpdate:
            let (k, r, c) = maskedDims(a.outputShape)
            Kernels.maskedUpdate(a[0], a[1], a[2], a.output, outer: k, rows: r, cols: c)
        case .maskedUpdateGrad(let toNew):
            let (k, r, c) = maskedDims(a.outputShape)
            Kernels.maskedUpdateBackward(a[0], a[1], a.output, toNew: toNew, outer: k, rows: r, cols: c)
        default:
            preconditionFailure("RecurrentRule: \(op.name)")
        }
    }

    static func maskedDims(_ s: Shape) -> (Int, Int, Int) { s.rank == 2 ? (1, s[0], s[1]) : (s[0], s[1], s[2]) }

    /// The LSTM cell's gradient reads z, the previous state and the new state; a masked update's
    /// reads the mask; the others need shapes only.
    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues {
        if op == .lstmCell { return .inputs(true, true, output: true) }
        if op == .maskedUpdate { return .inputs(false, false, true) }
        return .nothing
    }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        switch op {
        case .timeStep(let t):
            return [needs[0] ? g.apply(.timeStepGrad(step: t, steps: inputs[0].shape[1]), [gy]) : nil]
        case .timeStepGrad(let step, _):
            return [needs[0] ? g.apply(.timeStep(step), [gy]) : nil]
        case .stackTime:
            return needs.indices.map { t in needs[t] ? g.apply(.timeStep(t), [gy]) : nil }
        case .embed(let offset, _):
            return [needs[0] ? g.apply(.view(offset: offset, shape: inputs[0].shape), [gy]) : nil]
        case .lstmCell:
            let packed = g.apply(.lstmCellGrad, [gy, inputs[0], inputs[1], output])
            let z = inputs[0].shape
            return [needs[0] ? g.apply(.view(offset: 0, shape: z), [packed]) : nil,
                    needs[1] ? g.apply(.view(offset: z.count, shape: inputs[1].shape), [packed]) : nil]
        case .paddingMask:
            // A step function of its input: its derivative is zero wherever it exists.
            return [needs[0] ? g.fill(0, inputs[0].shape) : nil]
        case .maskedUpdate:
            precondition(!needs[2], "maskedUpdate: the mask is data, not differentiable")
            return [needs[0] ? g.apply(.maskedUpdateGrad(toNew: true), [gy, inputs[2]]) : nil,
                    needs[1] ? g.apply(.maskedUpdateGrad(toNew: false), [gy, inputs[2]]) : nil, nil]
        default:
            notDifferentiable(op)
        }
    }
}

/// The gradient of a view that is not a plain reshape: zeros of the base's shape with the
/// view's gradient written at its offset.
func partialViewGradient(_ op: Op, _ g: Builder, _ base: Value, _ gy: Value) -> Value {
    guard case .view(let offset, _) = op else { preconditionFailure("partialViewGradient: \(op.name)") }
    return g.apply(.embed(offset: offset, shape: base.shape), [gy])
}
