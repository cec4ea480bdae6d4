import NNGraph
import NNKernel
import NNModels
import NNVocabulary

/// A workload asks for something nnbench does not implement yet.
public struct NotImplementedError: Error, CustomStringConvertible {
    public let description: String
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

extension WorkloadSpec {
    /// What one step does: inference for `task: infer`, else training at the file's learning
    /// rate (the loader requires one for `train` and `stream`).
    public var stepKind: StepKind {
        task == .infer ? .inference : .training(learningRate: Float(learningRate ?? 0.01))
    }

    /// The benchmarks of this workload: one per batch size, restricted to `modes` and `batches`
    /// when those are non-empty.
    public func benchmarkCases(modes: [Mode], batches: [Int], samples: Int?) throws -> [BenchmarkCase] {
        guard task != .stream else { return [] }   // streams run through StreamRunner
        let model = try self.model.makeModel()
        let chosenModes = self.modes.filter { modes.isEmpty || modes.contains($0) }
        let kind = stepKind
        return batchSizes.filter { batches.isEmpty || batches.contains($0) }.map { b in
            BenchmarkCase(workload: name, task: task.rawValue, model: model, kind: kind, batch: b,
                          sequenceLength: sequenceLength ?? 0, modes: chosenModes, seed: seed,
                          samples: samples ?? measure.samples)
        }.filter { !$0.modes.isEmpty }
    }
}
