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
        #expect(saved.learningRate == Double(Float(0.05)))
        #expect(saved.groupPath == "/tensors/tiny/b4")
    }

    @Test("every mode records ten finite losses, and the modes agree")
    func lossesAgree() throws {
        let saved = SavedTensors.collect(Self.trainingCase())
        #expect(Set(saved.losses.keys) == ["eager", "static", "fused"])
        let eager = try #require(saved.losses["eager"])
        #expect(eager.count == 10)
        #expect(eager.allSatisfy { $0.isFinite })
        for mode in ["static", "fused"] {
            let other = try #require(saved.losses[mode])
            for (a, b) in zip(other, eager) { #expect(abs(a - b) <= 1e-4 * max(1, abs(b))) }
        }
        // Ten SGD steps on one batch must make progress on it.
        #expect(eager[9] < eager[0])
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
        let x = tensor(saved.x), labels = tensor(saved.labels)
        let recomputed = (0..<10).map { _ in Double(session.step(x: x, labels: labels)) }
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
        // Inference does not change the parameters: every step gives the same output.
        #expect(Set(eager).count == 1)
        #expect(abs(try #require(saved.losses["fused"]?.first) - eager[0]) <= 1e-5)
    }
}
