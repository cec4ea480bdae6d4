import NNKernel

/// A handle to a tensor inside a `Builder`: an id the builder understands, and its shape.
///
/// Model code only ever sees values; whether a value is a live tensor (eager) or a graph node
/// (tracing) is the builder's business. That is what lets one model definition run three ways.
///
/// In eager mode a value also holds its tensor, so a tensor lives exactly as long as model code,
/// a pending gradient or a saved backward input holds a value of it (reference counting, as a
/// PyTorch tensor lives while Python or autograd refers to it). Equality and hashing ignore it.
public struct Value: Hashable, Sendable, CustomStringConvertible {
    public let id: Int
    public let shape: Shape
    /// The eager engine's tensor (nil for traced values and for tape entries nothing saved).
    let storage: Tensor?

    public init(id: Int, shape: Shape) {
        self.init(id: id, shape: shape, storage: nil)
    }

    init(id: Int, shape: Shape, storage: Tensor?) {
        self.id = id
        self.shape = shape
        self.storage = storage
    }

    /// The same value without its tensor: what the tape keeps of an input nobody saved.
    var detached: Value { Value(id: id, shape: shape) }

    public static func == (a: Value, b: Value) -> Bool { a.id == b.id && a.shape == b.shape }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(shape)
    }

    public var description: String { "%\(id)\(shape)" }
}

/// One executed (eager) or traced (graph) op: what reverse-mode differentiation walks back over.
///
/// An eager record holds the tensors of only the inputs and output its rule's gradient reads
/// (`OpRule.saved`); the others are detached, so the tape does not keep them alive.
public struct Record: Sendable {
    public let op: Op
    public let inputs: [Value]
    public let output: Value

    public init(op: Op, inputs: [Value], output: Value) {
        self.op = op
        self.inputs = inputs
        self.output = output
    }
}
