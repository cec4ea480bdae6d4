import NNGraph
import NNKernel
import NNModels
import NNResults
import NNVocabulary

// MARK: - Collecting the tensors anyone needs to re-check a benchmark

extension SavedTensor {
    /// A copy of `tensor`'s shape and values.
    public init(name: String, _ tensor: Tensor) {
        self.init(name: name, shape: tensor.shape.dims, values: tensor.array)
    }
}

extension SavedTensors {
    /// Runs `steps` steps of every mode of `c` from the runner's starting point (the same
    /// parameters from `c.seed`, the same cycle of batches `c.batches`, a fresh session per mode)
    /// and records the starting point, every batch of the cycle and each step's loss.
    public static func collect(_ c: BenchmarkCase, steps: Int = 10) -> SavedTensors {
        precondition(steps >= 1, "SavedTensors.collect: steps must be at least 1")
        let batches = c.batches
        let initial = c.model.initialParameters(seed: c.seed)
        let parameters = zip(c.model.parameters, initial).map { SavedTensor(name: $0.name, $1) }
        var losses: [String: [Double]] = [:]
        for mode in c.modes {
            let s = Session(model: c.model, mode: mode, kind: c.kind, parameters: initial.map { $0.copy() },
                            verifyPasses: false)
            losses[mode.rawValue] = (0..<steps).map { k in
                let b = batches[k % batches.count]
                return Double(s.step(x: b.x, labels: b.labels))
            }
        }
        let learningRate: Double
        if case .training(let lr) = c.kind { learningRate = Double(lr) } else { learningRate = 0 }
        var saved = SavedTensors(
            workload: c.workload, task: c.task, model: c.model.summary, batch: c.batch,
            sequenceLength: c.sequenceLength, learningRate: learningRate, parameters: parameters,
            x: SavedTensor(name: "x", batches[0].x), labels: SavedTensor(name: "labels", batches[0].labels),
            losses: losses)
        saved.laterBatches = batches.dropFirst().map {
            SavedBatch(x: SavedTensor(name: "x", $0.x), labels: SavedTensor(name: "labels", $0.labels))
        }
        return saved
    }
}
