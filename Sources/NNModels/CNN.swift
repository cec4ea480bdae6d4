import NNKernel

/// A small convolutional network (LeNet-style): convolution blocks, a flatten (a view, no
/// copy), dense layers with one activation, and a linear output layer.
public struct CNN: Model {
    /// Input [channels, height, width] of one sample.
    public let input: (channels: Int, height: Int, width: Int)
    public let convs: [Conv2D]
    public let dense: [Dense]

    /// - Parameters:
    ///   - input: [channels, height, width] of one sample.
    ///   - convs: (channels, kernel, padding, pool window or nil) per block, in order.
    ///   - dense: hidden widths after the flatten.
    ///   - classes: the logits' width.
    ///   - activation: after every convolution and hidden dense layer.
    public init(input: [Int], convs: [(channels: Int, kernel: Int, padding: Int, pool: Int?)],
                dense: [Int], classes: Int, activation: Activation) {
        precondition(input.count == 3 && input.allSatisfy { $0 > 0 }, "CNN: input must be [c, h, w], got \(input)")
        precondition(!convs.isEmpty && classes > 0, "CNN: needs a convolution block and classes")
        self.input = (input[0], input[1], input[2])
        var c = input[0], h = input[1], w = input[2]
        var blocks: [Conv2D] = []
        for b in convs {
            let layer = Conv2D(c, b.channels, kernel: b.kernel, padding: b.padding, activation: activation, pool: b.pool)
            (h, w) = layer.outputSize(h, w)
            precondition(h >= 1 && w >= 1, "CNN: block \(blocks.count) leaves no output")
            blocks.append(layer)
            c = b.channels
        }
        self.convs = blocks
        let sizes = [c * h * w] + dense + [classes]
        self.dense = (0..<(sizes.count - 1)).map { i in
            Dense(sizes[i], sizes[i + 1], activation: i == sizes.count - 2 ? .identity : activation)
        }
    }

    public var summary: String {
        let blocks = convs.map { b in
            "conv\(b.kernel)x\(b.kernel)-\(b.outChannels)" + (b.pool.map { "-pool\($0)" } ?? "")
        }
        let widths = dense.map { String($0.outputs) }
        return "CNN \(input.channels)x\(input.height)x\(input.width) " + (blocks + widths).joined(separator: " ")
            + " \(convs[0].activation.rawValue)"
    }

    public var classes: Int { dense[dense.count - 1].outputs }

    public var parameters: [ParameterSpec] {
        convs.enumerated().flatMap { i, l in l.parameters("conv\(i)") }
            + dense.enumerated().flatMap { i, l in l.parameters("dense\(i)") }
    }

    public func inputShape(batch: Int, sequenceLength: Int) -> Shape {
        Shape(batch, input.channels, input.height, input.width)
    }

    public func logits(_ g: Builder, _ x: Value, _ p: [Value]) -> Value {
        var h = x
        for (i, block) in convs.enumerated() {
            h = block(g, h, weight: p[2 * i], bias: p[2 * i + 1])
        }
        h = g.reshape(h, Shape(h.shape[0], h.shape.count / max(h.shape[0], 1)))
        let offset = 2 * convs.count
        for (i, layer) in dense.enumerated() {
            h = layer(g, h, weight: p[offset + 2 * i], bias: p[offset + 2 * i + 1])
        }
        return h
    }
}
