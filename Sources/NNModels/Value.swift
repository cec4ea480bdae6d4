import NNKernel

/// A handle to a tensor inside a `Builder`: an id the builder understands, and its shape.
///
/// Model code only ever sees values; whether a value is a live tensor (eager) or a graph node
/// (tracing) is the builder's business. That is what lets one model definition run three ways.
public struct Value: Hashable, Sendable, CustomStringConvertible {
    public let id: Int
    public let shape: Shape

    public init(id: Int, shape: Shape) {
        self.id = id
        self.shape = shape
    }

    public var description: String { "%\(id)\(shape)" }
}

/// One executed (eager) or traced (graph) op: what reverse-mode differentiation walks back over.
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
