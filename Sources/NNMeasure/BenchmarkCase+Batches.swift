import NNKernel
import NNModels

// MARK: - What a step trains on: a fixed, seeded set of batches, cycled

extension BenchmarkCase {
    /// How many pre-generated batches a benchmark cycles through.
    public static let batchCount = 8

    /// The batches every mode of the benchmark trains on, in this order, over and over: step k
    /// (counted from the session's first) uses batch k mod `batchCount`. Batch i's inputs come
    /// from seed + 1 + i; all share one teacher (seed + 1), so together they sample one learnable
    /// task, and batch 0 is the one `--save-tensors` stores as `x`. Made once, before anything
    /// is timed.
    public var batches: [(x: Tensor, labels: Tensor)] {
        let shape = model.inputShape(batch: batch, sequenceLength: sequenceLength)
        return (0..<Self.batchCount).map { i in
            SyntheticData.batch(shape: shape, classes: model.classes, seed: seed &+ 1 &+ UInt64(i),
                                teacherSeed: seed &+ 1)
        }
    }
}
