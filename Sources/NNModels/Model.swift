import NNKernel
import NNVocabulary

// MARK: - Models

/// How a parameter starts.
public enum Initializer: Hashable, Sendable {
    /// U(−√(6/fanIn), √(6/fanIn)): He-uniform, for ReLU layers.
    case heUniform(fanIn: Int)
    /// U(−√(6/(fanIn+fanOut)), …): Glorot-uniform, for tanh/sigmoid layers.
    case glorotUniform(fanIn: Int, fanOut: Int)
    case zeros
    case constant(Float)
}

/// A named, shaped parameter and its initializer.
public struct ParameterSpec: Hashable, Sendable {
    public let name: String
    public let shape: Shape
    public let initializer: Initializer

    public init(_ name: String, _ shape: Shape, _ initializer: Initializer) {
        self.name = name
        self.shape = shape
        self.initializer = initializer
    }
}

/// A network written once against `Builder`: it maps an input batch to logits.
public protocol Model: Sendable {
    /// A short description for reports ("MLP 784-512-256-10 relu").
    var summary: String { get }
    /// The parameters, in the order `logits` receives them.
    var parameters: [ParameterSpec] { get }
    /// The number of classes (the logits' last dimension).
    var classes: Int { get }
    /// The shape of one input batch (sequenceLength is ignored by non-recurrent models).
    func inputShape(batch: Int, sequenceLength: Int) -> Shape
    /// The forward pass: input batch → logits [batch, classes].
    func logits(_ g: Builder, _ x: Value, _ parameters: [Value]) -> Value
}

extension Model {
    /// Fresh parameter tensors drawn from `seed`: the same seed gives the same values.
    public func initialParameters(seed: UInt64) -> [Tensor] {
        var rng = SplitMix64(seed: seed)
        return parameters.map { spec in
            let t = Tensor(uninitialized: spec.shape)
            let b = t.buffer
            switch spec.initializer {
            case .zeros: b.update(repeating: 0)
            case .constant(let c): b.update(repeating: c)
            case .heUniform(let fanIn):
                let r = (6 / Float(fanIn)).squareRoot()
                for i in b.indices { b[i] = rng.uniform(-r, r) }
            case .glorotUniform(let fanIn, let fanOut):
                let r = (6 / Float(fanIn + fanOut)).squareRoot()
                for i in b.indices { b[i] = rng.uniform(-r, r) }
            }
            return t
        }
    }
}

// MARK: - Steps: the code every mode runs (eagerly, or under a tracer)

/// The two step functions. Both are ordinary model code: the static and fused modes trace them.
public enum Steps {
    /// Forward, softmax cross-entropy loss, backward, and an SGD update of every parameter.
    /// - Returns: the loss (before the update).
    @discardableResult
    public static func training(_ g: Builder, model: any Model, x: Value, labels: Value,
                                parameters: [Value], learningRate: Float) -> Value {
        let loss = g.softmaxCrossEntropy(model.logits(g, x, parameters), labels)
        let grads = g.gradients(of: loss, withRespectTo: parameters)
        for (p, dp) in zip(parameters, grads) { g.sgdUpdate(p, dp, learningRate: learningRate) }
        return loss
    }

    /// The forward pass only. - Returns: the logits.
    public static func inference(_ g: Builder, model: any Model, x: Value, parameters: [Value]) -> Value {
        model.logits(g, x, parameters)
    }
}
