import NNKernel

// MARK: - Layers

/// A fully connected layer y = f(x·W + b), W stored [in, out].
public struct Dense: Hashable, Sendable {
    public let inputs: Int
    public let outputs: Int
    public let activation: Activation

    public init(_ inputs: Int, _ outputs: Int, activation: Activation) {
        self.inputs = inputs
        self.outputs = outputs
        self.activation = activation
    }

    /// W then b, named with `prefix`.
    public func parameters(_ prefix: String) -> [ParameterSpec] {
        let w: Initializer = activation == .relu
            ? .heUniform(fanIn: inputs) : .glorotUniform(fanIn: inputs, fanOut: outputs)
        return [ParameterSpec("\(prefix).weight", Shape(inputs, outputs), w),
                ParameterSpec("\(prefix).bias", Shape(outputs), .zeros)]
    }

    /// Applies the layer to x [N, in] with its weight and bias.
    public func callAsFunction(_ g: Builder, _ x: Value, weight: Value, bias: Value) -> Value {
        g.activation(g.addBias(g.matmul(x, weight), bias), activation)
    }
}
