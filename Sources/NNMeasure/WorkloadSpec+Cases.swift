import NNGraph
import NNModels
import NNResults
import NNVocabulary
import NNWorkloads

// MARK: - From a workload file to the benchmarks the runners measure

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
            BenchmarkCase(workload: name, task: task, model: model, kind: kind, batch: b,
                          sequenceLength: sequenceLength ?? 0, modes: chosenModes, seed: seed,
                          samples: samples ?? measure.samples)
        }.filter { !$0.modes.isEmpty }
    }

    /// The stream benchmarks of a `task: stream` workload (one per batch size), restricted to
    /// `modes` and `batches` when those are non-empty; [] for other tasks.
    public func streamCases(modes: [Mode], batches: [Int], samples: Int?) throws -> [StreamCase] {
        guard task == .stream, let stream else { return [] }
        guard let rnn = try model.makeModel() as? any RecurrentModel else {
            throw NotImplementedError(description: "\(path): task 'stream' needs an elman or lstm model")
        }
        let chosen = self.modes.filter { modes.isEmpty || modes.contains($0) }
        guard !chosen.isEmpty else { return [] }
        return batchSizes.filter { batches.isEmpty || batches.contains($0) }.map { b in
            StreamCase(workload: name, model: rnn, learningRate: Float(learningRate ?? 0.01), batch: b,
                       stream: stream, modes: chosen, seed: seed, samples: samples ?? measure.samples)
        }
    }
}
