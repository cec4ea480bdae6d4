import NNKernel
import NNModels

// MARK: - Verifier

/// A graph broke an invariant: a bug in a pass or the tracer.
public struct GraphError: Error, CustomStringConvertible {
    public let description: String
}

extension Graph {
    /// Checks every invariant a pass must keep:
    /// inputs refer to earlier nodes; each op's shape is what its rule infers; arguments and
    /// outputs exist; and an in-place update of a node comes after every other read of it
    /// (otherwise a reader would see the updated value).
    public func verify() throws(GraphError) {
        let consumers = self.consumers()
        for (id, n) in nodes.enumerated() {
            for i in n.inputs where i < 0 || i >= id {
                throw GraphError(description: "%\(id): input %\(i) is not an earlier node")
            }
            switch n.kind {
            case .argument(let a):
                guard a >= 0, a < arguments.count, arguments[a].shape == n.shape, n.inputs.isEmpty else {
                    throw GraphError(description: "%\(id): bad argument \(a)")
                }
            case .constant(let c):
                guard c.values.count == n.shape.count, n.inputs.isEmpty else {
                    throw GraphError(description: "%\(id): constant has \(c.values.count) values for \(n.shape)")
                }
            case .op(let op):
                let values = n.inputs.map { Value(id: $0, shape: nodes[$0].shape) }
                let inferred: Shape
                do { inferred = try op.rule.shape(op, values) } catch {
                    throw GraphError(description: "%\(id): \(error.description)")
                }
                guard inferred == n.shape else {
                    throw GraphError(description: "%\(id) \(op.name): shape \(n.shape), rule infers \(inferred)")
                }
                for k in op.inPlaceInputs {
                    guard k < n.inputs.count else { break }
                    let target = n.inputs[k]
                    for reader in consumers[target] where reader > id {
                        throw GraphError(description: "%\(reader) reads %\(target) after its in-place update %\(id)")
                    }
                }
            }
        }
        for o in outputs where o < 0 || o >= nodes.count {
            throw GraphError(description: "output %\(o) does not exist")
        }
    }
}
