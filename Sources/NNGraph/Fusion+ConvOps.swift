import NNKernel
import NNModels

// MARK: - The fused ops `fuseConvBlocks` creates

/// Inputs (x, w, bias): conv2d + addChannelBias + activation + maxPool in one pass per image;
/// output packs [pooled values | argmax indices], each [N, F, H', W'] elements.
public struct FusedConvBlock: FusedOp {
    public let padding: Int
    public let activation: Activation
    public let window: Int

    public var name: String { "fused.conv2d(pad: \(padding))+bias+\(activation.rawValue)+maxPool(\(window))" }

    /// The convolution and pool geometry on inputs (x, w).
    func geometry(_ x: Shape, _ w: Shape) -> (conv: ConvGeometry, pool: PoolGeometry) {
        let c = ConvGeometry(batch: x[0], channels: x[1], height: x[2], width: x[3],
                             filters: w[0], kernel: w[2], padding: padding)
        return (c, PoolGeometry(batch: c.batch, channels: c.filters, height: c.outHeight, width: c.outWidth, window: window))
    }

    public func shape(_ inputs: [Value]) throws(ShapeError) -> Shape {
        try expectArity(op, inputs, 3)
        let conv = try Op.conv2d(padding: padding).inferShape(Array(inputs[0..<2]))
        guard inputs[2].shape == Shape(conv[1]) else { throw ShapeError(op, inputs, "bias must be [\(conv[1])]") }
        let pooled = try Op.maxPool(window: window).inferShape([Value(id: 0, shape: conv)])
        return Shape(2 * pooled.count)
    }

    public func run(_ a: KernelArgs) {
        guard let scratch = a.scratch else { preconditionFailure("\(name): no scratch memory") }
        let g = geometry(a.shape(0), a.shape(1))
        Kernels.convBiasActivationPool(a[0], a[1], bias: a[2], activation: activation, window: window, values: a.output,
                                       indices: a.output + g.pool.outputCount, scratch: scratch, g.conv)
    }

    public func scratchCount(_ inputs: [Value]) -> Int {
        let g = geometry(inputs[0].shape, inputs[1].shape).conv
        return g.columnCount + g.outImageCount
    }
}

/// Inputs (gradPooled, pooled values, argmax indices); output packs [gradient of the
/// pre-activation [N, C, height, width] | C channel sums]: pool, activation and bias backward.
public struct FusedConvBlockGrad: FusedOp {
    public let activation: Activation
    public let window: Int, height: Int, width: Int

    public var name: String { "fused.maxPool(\(window))Grad+\(activation.rawValue)Grad+channelSum" }

    public func shape(_ inputs: [Value]) throws(ShapeError) -> Shape {
        try expectArity(op, inputs, 3)
        try expectSameShape(op, inputs)
        let s = inputs[0].shape, k = window
        guard s.rank == 4, k >= 1, s[2] == height / k, s[3] == width / k else {
            throw ShapeError(op, inputs, "needs pooled [N, C, \(height / k), \(width / k)] inputs")
        }
        return Shape(s[0] * s[1] * height * width + s[1])
    }

    public func run(_ a: KernelArgs) {
        let s = a.shape(0)
        let g = PoolGeometry(batch: s[0], channels: s[1], height: height, width: width, window: window)
        Kernels.poolActivationBackwardChannelSum(a[0], a[1], indices: a[2], activation: activation, ga: a.output,
                                                 db: a.output + g.inputCount, g)
    }
}
