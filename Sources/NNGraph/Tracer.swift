import NNKernel
import NNModels

// MARK: - Tracing: run the model code with a builder that records instead of computing

/// A `Builder` that records every op as a graph node. Running a step function (the very code
/// the eager mode runs) under a tracer yields the graph of forward + loss; `gradients(of:…)`
/// extends it with the backward by the same rules the eager tape uses, and the step's SGD
/// updates follow as in-place nodes.
public final class Tracer: Builder {
    private(set) var nodes: [Node] = []
    private var arguments: [GraphArgument] = []
    private var requiresGrad: [Bool] = []

    public init() {}

    /// Declares the next argument of the step.
    public func argument(_ name: String, _ shape: Shape, isParameter: Bool) -> Value {
        arguments.append(GraphArgument(name: name, shape: shape, isParameter: isParameter))
        return append(.argument(arguments.count - 1), [], shape, grad: isParameter)
    }

    public func apply(_ op: Op, _ inputs: [Value]) -> Value {
        let shape = op.outputShape(inputs)
        let grad = !op.hasSideEffects && inputs.contains { requiresGrad[$0.id] }
        return append(.op(op), inputs.map(\.id), shape, grad: grad)
    }

    public func gradients(of loss: Value, withRespectTo parameters: [Value]) -> [Value] {
        var records = nodes.enumerated().compactMap { id, n -> Record? in
            guard let op = n.kind.op, requiresGrad[id] else { return nil }
            return Record(op: op, inputs: n.inputs.map { Value(id: $0, shape: nodes[$0].shape) },
                          output: Value(id: id, shape: n.shape))
        }
        return reverseModeGradients(records: &records, loss: loss, parameters: parameters, builder: self,
                                    requiresGrad: { self.requiresGrad[$0.id] })
    }

    /// The recorded graph, returning `outputs`.
    public func graph(outputs: [Value]) -> Graph {
        Graph(nodes: nodes, arguments: arguments, outputs: outputs.map(\.id))
    }

    private func append(_ kind: NodeKind, _ inputs: [Int], _ shape: Shape, grad: Bool) -> Value {
        nodes.append(Node(kind, inputs, shape))
        requiresGrad.append(grad)
        return Value(id: nodes.count - 1, shape: shape)
    }
}
