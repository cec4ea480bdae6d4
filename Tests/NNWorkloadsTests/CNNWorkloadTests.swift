import Foundation
import NNVocabulary
import Testing
import NNKernel
import NNModels
import NNMeasure
@testable import NNWorkloads

/// Workloads/cnn.yaml builds the LeNet-style CNN the issue describes.
struct CNNWorkloadTests {
    static let workloads = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Workloads").path

    @Test func cnnWorkloadBuildsLeNet() throws {
        let spec = try WorkloadLoader.load(path: Self.workloads + "/cnn.yaml")
        let model = try spec.model.makeModel()
        #expect(model is CNN)
        #expect(spec.batchSizes == [1, 32])
        #expect(model.inputShape(batch: 32, sequenceLength: 0) == Shape(32, 1, 28, 28))
        // LeNet's parameter shapes, worked out by hand: 28 → conv5 pad 2 → 28 → pool → 14
        // → conv5 → 10 → pool → 5, so the first dense layer reads 16·5·5 = 400 features.
        #expect(model.parameters.map(\.shape) == [
            Shape(6, 1, 5, 5), Shape(6), Shape(16, 6, 5, 5), Shape(16),
            Shape(400, 120), Shape(120), Shape(120, 84), Shape(84), Shape(84, 10), Shape(10),
        ])
        let cases = try spec.benchmarkCases(modes: [], batches: [], samples: nil)
        #expect(cases.map(\.batch) == [1, 32])
        #expect(cases.allSatisfy { $0.modes == [.eager, .static, .fused] })
    }

    @Test func paddingNotSmallerThanTheKernelIsRefused() throws {
        let spec = CNNSpec(input: [1, 8, 8], conv: [.init(channels: 2, kernel: 3, padding: 3, pool: nil)],
                           dense: [], classes: 2, activation: .relu)
        #expect(throws: NotImplementedError.self) { try ModelSpec.cnn(spec).makeModel() }
    }
}
