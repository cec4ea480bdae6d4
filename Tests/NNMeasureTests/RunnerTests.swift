import Testing
import NNGraph
import NNKernel
import NNModels
@testable import NNMeasure
import NNResults
import NNWorkloads
import NNVocabulary

// MARK: - The runner on a tiny model

@Suite struct RunnerTests {
    static let settings = MeasurementSettings(profile: "quick", warmupMaxSteps: 10, warmupMaxSeconds: 0.05,
                                              minSampleSeconds: 0.0005, samples: 6, seed: 42)

    static func tinyCase(modes: [Mode] = [.eager, .static, .fused]) -> BenchmarkCase {
        BenchmarkCase(workload: "tiny", task: .train, model: MLP(sizes: [6, 8, 3], activation: .relu),
                      kind: .training(learningRate: 0.01), batch: 4, modes: modes, seed: 3)
    }

    @Test func everyModeGetsEverySampleAndItsCounters() throws {
        let results = try Runner(settings: Self.settings).run(Self.tinyCase())
        #expect(results.map(\.mode) == [.eager, .static, .fused])
        for r in results {
            #expect(r.samplesNs.count == 6)
            #expect(r.samplesNs.allSatisfy { $0 > 0 && $0.isFinite })
            #expect(r.stepsPerSample >= 1)
            // Outliers are counted with the same rule the reports use, and never removed.
            #expect(r.counters[.outliers] == Double(Statistics.outlierIndices(r.samplesNs).count))
            #expect(r.counters[.warmupStable] == 0 || r.counters[.warmupStable] == 1)
            #expect((r.counters[.warmupSteps] ?? 0) >= 1 && (r.counters[.warmupSteps] ?? 0) <= 10)
        }
    }

    @Test func timeToFirstStepIsRepeatedAndSummarizedByItsRange() throws {
        let results = try Runner(settings: Self.settings).run(Self.tinyCase())
        for r in results {
            let repeats = try #require(r.counters[.firstStepRepeats])
            #expect(repeats >= 2 && repeats <= Double(Self.settings.firstStepRepeats))
            let lo = try #require(r.phases[.firstStepMin]), hi = try #require(r.phases[.firstStepMax])
            let mid = try #require(r.phases[.firstStep])
            #expect(lo > 0 && lo <= mid && mid <= hi)
            #expect((r.phases[.firstStepCold] ?? 0) > 0)
        }
        // Graph modes trace, eager does not.
        #expect(results[0].phases[.trace] == nil)
        #expect(results[1].phases[.trace] != nil)
    }

    @Test func sampleCountOfTheCaseOverridesTheProfile() throws {
        var c = Self.tinyCase(modes: [.eager, .static])
        c.samples = 3
        let results = try Runner(settings: Self.settings).run(c)
        #expect(results.allSatisfy { $0.samplesNs.count == 3 })
    }

    @Test func slowStepsCutRoundsToTheBudgetButNotBelowTheMinimum() {
        let c = Self.tinyCase()
        let subjects = c.modes.map { mode in
            Runner.Subject(mode: mode, session: Session(model: c.model, mode: mode, kind: c.kind,
                                                        parameters: c.model.initialParameters(seed: 1), verifyPasses: false),
                           batches: [(Tensor(shape: Shape(4, 6), repeating: 0), Tensor(shape: Shape(4), repeating: 0))])
        }
        let runner = Runner(settings: .standard)   // 3 workers × 6 rounds, 6 s budget = 2 s per worker
        for s in subjects { s.stepsPerSample = 1; s.calibratedNs = 0.15e9 }  // 0.45 s per round: 6 take 2.7 s
        #expect(runner.plannedRounds(subjects, requested: nil) == 4)         // ⌊2 / 0.45⌋
        for s in subjects { s.calibratedNs = 1e9 }                            // 3 s per round
        #expect(runner.plannedRounds(subjects, requested: nil) == Runner.minimumRounds(workers: 3))
        #expect(Runner.minimumRounds(workers: 3) == 3 && Runner.minimumRounds(workers: 1) == 8)
        #expect(runner.plannedRounds(subjects, requested: 4) == 4)           // an explicit request wins
        for s in subjects { s.calibratedNs = 1e6 }
        #expect(runner.plannedRounds(subjects, requested: nil) == 6)
    }

    @Test func fnvHashIsStableAcrossProcesses() {
        // FNV-1a 64 of "a" is a published test vector: 0xaf63dc4c8601ec8c.
        #expect(fnv1a("a") == 0xAF63_DC4C_8601_EC8C)
    }
}

// MARK: - A loss that is not finite stops the run

/// The MLP of `RunnerTests`, but every parameter starts as NaN: the first loss cannot be finite.
private struct PoisonedMLP: Model {
    let base = MLP(sizes: [6, 8, 3], activation: .relu)
    var summary: String { "poisoned " + base.summary }
    var classes: Int { base.classes }
    var parameters: [ParameterSpec] { base.parameters.map { ParameterSpec($0.name, $0.shape, .constant(.nan)) } }
    func inputShape(batch: Int, sequenceLength: Int) -> Shape { base.inputShape(batch: batch, sequenceLength: sequenceLength) }
    func logits(_ g: Builder, _ x: Value, _ parameters: [Value]) -> Value { base.logits(g, x, parameters) }
}

@Suite struct RunnerNonFiniteLossTests {
    @Test func aNaNLossIsAnErrorNamingTheBenchmarkAndMode() {
        let c = BenchmarkCase(workload: "poisoned", task: .train, model: PoisonedMLP(),
                              kind: .training(learningRate: 0.01), batch: 4, modes: [.eager, .static], seed: 3)
        do {
            _ = try Runner(settings: RunnerTests.settings).run(c)
            Issue.record("a NaN loss was measured instead of refused")
        } catch {
            guard case .nonFiniteLoss(let benchmark, let mode, let loss) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(benchmark == "poisoned b=4" && mode == "eager" && loss.isNaN)
            #expect(!error.description.contains("\n"))
            #expect(error.description.contains("poisoned b=4 [eager]"))
        }
    }
}
