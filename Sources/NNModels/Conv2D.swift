import NNKernel

// MARK: - Convolution block layer

/// A convolution block: y = maxPool(f(conv2d(x, W) + b)), NCHW, stride 1, square kernels,
/// W stored [outChannels, inChannels, kernel, kernel]. The pool is optional.
public struct Conv2D: Hashable, Sendable {
    public let inChannels: Int
    public let outChannels: Int
    public let kernel: Int
    public let padding: Int
    public let activation: Activation
    /// The max-pool window (= stride) after the activation; nil for none.
    public let pool: Int?

    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int, padding: Int = 0,
                activation: Activation, pool: Int? = nil) {
        precondition(inChannels > 0 && outChannels > 0 && kernel > 0 && padding >= 0 && padding < kernel,
                     "Conv2D: bad sizes \(inChannels)→\(outChannels), kernel \(kernel), padding \(padding)")
        precondition(pool.map { $0 >= 1 } ?? true, "Conv2D: pool window must be ≥ 1")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        self.padding = padding
        self.activation = activation
        self.pool = pool
    }

    /// W then b, named with `prefix`.
    public func parameters(_ prefix: String) -> [ParameterSpec] {
        let fanIn = inChannels * kernel * kernel
        let w: Initializer = activation == .relu
            ? .heUniform(fanIn: fanIn) : .glorotUniform(fanIn: fanIn, fanOut: outChannels * kernel * kernel)
        return [ParameterSpec("\(prefix).weight", Shape(outChannels, inChannels, kernel, kernel), w),
                ParameterSpec("\(prefix).bias", Shape(outChannels), .zeros)]
    }

    /// The output [height, width] for an input of [height, width].
    public func outputSize(_ height: Int, _ width: Int) -> (height: Int, width: Int) {
        let h = ConvGeometry.outputSize(height, kernel: kernel, padding: padding)
        let w = ConvGeometry.outputSize(width, kernel: kernel, padding: padding)
        guard let p = pool else { return (h, w) }
        return (h / p, w / p)
    }

    /// Applies the block to x [N, inChannels, H, W] with its weight and bias.
    public func callAsFunction(_ g: Builder, _ x: Value, weight: Value, bias: Value) -> Value {
        let y = g.activation(g.addChannelBias(g.conv2d(x, weight, padding: padding), bias), activation)
        guard let p = pool else { return y }
        return g.maxPool(y, window: p)
    }
}
