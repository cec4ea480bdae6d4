import NNKernel
import NNModels

// MARK: - The fused op `fuseRecurrent` creates

/// Inputs (projections [B, T, G], bias[, h [B, H], W [H, G]]): activation(xp[:, step] + bias
/// + h·W) in one kernel, the input projection of every step computed beforehand
/// (see `Kernels.recurrentStep`).
public struct FusedRecurrentStep: FusedOp {
    public let activation: Activation
    public let step: Int

    public var name: String { "fused.recurrentStep(\(step))+\(activation.rawValue)" }

    public func shape(_ inputs: [Value]) throws(ShapeError) -> Shape {
        guard inputs.count == 2 || inputs.count == 4 else { throw ShapeError(op, inputs, "expects 2 or 4 inputs") }
        let xp = inputs[0].shape
        guard xp.rank == 3, step >= 0, step < xp[1], inputs[1].shape == Shape(xp[2]) else {
            throw ShapeError(op, inputs, "needs projections [B, T, G], step < T and a bias [G]")
        }
        if inputs.count == 4 {
            let h = inputs[2].shape, w = inputs[3].shape
            guard h.rank == 2, h[0] == xp[0], w == Shape(h[1], xp[2]) else {
                throw ShapeError(op, inputs, "needs h [B, H] and W [H, G]")
            }
        }
        return Shape(xp[0], xp[2])
    }

    public func run(_ a: KernelArgs) {
        let xp = a.shape(0), recurrent = a.inputCount == 4
        Kernels.recurrentStep(
            projections: a[0], steps: xp[1], step: step, bias: a[1],
            h: recurrent ? UnsafePointer(a[2]) : nil, weight: recurrent ? UnsafePointer(a[3]) : nil,
            hidden: recurrent ? a.shape(2)[1] : 0, activation: activation, out: a.output, batch: xp[0], width: xp[2])
    }
}
