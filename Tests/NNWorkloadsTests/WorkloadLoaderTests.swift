import Foundation
import NNVocabulary
import Testing
@testable import NNWorkloads
import TestSupport

/// The shipped workload files load, and every field of a valid file reaches the spec.
struct WorkloadLoaderTests {
    @Test func mlpTrainingWorkloadLoads() throws {
        let spec = try WorkloadLoader.load(path: workloadsDirectory + "/mlp.yaml")
        #expect(spec.name == "mlp" && spec.task == .train)
        #expect(spec.model == .mlp(MLPSpec(input: 784, hidden: [512, 256], classes: 10, activation: .relu)))
        #expect(spec.batchSizes == [1, 32, 256])
        #expect(spec.learningRate == 0.01)
        #expect(spec.modes == [.eager, .static, .fused])
        #expect(spec.seed == 42 && spec.sequenceLength == nil && spec.stream == nil)
        #expect(spec.fileHash.count == 64)
        #expect(!spec.description.isEmpty)
    }

    @Test func mlpInferenceWorkloadLoads() throws {
        let spec = try WorkloadLoader.load(path: workloadsDirectory + "/mlp-infer.yaml")
        #expect(spec.name == "mlp-infer" && spec.task == .infer)
        #expect(spec.learningRate == nil && spec.batchSizes == [1])
    }

    @Test func everyShippedWorkloadLoads() throws {
        let specs = try WorkloadLoader.loadAll(directory: workloadsDirectory)
        #expect(specs.map(\.name).contains("mlp") && specs.map(\.name).contains("mlp-infer"))
        #expect(specs.map(\.path) == specs.map(\.path).sorted(), "sorted by file name")
    }

    @Test func optionalFieldsAndDefaults() throws {
        let text = """
            name: w
            task: train
            model: {kind: mlp, input: 4, hidden: [], classes: 3, activation: tanh}
            batch_sizes: [2, 1_000]
            learning_rate: 0.5
            modes: [fused]
            measure: {samples: 7, threshold: 0.1}
            """
        let spec = try WorkloadLoader.parse(text, file: "w.yaml", name: "w")
        #expect(spec.model == .mlp(MLPSpec(input: 4, hidden: [], classes: 3, activation: .tanh)))
        #expect(spec.batchSizes == [2, 1000], "underscores group digits")
        #expect(spec.seed == 42, "the default seed")
        #expect(spec.measure == MeasureSpec(samples: 7, threshold: 0.1))
        #expect(spec.description == "")
    }

    @Test func recurrentStreamWorkloadParses() throws {
        let text = """
            task: stream
            model: {kind: lstm, input: 8, hidden: 16, classes: 4}
            batch_sizes: [4]
            learning_rate: 0.01
            modes: [eager, static]
            stream: {batches: 10, min_length: 2, max_length: 9}
            """
        let spec = try WorkloadLoader.parse(text, file: "s.yaml", name: "s")
        #expect(spec.model == .recurrent(RecurrentSpec(cell: .lstm, input: 8, hidden: 16, classes: 4)))
        #expect(spec.stream == StreamSpec(batches: 10, minLength: 2, maxLength: 9))
    }

    @Test func cnnWorkloadParsesAndTracksSpatialSize() throws {
        let text = """
            task: train
            model:
              kind: cnn
              input: [1, 28, 28]
              conv: [{channels: 8, kernel: 5, pool: 2}, {channels: 16, kernel: 3, padding: 1, pool: 2}]
              dense: [32]
              classes: 10
              activation: relu
            batch_sizes: [8]
            learning_rate: 0.01
            modes: [eager]
            """
        let spec = try WorkloadLoader.parse(text, file: "c.yaml", name: "c")
        guard let c = spec.model.spec as? CNNSpec else {
            Issue.record("expected a cnn model, got \(spec.model)")
            return
        }
        #expect(c.conv.map(\.channels) == [8, 16] && c.conv[1].padding == 1 && c.dense == [32])
    }

    @Test func memoryEstimateGrowsWithBatchAndModel() {
        let small = ModelSpec.mlp(MLPSpec(input: 784, hidden: [512, 256], classes: 10, activation: .relu))
        let params = Double(784 * 512 + 512 + 512 * 256 + 256 + 256 * 10 + 10)
        // At least the parameters themselves (4 bytes each), at most a small multiple.
        let b1 = MemoryEstimate.bytes(small, batch: 1, sequenceLength: 1)
        #expect(b1 >= 4 * params && b1 <= 40 * params)
        #expect(MemoryEstimate.bytes(small, batch: 256, sequenceLength: 1) > b1)
        // Absurd sizes stay finite (computed in Double, no overflow trap).
        let huge = ModelSpec.mlp(MLPSpec(input: 1 << 24, hidden: [1 << 20, 1 << 20], classes: 1 << 20, activation: .relu))
        #expect(MemoryEstimate.bytes(huge, batch: 1 << 20, sequenceLength: 1).isFinite)
    }
}
