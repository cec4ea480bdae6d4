import Testing
import NNKernel
import NNModels
@testable import NNMeasure
import NNVocabulary
import NNWorkloads
import TestSupport

/// The cycle of batches grows at small batch sizes so that it always holds at least
/// `cycleExamples` examples (batch 1 once trained on 8 examples it learnt by heart).
@Suite struct BatchCycleTests {
    @Test func theCountFollowsTheRule() {
        #expect(BenchmarkCase.cycleExamples == 256 && BenchmarkCase.minimumBatchCount == 8)
        let expected = [1: 256, 2: 128, 3: 86, 4: 64, 16: 16, 31: 9, 32: 8, 33: 8, 256: 8, 4096: 8]
        for (b, n) in expected { #expect(BenchmarkCase.batchCount(batch: b) == n, "batch \(b)") }
        for b in 1...600 {
            let n = BenchmarkCase.batchCount(batch: b)
            #expect(n >= BenchmarkCase.minimumBatchCount, "batch \(b)")
            #expect(n * b >= BenchmarkCase.cycleExamples, "batch \(b): \(n) batches hold too few examples")
            // The fewest batches that do: one batch fewer would fall short (or go under 8).
            #expect(n == BenchmarkCase.minimumBatchCount || (n - 1) * b < BenchmarkCase.cycleExamples, "batch \(b)")
        }
    }

    @Test func batchOneSeesMoreThanEightExamples() {
        let c = BenchmarkCase(workload: "tiny", task: .train, model: MLP(sizes: [6, 8, 3], activation: .relu),
                              kind: .training(learningRate: 0.01), batch: 1, modes: [.eager], seed: 3)
        let batches = c.batches
        #expect(c.batchCount == 256 && batches.count == 256)
        #expect(batches.allSatisfy { $0.x.shape.dims == [1, 6] && $0.labels.shape.dims == [1] })
        #expect(Set(batches.map(\.x.array)).count == 256, "256 different examples, not 8")
        // One task: every label from the one teacher of seed + 1, batch i's inputs from seed + 1 + i.
        for i in [0, 7, 8, 255] {
            let one = SyntheticData.batch(shape: Shape(1, 6), classes: 3, seed: c.seed &+ 1 &+ UInt64(i), teacherSeed: c.seed &+ 1)
            #expect(batches[i].x.array == one.x.array && batches[i].labels.array == one.labels.array, "batch \(i)")
        }
        #expect(Set(batches.map { $0.labels.array[0] }).count > 1, "the labels are not all one class")
    }

    /// Every shipped workload's cycle stays small: the largest is mlp at batch 256
    /// (8 × 256 × 784 floats, 6.4 MB, as before); batch 1 now holds 256 × 784 floats (0.8 MB).
    @Test func everyShippedCycleFitsInEightMegabytes() throws {
        var largest = (bytes: 0, label: "")
        for spec in try WorkloadLoader.loadAll(directory: workloadsDirectory) {
            for c in try spec.benchmarkCases(modes: [], batches: [], samples: nil) {
                let shape = c.model.inputShape(batch: c.batch, sequenceLength: c.sequenceLength)
                let bytes = c.batchCount * (shape.count + c.batch) * MemoryLayout<Float>.size
                #expect(c.batchCount * c.batch >= BenchmarkCase.cycleExamples, "\(c.label)")
                if bytes > largest.bytes { largest = (bytes, c.label) }
            }
        }
        #expect(largest.bytes <= 8 << 20, "largest cycle: \(largest.label), \(largest.bytes) bytes")
        #expect(largest.bytes == 8 * (256 * 784 + 256) * 4, "largest cycle: \(largest.label)")
    }
}
