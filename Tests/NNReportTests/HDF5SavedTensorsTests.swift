import Foundation
import NNMeasure
import NNResults
import NNGraph
import NNKernel
import NNModels
import NNReport
import Testing
import TestSupport
import NNVocabulary

// MARK: - --save-tensors: the file alone is enough to re-check nnbench's numbers

@Suite("Saved tensors")
final class HDF5SavedTensorsTests {
    /// A scratch directory per test, removed when the test ends.
    let dir: String

    init() throws { dir = try scratchDirectory("hdf5") }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    /// A small training case in all three modes.
    static func trainingCase(batch: Int = 4) -> BenchmarkCase {
        BenchmarkCase(workload: "tiny", task: .train, model: MLP(sizes: [6, 5, 3], activation: .relu),
                      kind: .training(learningRate: 0.05), batch: batch, modes: Mode.allCases, seed: 11)
    }

    @Test("collect records the runner's starting point: seeded parameters and batch")
    func startingPoint() {
        let c = Self.trainingCase()
        let saved = SavedTensors.collect(c)
        let initial = c.model.initialParameters(seed: c.seed)
        #expect(saved.parameters.map(\.name) == c.model.parameters.map(\.name))
        #expect(saved.parameters.map(\.shape) == initial.map(\.shape.dims))
        #expect(saved.parameters.map(\.values) == initial.map(\.array))
        let data = SyntheticData.batch(shape: Shape(4, 6), classes: 3, seed: c.seed &+ 1)
        #expect(saved.x == SavedTensor(name: "x", shape: [4, 6], values: data.x.array))
        #expect(saved.labels == SavedTensor(name: "labels", shape: [4], values: data.labels.array))
        // The rest of the runner's cycle (64 batches at batch 4): 63 more, all different, in the
        // order steps use them.
        #expect(c.batchCount == 64 && saved.laterBatches.count == c.batchCount - 1)
        #expect(saved.laterBatches.map(\.x.values) == c.batches.dropFirst().map(\.x.array))
        #expect(Set(([saved.x] + saved.laterBatches.map(\.x)).map(\.values)).count == c.batchCount)
        #expect(saved.learningRate == Double(Float(0.05)))
        #expect(saved.groupPath == "/tensors/tiny/b4")
    }

    @Test("every mode records ten finite losses, and the modes agree")
    func lossesAgree() throws {
        // Batch 32: the cycle has its fewest batches, 8, so ten steps come back to batch 0.
        let c = Self.trainingCase(batch: 32)
        #expect(c.batchCount == 8)
        let saved = SavedTensors.collect(c)
        #expect(Set(saved.losses.keys) == ["eager", "static", "fused"])
        let eager = try #require(saved.losses["eager"])
        #expect(eager.count == 10)
        #expect(eager.allSatisfy { $0.isFinite })
        for mode in ["static", "fused"] {
            let other = try #require(saved.losses[mode])
            for (a, b) in zip(other, eager) { #expect(abs(a - b) <= 1e-4 * max(1, abs(b))) }
        }
        // Steps 1 and 9 both train on batch 0 (the cycle has 8): the eight updates between
        // must have made progress on it.
        #expect(eager[8] < eager[0])
    }

    @Test("the losses can be recomputed from the file alone")
    func recomputeFromFile() throws {
        let c = Self.trainingCase(batch: 3)
        var run = Fixtures.run(tensors: [SavedTensors.collect(c)])
        run.benchmarks = []
        let path = dir + "/tensors.h5"
        try HDF5Store.write(run, to: path)
        let back = try HDF5Store.read(path: path)
        #expect(back == run)
        let saved = try #require(back.tensors?.first)

        // Rebuild everything from the stored values, as another framework would.
        func tensor(_ s: SavedTensor) -> Tensor { Tensor(shape: Shape(s.shape), values: s.values) }
        let model = MLP(sizes: [6, 5, 3], activation: .relu)
        let session = Session(model: model, mode: .eager, kind: .training(learningRate: Float(saved.learningRate)),
                              parameters: saved.parameters.map(tensor), verifyPasses: false)
        // Step k trains on batch k mod (cycle length) of the stored cycle: x/labels, then
        // batches/1…(⌈256 / 3⌉ − 1 = 85).
        let cycle = [(tensor(saved.x), tensor(saved.labels))] + saved.laterBatches.map { (tensor($0.x), tensor($0.labels)) }
        #expect(cycle.count == c.batchCount && cycle.count == 86)
        let recomputed = (0..<10).map { k in Double(session.step(x: cycle[k % cycle.count].0, labels: cycle[k % cycle.count].1)) }
        #expect(recomputed == saved.losses["eager"])
    }

    @Test("inference cases record the first logit and no learning rate")
    func inference() throws {
        let c = BenchmarkCase(workload: "tiny-infer", task: .infer, model: MLP(sizes: [6, 5, 3], activation: .tanh),
                              kind: .inference, batch: 2, modes: [.eager, .fused], seed: 3)
        let saved = SavedTensors.collect(c, steps: 3)
        #expect(saved.learningRate == 0)
        let eager = try #require(saved.losses["eager"])
        #expect(eager.count == 3)
        // Inference cycles through the batches too: each step's output is its own batch's.
        #expect(Set(eager).count == 3)
        #expect(abs(try #require(saved.losses["fused"]?.first) - eager[0]) <= 1e-5)
    }
}
