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

/// A benchmark is a training loop: a seeded cycle of batches, the same for every mode.
@Suite struct RunnerBatchCycleTests {
    @Test func theCycleIsSeededBatchesOfOneTask() {
        let c = RunnerTests.tinyCase()
        let batches = c.batches
        // Batch 4: ⌈256 / 4⌉ = 64 batches (the rule itself: BatchCycleTests).
        #expect(batches.count == c.batchCount && c.batchCount == 64)
        #expect(Set(batches.map(\.x.array)).count == 64, "the batches must differ")
        // Batch 0 is the batch every step used to train on (and --save-tensors' `x`).
        let first = SyntheticData.batch(shape: Shape(4, 6), classes: 3, seed: c.seed &+ 1)
        #expect(batches[0].x.array == first.x.array && batches[0].labels.array == first.labels.array)
        #expect(c.batches.map(\.x.array) == batches.map(\.x.array), "made from the seed alone")
    }

    @Test func aSubjectStepsThroughTheCycleInOrder() {
        // Step k trains on batch k mod batchCount, as an eager session fed the batches in order does
        // (the runner once fed every step one fixed batch).
        let c = RunnerTests.tinyCase()
        let batches = c.batches
        let initial = c.model.initialParameters(seed: c.seed)
        let subject = Runner.Subject(mode: .static, session: Session(model: c.model, mode: .static, kind: c.kind,
                                                                     parameters: initial.map { $0.copy() }),
                                     batches: batches)
        let reference = Session(model: c.model, mode: .eager, kind: c.kind, parameters: initial.map { $0.copy() })
        for k in 0..<10 {
            let b = batches[k % batches.count]
            let expected = reference.step(x: b.x, labels: b.labels)
            let got = subject.step()
            #expect(abs(got - expected) <= 1e-5 * max(1, abs(expected)), "step \(k)")
        }
    }

    @Test func trainingRecordsTheLossAtTheStartAndEndOfSampling() throws {
        let results = try Runner(settings: RunnerTests.settings).run(RunnerTests.tinyCase())
        for r in results {
            let start = try #require(r.lossStart), end = try #require(r.lossEnd)
            #expect(start.isFinite && end.isFinite && start > 0 && end > 0, "\(r.mode)")
        }
        let infer = BenchmarkCase(workload: "tiny", task: .infer, model: MLP(sizes: [6, 8, 3], activation: .relu),
                                  kind: .inference, batch: 4, modes: [.eager], seed: 3)
        let inference = try Runner(settings: RunnerTests.settings).run(infer)
        #expect(inference.allSatisfy { $0.lossStart == nil && $0.lossEnd == nil })
    }
}
