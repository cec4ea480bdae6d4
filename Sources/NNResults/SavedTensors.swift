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
}

/// One input batch and its labels.
public struct SavedBatch: Codable, Sendable, Equatable {
    public var x: SavedTensor
    public var labels: SavedTensor

    public init(x: SavedTensor, labels: SavedTensor) { self.x = x; self.labels = labels }
}

/// One benchmark case's initial parameters, its cycle of input batches and first losses per mode
/// (what `nnbench run --save-tensors` stores under `/tensors/<workload>/b<batch>[_t<len>]`).
public struct SavedTensors: Codable, Sendable, Equatable {
    public var workload: String
    public var task: BenchmarkTask      // train or infer
    public var model: String            // the model's summary
    public var batch: Int
    public var sequenceLength: Int      // 0 where it does not apply
    public var learningRate: Double     // SGD step size; 0 for inference
    /// The parameters before the first step, in the order the model takes them.
    public var parameters: [SavedTensor]
    /// The first batch of the benchmark's cycle: step 1 trains on it.
    public var x: SavedTensor
    /// Class indices of the batch, stored as Float32 as the kernels use them.
    public var labels: SavedTensor
    /// The rest of the cycle, in order: step k + 1 trains on batch k mod (count + 1), batch 0
    /// being `x`/`labels` and batch i ≥ 1 `laterBatches[i - 1]` (empty: every step uses `x`).
    public var laterBatches: [SavedBatch] = []
    /// Mode → the value of each of the first steps: the loss of step i's forward pass (computed
    /// with the parameters after i - 1 updates) for training, the first logit for inference.
    public var losses: [String: [Double]]

    public init(workload: String, task: BenchmarkTask, model: String, batch: Int, sequenceLength: Int,
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
}
