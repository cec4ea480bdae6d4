import Testing
import NNGraph
import NNKernel
import NNModels
@testable import NNMeasure
import NNResults
import NNVocabulary

/// Counters that mean the same in every mode: FLOPs of the unfused maths, every pass instance.
@Suite struct RunnerCountersTests {
    @Test func everyModeReportsTheFlopsOfTheUnfusedMaths() throws {
        // Fused kernels count fewer flops for the same maths (softmax + cross-entropy + gradient
        // 5n against 9n, ReLU gradient + column sum, the GEMM that writes the SGD update); the
        // benchmark's number must not follow them, or GFLOP/s would compare different work.
        let results = try Runner(settings: RunnerTests.settings).run(RunnerTests.tinyCase())
        let c = RunnerTests.tinyCase()
        let data = SyntheticData.batch(shape: c.model.inputShape(batch: c.batch, sequenceLength: 0),
                                       classes: c.model.classes, seed: c.seed &+ 1)
        let unfused = Runner.unfusedFlops(c.model, c.kind, c.model.initialParameters(seed: c.seed), [(data.x, data.labels)])
        #expect(unfused > 0)
        #expect(results.allSatisfy { $0.flopsPerStep == unfused }, "\(results.map(\.flopsPerStep))")

        // The fused kernels themselves do count less: the test above is not vacuous.
        let s = Session(model: c.model, mode: .fused, kind: c.kind, parameters: c.model.initialParameters(seed: c.seed))
        s.step(x: data.x, labels: data.labels)
        KernelCounters.reset()
        s.step(x: data.x, labels: data.labels)
        #expect(Double(KernelCounters.flops) < unfused)

        // A run of the fused mode alone reports the same number.
        let alone = try Runner(settings: RunnerTests.settings).run(RunnerTests.tinyCase(modes: [.fused]))
        #expect(alone.map(\.flopsPerStep) == [unfused])
    }

    @Test func everyPassInstanceIsRecordedInOrder() throws {
        // DCE runs three times in the fused pipeline: each run keeps its own count.
        let results = try Runner(settings: RunnerTests.settings).run(RunnerTests.tinyCase(modes: [.static, .fused]))
        for (r, pipeline) in zip(results, [Pass.staticPipeline, Pass.fusedPipeline]) {
            let keys = r.counters.keys.map(\.rawValue)
                .filter { $0.hasPrefix("nodes_") && $0.first(where: \.isNumber) != nil }.sorted()
            let expected = pipeline.enumerated().map { i, p in "nodes_" + (i < 9 ? "0" : "") + "\(i + 1)_\(p.name)" }
            #expect(keys == expected, "\(r.mode)")
            #expect(r.counters[.nodesTraced] != nil)
            #expect(r.counters[.nodesFinal] == r.counters[Counter(rawValue: expected.last ?? "")])
        }
        #expect(results[1].counters[Counter(rawValue: "nodes_08_dce")] != nil)
        #expect(results[1].counters[Counter(rawValue: "nodes_04_dce")] != nil)
    }
}
