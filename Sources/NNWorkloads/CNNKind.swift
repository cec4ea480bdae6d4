import NNKernel
import NNModels

// MARK: - kind: cnn

/// `kind: cnn`: convolution blocks (conv, activation, optional max-pool), then dense layers.
public struct CNNSpec: ModelKind {
    /// One convolution block.
    public struct Conv: Sendable, Equatable {
        public var channels: Int
        public var kernel: Int
        public var padding: Int
        /// Max-pool window and stride after the activation (nil: no pooling).
        public var pool: Int?

        public init(channels: Int, kernel: Int, padding: Int, pool: Int?) {
            self.channels = channels
            self.kernel = kernel
            self.padding = padding
            self.pool = pool
        }
    }

    /// Input [channels, height, width].
    public var input: [Int]
    public var conv: [Conv]
    public var dense: [Int]
    public var classes: Int
    public var activation: Activation

    public init(input: [Int], conv: [Conv], dense: [Int], classes: Int, activation: Activation) {
        self.input = input
        self.conv = conv
        self.dense = dense
        self.classes = classes
        self.activation = activation
    }

    public static let names = ["cnn"]
    public var name: String { "cnn" }
    public var isRecurrent: Bool { false }

    // MARK: Parsing

    public static func parse(name: String, _ f: Fields) throws(WorkloadError) -> CNNSpec {
        let m = try f.mapping(allowed: ["kind", "input", "conv", "dense", "classes", "activation"])
        let input = try m.positiveInts("input", max: 1 << 14)
        guard input.count == 3 else { throw m.error("input", "must be [channels, height, width], got \(input.count) value\(input.count == 1 ? "" : "s")") }
        var convs: [Conv] = []
        var (h, w) = (input[1], input[2])
        for (i, item) in try m.items("conv").enumerated() {
            let c = try item.mapping(allowed: ["channels", "kernel", "padding", "pool"])
            let conv = Conv(channels: try c.int("channels", min: 1, max: 1 << 14),
                            kernel: try c.int("kernel", min: 1, max: 1 << 10),
                            padding: try c.optionalInt("padding", min: 0, max: 1 << 10) ?? 0,
                            pool: try c.optionalInt("pool", min: 1, max: 1 << 10))
            guard let oh = outputSize(h, conv), let ow = outputSize(w, conv) else {
                throw m.error("conv[\(i)].kernel", "larger than its padded input")
            }
            (h, w) = (oh, ow)
            if let p = conv.pool {
                guard h >= p, w >= p else { throw m.error("conv[\(i)].pool", "larger than its input \(h)×\(w)") }
                h /= p
                w /= p
            }
            convs.append(conv)
        }
        if convs.isEmpty { throw m.error("conv", "needs at least one convolution block") }
        return CNNSpec(input: input, conv: convs,
                       dense: try m.positiveInts("dense", max: 1 << 20, allowEmpty: true),
                       classes: try m.int("classes", min: 2, max: 1 << 20),
                       activation: try m.enumeration("activation", among: MLPSpec.activations))
    }

    /// A block's output height (or width) from input size `n`, by NNKernel's
    /// `ConvGeometry.outputSize`; nil when the kernel is larger than the padded input.
    static func outputSize(_ n: Int, _ c: Conv) -> Int? {
        guard c.kernel <= n + 2 * c.padding else { return nil }
        return ConvGeometry.outputSize(n, kernel: c.kernel, padding: c.padding)
    }

    // MARK: Building

    public func makeModel() throws -> any Model {
        if let i = conv.firstIndex(where: { $0.padding >= $0.kernel }) {
            throw NotImplementedError(description: "model.conv[\(i)].padding: padding ≥ kernel is not supported")
        }
        return CNN(input: input, convs: conv.map { ($0.channels, $0.kernel, $0.padding, $0.pool) },
                   dense: dense, classes: classes, activation: activation)
    }

    // MARK: Memory

    public func footprint(batch: Int, sequenceLength: Int) -> (parameters: Double, activations: Double) {
        var channels = Double(input[0])
        var h = input[1], w = input[2]
        var params = 0.0
        var activations = channels * Double(h) * Double(w)
        for c in conv {
            let k = Double(c.kernel), outC = Double(c.channels)
            h = Self.outputSize(h, c) ?? 0
            w = Self.outputSize(w, c) ?? 0
            params += outC * channels * k * k + outC
            activations += channels * k * k * Double(h * w) + 2 * outC * Double(h * w)   // im2col, conv, activation
            if let p = c.pool {
                h /= p
                w /= p
                activations += outC * Double(h * w)
            }
            channels = outC
        }
        var width = channels * Double(h * w)
        for d in dense + [classes] {
            params += width * Double(d) + Double(d)
            activations += Double(d)
            width = Double(d)
        }
        return (params, activations * Double(batch))
    }
}

extension ModelSpec {
    public static func cnn(_ spec: CNNSpec) -> ModelSpec { ModelSpec(spec) }
}
