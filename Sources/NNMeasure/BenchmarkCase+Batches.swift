import NNKernel
import NNModels

// MARK: - What a step trains on: a fixed, seeded set of batches, cycled

extension BenchmarkCase {
    /// The fewest examples a benchmark's cycle of batches holds: small batches get more batches,
    /// so a batch-1 benchmark trains on 256 examples, not 8 it learns by heart. The cycle holds
    /// `batchCount(batch:)` = max(`minimumBatchCount`, ⌈`cycleExamples` / batch⌉) batches.
    /// scripts/peers_py/data.py (`CYCLE_EXAMPLES`) must hold the same number.
    public static let cycleExamples = 256

    /// The fewest batches in a cycle, whatever the batch size (large batches keep 8).
    public static let minimumBatchCount = 8

    /// How many pre-generated batches a benchmark of batch size `batch` cycles through:
    /// max(`minimumBatchCount`, ⌈`cycleExamples` / batch⌉), so 256 at batch 1, 16 at batch 16,
    /// 8 from batch 32 up.
    public static func batchCount(batch: Int) -> Int {
        max(minimumBatchCount, (cycleExamples + max(batch, 1) - 1) / max(batch, 1))
    }

    /// How many batches this benchmark cycles through (`batchCount(batch:)`).
    public var batchCount: Int { Self.batchCount(batch: batch) }

    /// The batches every mode of the benchmark trains on, in this order, over and over: step k
    /// (counted from the session's first) uses batch k mod `batchCount`. Batch i's inputs come
    /// from seed + 1 + i; all share one teacher (seed + 1), so together they sample one learnable
    /// task, and batch 0 is the one `--save-tensors` stores as `x`. Made once, before anything
    /// is timed.
    public var batches: [(x: Tensor, labels: Tensor)] {
        let shape = model.inputShape(batch: batch, sequenceLength: sequenceLength)
        return (0..<batchCount).map { i in
            SyntheticData.batch(shape: shape, classes: model.classes, seed: seed &+ 1 &+ UInt64(i),
                                teacherSeed: seed &+ 1)
        }
    }
}
