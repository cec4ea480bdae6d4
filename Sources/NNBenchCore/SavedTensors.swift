import NNGraph
import NNKernel
import NNModels
import NNVocabulary

// MARK: - The data anyone needs to re-check a benchmark's numbers in another framework

/// A named tensor as plain data: shape and row-major Float32 values.
public struct SavedTensor: Codable, Sendable, Equatable {
    public var name: String
    public var shape: [Int]
    public var values: [Float]

    public init(name: String, shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "SavedTensor \(name): \(values.count) values for shape \(shape)")
        self.name = name; self.shape = shape; self.values = values
    }

    /// A copy of `tensor`'s shape and values.
    public init(name: String, _ tensor: Tensor) {
        self.init(name: name, shape: tensor.shape.dims, values: tensor.array)
    }
}

/// One benchmark case's initial parameters, first input batch and first losses per mode
/// (what `nnbench run --save-tensors` stores under `/tensors/<workload>/b<batch>[_t<len>]`).
public struct SavedTensors: Codable, Sendable, Equatable {
    public var workload: String
    public var task: String             // "train" or "infer"
    public var model: String            // the model's summary
    public var batch: Int
    public var sequenceLength: Int      // 0 where it does not apply
    public var learningRate: Double     // SGD step size; 0 for inference
    /// The parameters before the first step, in the order the model takes them.
    public var parameters: [SavedTensor]
    /// The input batch every step uses.
    public var x: SavedTensor
    /// Class indices of the batch, stored as Float32 as the kernels use them.
    public var labels: SavedTensor
    /// Mode → the value of each of the first steps: the loss of step i's forward pass (computed
    /// with the parameters after i - 1 updates) for training, the first logit for inference.
    public var losses: [String: [Double]]

    public init(workload: String, task: String, model: String, batch: Int, sequenceLength: Int,
                learningRate: Double, parameters: [SavedTensor], x: SavedTensor, labels: SavedTensor,
                losses: [String: [Double]]) {
        self.workload = workload; self.task = task; self.model = model; self.batch = batch
        self.sequenceLength = sequenceLength; self.learningRate = learningRate
        self.parameters = parameters; self.x = x; self.labels = labels; self.losses = losses
    }

    /// The HDF5 group path: `/tensors/<workload>/b<batch>[_t<len>]`.
    public var groupPath: String {
        "/tensors/\(workload)/b\(batch)" + (sequenceLength > 0 ? "_t\(sequenceLength)" : "")
    }

    // MARK: - Collecting

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
