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
    /// parameters from `c.seed`, the same batch from `c.seed + 1`, a fresh session per mode)
    /// and records the starting point and each step's loss.
    public static func collect(_ c: BenchmarkCase, steps: Int = 10) -> SavedTensors {
        precondition(steps >= 1, "SavedTensors.collect: steps must be at least 1")
        let data = SyntheticData.batch(shape: c.model.inputShape(batch: c.batch, sequenceLength: c.sequenceLength),
                                       classes: c.model.classes, seed: c.seed &+ 1)
        let initial = c.model.initialParameters(seed: c.seed)
        let parameters = zip(c.model.parameters, initial).map { SavedTensor(name: $0.name, $1) }
        var losses: [String: [Double]] = [:]
        for mode in c.modes {
            let s = Session(model: c.model, mode: mode, kind: c.kind, parameters: initial.map { $0.copy() },
                            verifyPasses: false)
            losses[mode.rawValue] = (0..<steps).map { _ in Double(s.step(x: data.x, labels: data.labels)) }
        }
        let learningRate: Double
        if case .training(let lr) = c.kind { learningRate = Double(lr) } else { learningRate = 0 }
        return SavedTensors(workload: c.workload, task: c.task, model: c.model.summary, batch: c.batch,
                            sequenceLength: c.sequenceLength, learningRate: learningRate, parameters: parameters,
                            x: SavedTensor(name: "x", data.x), labels: SavedTensor(name: "labels", data.labels),
                            losses: losses)
    }
}
