import NNKernel

// MARK: - Fused convolution block ops: created by the fusion pass, never differentiated

/// `fusedConvBlock` (conv + bias + activation + pool, packed [values | indices]) and
/// `fusedConvBlockGrad` (pool + activation backward + bias gradient, packed [gradient | sums]).
enum FusedConvRule: OpRule {
    /// The convolution and pool geometry of a `fusedConvBlock` on inputs (x, w).
    static func geometry(_ op: Op, _ x: Shape, _ w: Shape) -> (conv: ConvGeometry, pool: PoolGeometry) {
        guard case .fusedConvBlock(let p, _, let k) = op else { preconditionFailure("FusedConvRule: \(op.name)") }
        let c = Conv2DRule.geometry(.conv2d(padding: p), x, w)
        return (c, PoolGeometry(batch: c.batch, channels: c.filters, height: c.outHeight, width: c.outWidth, window: k))
    }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        switch op {
        case .fusedConvBlock(let p, _, let k):
            try expectArity(op, inputs, 3)
            let conv = try Conv2DRule.shape(.conv2d(padding: p), Array(inputs[0..<2]))
            guard inputs[2].shape == Shape(conv[1]) else { throw ShapeError(op, inputs, "bias must be [\(conv[1])]") }
            let pooled = try MaxPoolRule.shape(.maxPool(window: k), [Value(id: 0, shape: conv)])
            return Shape(2 * pooled.count)
        case .fusedConvBlockGrad(_, let k, let h, let w):
            try expectArity(op, inputs, 3)
            try expectSameShape(op, inputs)
            let s = inputs[0].shape
            guard s.rank == 4, k >= 1, s[2] == h / k, s[3] == w / k else {
                throw ShapeError(op, inputs, "needs pooled [N, C, \(h / k), \(w / k)] inputs")
            }
            return Shape(s[0] * s[1] * h * w + s[1])
        default:
            preconditionFailure("FusedConvRule: \(op.name)")
        }
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        switch op {
        case .fusedConvBlock(_, let act, let k):
            guard let scratch = a.scratch else { preconditionFailure("\(op.name): no scratch memory") }
            let g = geometry(op, a.shape(0), a.shape(1))
            Kernels.convBiasActivationPool(a[0], a[1], bias: a[2], activation: act, window: k, values: a.output,
                                           indices: a.output + g.pool.outputCount, scratch: scratch, g.conv)
        case .fusedConvBlockGrad(let act, let k, let h, let w):
            let s = a.shape(0)
            let g = PoolGeometry(batch: s[0], channels: s[1], height: h, width: w, window: k)
            Kernels.poolActivationBackwardChannelSum(a[0], a[1], indices: a[2], activation: act, ga: a.output,
                                                     db: a.output + g.inputCount, g)
        default:
            preconditionFailure("FusedConvRule: \(op.name)")
        }
    }

    static func scratchCount(_ op: Op, _ inputs: [Value]) -> Int {
        guard case .fusedConvBlock = op else { return 0 }
        let g = geometry(op, inputs[0].shape, inputs[1].shape).conv
        return g.columnCount + g.outImageCount
    }

    static func flops(_ op: Op, _ inputs: [Value], _ output: Shape) -> Int {
        switch op {
        case .fusedConvBlock(_, let act, _):
            let g = geometry(op, inputs[0].shape, inputs[1].shape)
            return g.conv.gemmFlops + g.conv.batch * g.conv.outImageCount * (1 + act.flopsPerElement)
                + g.pool.compareFlops
        case .fusedConvBlockGrad:
            return 3 * inputs[0].shape.count
        default:
            return 0
        }
    }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] { notDifferentiable(op) }
}
