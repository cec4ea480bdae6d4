import NNKernel
import NNModels
import NNVocabulary

/// A workload asks for something nnbench does not implement yet.
public struct NotImplementedError: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) { self.description = description }
}

extension ModelSpec {
    /// The NNModels network this spec describes.
    /// - Throws: `NotImplementedError` for model kinds not built yet.
    public func makeModel() throws -> any Model {
        switch self {
        case .mlp(let m):
            return MLP(sizes: [m.input] + m.hidden + [m.classes], activation: m.activation.kernelActivation)
        case .cnn(let c):
            if let i = c.conv.firstIndex(where: { $0.padding >= $0.kernel }) {
                throw NotImplementedError(description: "model.conv[\(i)].padding: padding ≥ kernel is not supported")
            }
            return CNN(input: c.input, convs: c.conv.map { ($0.channels, $0.kernel, $0.padding, $0.pool) },
                       dense: c.dense, classes: c.classes, activation: c.activation.kernelActivation)
        case .recurrent(let r):
            return RNN(cell: r.cell == .lstm ? .lstm : .elman, inputs: r.input, hidden: r.hidden, classes: r.classes)
        }
    }
}
