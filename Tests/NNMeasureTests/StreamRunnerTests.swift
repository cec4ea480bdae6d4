import Testing
import NNGraph
import NNKernel
import NNModels
@testable import NNMeasure
import NNResults
import NNWorkloads
import NNVocabulary

/// The variable-length stream of claim C7: a reproducible stream, per-length and padded runs
/// that compute the same losses, and results that follow the stream contract.
struct StreamRunnerTests {
    static let model = RNN(cell: .lstm, inputs: 3, hidden: 4, classes: 2)
    static let spec = StreamSpec(batches: 6, minLength: 2, maxLength: 6)

    @Test func streamIsSeededAndInRange() {
        let a = BatchStream(model: Self.model, batch: 2, spec: Self.spec, seed: 5)
        let b = BatchStream(model: Self.model, batch: 2, spec: Self.spec, seed: 5)
        let c = BatchStream(model: Self.model, batch: 2, spec: StreamSpec(batches: 40, minLength: 2, maxLength: 6), seed: 6)
        #expect(a.lengths == b.lengths)
        #expect(zip(a.batches, b.batches).allSatisfy { $0.x.array == $1.x.array && $0.labels.array == $1.labels.array })
        #expect(c.lengths.allSatisfy { (2...6).contains($0) })
        #expect(Set(c.lengths).count > 1, "lengths must vary: \(c.lengths)")
        let padded = a.padded()
        #expect(padded.allSatisfy { $0.x.shape == Shape(2, a.longest, 3) })
    }

    @Test(arguments: [Mode.eager, .static, .fused])
    func paddedAndPerLengthStreamLossesAgree(mode: Mode) {
        // Tolerance 1e-5 relative, as in the mode-equivalence tests: masking makes padded steps
        // exact no-ops, so only the fused mode's reordered sums differ, by float32 ulps.
        let stream = BatchStream(model: Self.model, batch: 3, spec: Self.spec, seed: 2)
        let initial = Self.model.initialParameters(seed: 4)
        let perLength = Session(model: Self.model, mode: .eager, kind: .training(learningRate: 0.1),
                                parameters: initial.map { $0.copy() })
        let padded = Session(model: Self.model.masking(true), mode: mode, kind: .training(learningRate: 0.1),
                             parameters: initial.map { $0.copy() })
        let a = stream.batches.map { perLength.step(x: $0.x, labels: $0.labels) }
        let b = stream.padded().map { padded.step(x: $0.x, labels: $0.labels) }
        for (i, (x, y)) in zip(b, a).enumerated() {
            #expect(abs(x - y) <= 1e-6 + 1e-5 * abs(y), "batch \(i): padded \(x) vs per-length \(y)")
        }
        for (p, q) in zip(padded.parameters, perLength.parameters) {
            #expect(zip(p.array, q.array).allSatisfy { abs($0 - $1) <= 1e-6 + 1e-5 * abs($1) })
        }
        if mode != .eager { #expect(padded.traces == 1) }
    }

    @Test func resultsFollowTheStreamContract() throws {
        var settings = MeasurementSettings.quick
        settings.samples = 3
        let c = StreamCase(workload: "tiny-stream", model: Self.model, learningRate: 0.05, batch: 2,
                           stream: Self.spec, modes: [.eager, .static, .fused], seed: 7)
        let results = try StreamRunner(settings: settings).run(c)
        let stream = BatchStream(model: Self.model, batch: 2, spec: Self.spec, seed: 7)
        #expect(results.map(\.mode) == [.eager, .static, .fused, .staticPadded, .fusedPadded])
        let distinct = Set(stream.lengths).count
        let real = stream.lengths.reduce(0, +)
        let waste = 1 - Double(real) / Double(stream.lengths.count * stream.lengths.max()!)
        for r in results {
            #expect(r.task == .stream)
            #expect(r.batch == 2)
            #expect(r.sequenceLength == stream.lengths.max())
            #expect(r.samplesNs.count == 3 && r.samplesNs.allSatisfy { $0 > 0 })
            #expect(r.counters[.streamBatches] == 6)
            #expect(r.counters[.distinctLengths] == Double(distinct))
            let pad = r.mode.padded
            let expectedRetraces = r.mode == .eager || pad ? 0 : distinct - 1
            #expect(r.counters[.retraces] == Double(expectedRetraces), "\(r.mode)")
            #expect(abs((r.counters[.paddedFraction] ?? -1) - (pad ? waste : 0)) < 1e-12, "\(r.mode)")
            #expect(r.phases[.retraceTotal] != nil && r.phases[.firstStep] != nil)
            #expect(abs(r.firstLoss - results[0].firstLoss) <= 1e-5 * abs(results[0].firstLoss))
        }
        // Padding computes more time steps than the per-length run: more kernels per pass.
        let kernels = Dictionary(uniqueKeysWithValues: results.map { ($0.mode, $0.counters[.kernelsPerPass] ?? 0) })
        #expect((kernels[.staticPadded] ?? 0) > (kernels[.static] ?? 0))
        // Retracing shows up as time spent compiling; the padded run compiles once.
        #expect((results[1].phases[.retraceTotal] ?? 0) > 0)
    }

    @Test func slowPassesCutRoundsToTheWorkersShareOfTheBudget() {
        let runner = StreamRunner(settings: .standard)   // 3 workers × 6 rounds, 6 s: 2 s per worker
        #expect(runner.plannedRounds(perRoundSeconds: 0.1) == 6)
        #expect(runner.plannedRounds(perRoundSeconds: 0.5) == 4)       // ⌊2 / 0.5⌋
        #expect(runner.plannedRounds(perRoundSeconds: 5) == 3)         // never below the minimum
    }

    @Test func everySampleHasItsRoundAndEveryModeTheSameRoundCounts() throws {
        let c = StreamCase(workload: "s", model: Self.model, learningRate: 0.01, batch: 2,
                           stream: Self.spec, modes: [.eager, .static], seed: 5, samples: 3)
        let results = try StreamRunner(settings: .quick).run(c)
        for r in results {
            #expect(r.sampleRounds == [0, 1, 2])
            #expect(r.sampleDisturbed.count == 3)
            #expect(r.roundsTotal == 3 && r.workers == 1 && r.threads >= 1)
        }
    }
}
