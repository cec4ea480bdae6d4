import NNKernel
import NNModels

// MARK: - kind: mlp

/// `kind: mlp`: dense layers with one activation, and a linear output layer.
public struct MLPSpec: ModelKind {
    public var input: Int
    public var hidden: [Int]
    public var classes: Int
    public var activation: Activation

    public init(input: Int, hidden: [Int], classes: Int, activation: Activation) {
        self.input = input
        self.hidden = hidden
        self.classes = classes
        self.activation = activation
    }

    /// The activations a workload file may name (the identity is the output layer's alone).
    static let activations: [Activation] = [.relu, .tanh, .sigmoid]

    public static let names = ["mlp"]
    public var name: String { "mlp" }
    public var isRecurrent: Bool { false }

    public static func parse(name: String, _ f: Fields) throws(WorkloadError) -> MLPSpec {
        let m = try f.mapping(allowed: ["kind", "input", "hidden", "classes", "activation"])
        return MLPSpec(input: try m.int("input", min: 1, max: 1 << 24),
                       hidden: try m.positiveInts("hidden", max: 1 << 20, allowEmpty: true),
                       classes: try m.int("classes", min: 2, max: 1 << 20),
                       activation: try m.enumeration("activation", among: activations))
    }

    public func makeModel() throws -> any Model {
        MLP(sizes: [input] + hidden + [classes], activation: activation)
    }

    public func footprint(batch: Int, sequenceLength: Int) -> (parameters: Double, activations: Double) {
        let widths = [input] + hidden + [classes]
        var params = 0.0
        for (a, c) in zip(widths, widths.dropFirst()) { params += Double(a) * Double(c) + Double(c) }
        return (params, Double(batch) * widths.reduce(0.0) { $0 + Double($1) })
    }
}

extension ModelSpec {
    public static func mlp(_ spec: MLPSpec) -> ModelSpec { ModelSpec(spec) }
}
