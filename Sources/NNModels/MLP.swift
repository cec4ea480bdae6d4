import NNKernel

/// A multilayer perceptron: dense layers with one activation, and a linear output layer.
public struct MLP: Model {
    public let layers: [Dense]

    /// - Parameters:
    ///   - sizes: input width, hidden widths…, number of classes (at least two entries).
    ///   - activation: applied after every layer but the last.
    public init(sizes: [Int], activation: Activation) {
        precondition(sizes.count >= 2 && sizes.allSatisfy { $0 > 0 }, "MLP: bad sizes \(sizes)")
        layers = (0..<(sizes.count - 1)).map { i in
            Dense(sizes[i], sizes[i + 1], activation: i == sizes.count - 2 ? .identity : activation)
        }
    }

    public var summary: String {
        let sizes = [layers[0].inputs] + layers.map(\.outputs)
        return "MLP \(sizes.map(String.init).joined(separator: "-")) \(layers[0].activation.rawValue)"
    }

    public var classes: Int { layers[layers.count - 1].outputs }

    public var parameters: [ParameterSpec] {
        layers.enumerated().flatMap { i, l in l.parameters("dense\(i)") }
    }

    public func inputShape(batch: Int, sequenceLength: Int) -> Shape { Shape(batch, layers[0].inputs) }

    public func logits(_ g: Builder, _ x: Value, _ p: [Value]) -> Value {
        var h = x
        for (i, layer) in layers.enumerated() {
            h = layer(g, h, weight: p[2 * i], bias: p[2 * i + 1])
        }
        return h
    }
}
