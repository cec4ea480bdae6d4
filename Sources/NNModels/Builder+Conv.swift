import NNKernel

// MARK: - Convolution and pooling in the model API

extension Builder {
    /// x [N, C, H, W] ⊛ w [F, C, K, K], stride 1, `padding` zeros on every side.
    public func conv2d(_ x: Value, _ w: Value, padding: Int) -> Value {
        apply(.conv2d(padding: padding), [x, w])
    }

    /// x [N, C, H, W] + bias [C] over each channel plane.
    public func addChannelBias(_ x: Value, _ bias: Value) -> Value { apply(.addChannelBias, [x, bias]) }

    /// window×window max-pool with stride = window.
    public func maxPool(_ x: Value, window: Int) -> Value { apply(.maxPool(window: window), [x]) }
}
