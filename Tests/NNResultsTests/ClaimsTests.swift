import Foundation
import NNVocabulary
import Testing
@testable import NNResults

// MARK: - Synthetic results

/// Values spread uniformly within ± `spread` (relative) of `median`.
func spreadAround(_ median: Double, spread: Double, n: Int, seed: UInt64) -> [Double] {
    var rng = Xoshiro(seed: seed)
    return (0..<n).map { _ in median * (1 + spread * (2 * Double(rng.next() >> 11) / Double(1 << 53) - 1)) }
}

/// A result whose samples are spread uniformly within ± `spread` (relative) of `median`, taken
/// in rounds 0..<n of worker 0 (pass `paired: false` for samples without round indices).
func synthetic(_ mode: BenchmarkMode, median: Double, spread: Double = 0.01, n: Int = 15, batch: Int = 1,
               workload: String = "w", task: BenchmarkTask = .train, seed: UInt64 = 1, paired: Bool = true,
               counters: [Counter: Double] = [:], phases: [Phase: Double] = [:]) -> BenchmarkResult {
    let samples = spreadAround(median, spread: spread, n: n, seed: seed &+ fnv1a(mode.rawValue) &+ UInt64(batch))
    return BenchmarkResult(workload: workload, mode: mode, task: task, batch: batch, samplesNs: samples,
                           stepsPerSample: 1, flopsPerStep: 1e6, counters: counters, phases: phases,
                           sampleWorkers: paired ? [Int](repeating: 0, count: n) : [],
                           sampleRounds: paired ? Array(0..<n) : [])
}

func run(_ benchmarks: [BenchmarkResult]) -> RunResult {
    RunResult(environment: Environment(nnbenchVersion: "0", commit: "c", dirty: false, date: "d", host: "h",
                                       cpuModel: "cpu", cores: 2, os: "os", swiftVersion: "6", buildConfiguration: "release",
                                       openblasConfig: "", openblasCoreName: "", openblasThreads: 1,
                                       openblasNumThreadsEnv: "", openblasCoretypeEnv: "", sgemmPeakGflops: 100,
                                       workloadHashes: [:]),
              settings: .quick, benchmarks: benchmarks)
}

func finding(_ claim: String, _ r: RunResult, batch: Int = 1) -> ClaimFinding? {
    Claims.evaluate(r).first { $0.claim == claim && $0.batch == batch }
}

// MARK: - Step-time claims

@Suite struct ClaimsTimingTests {
    @Test func clearWinIsSupported() throws {
        let f = try #require(finding("C1", run([synthetic(.eager, median: 100_000), synthetic(.static, median: 80_000)])))
        #expect(f.verdict == .supported)
        #expect(f.effect.low > 1 && f.effect.contains(1.25))
    }

    @Test func clearLossIsRefuted() throws {
        let f = try #require(finding("C1", run([synthetic(.eager, median: 80_000), synthetic(.static, median: 100_000)])))
        #expect(f.verdict == .refuted)
        #expect(f.effect.high < 1)
    }

    @Test func overlappingIntervalsAreInconclusive() throws {
        // ±25% spread: the interval of the ratio reaches beyond the ±5% margin on both sides.
        let r = run([synthetic(.eager, median: 100_000, spread: 0.25), synthetic(.static, median: 100_500, spread: 0.25)])
        let f = try #require(finding("C1", r))
        #expect(f.verdict == .inconclusive)
        #expect(f.effect.contains(1))
    }

    @Test func tooFewSamplesAreInconclusiveEvenWithABigEffect() throws {
        let r = run([synthetic(.eager, median: 200_000, n: 3), synthetic(.static, median: 100_000, n: 3)])
        let f = try #require(finding("C1", r))
        #expect(f.verdict == .inconclusive)
        #expect(f.note.contains("samples"))
    }

    @Test func tooNoisyRunsAreInconclusive() throws {
        // ±90% spread: the median's interval is far wider than the ±25% the policy allows.
        let r = run([synthetic(.eager, median: 200_000, spread: 0.9), synthetic(.static, median: 100_000, spread: 0.9)])
        let f = try #require(finding("C1", r))
        #expect(f.verdict == .inconclusive)
        #expect(f.note.contains("noisy"))
    }

    @Test func c3ComparesFusedWithStatic() throws {
        let r = run([synthetic(.eager, median: 100_000), synthetic(.static, median: 90_000), synthetic(.fused, median: 60_000)])
        let f = try #require(finding("C3", r))
        #expect(f.verdict == .supported)
        #expect(f.effect.contains(1.5))
    }

    @Test(arguments: [(103_000.0, 0.005, Verdict.supported), (150_000.0, 0.01, .refuted), (80_000.0, 0.01, .refuted),
                      (109_000.0, 0.08, .inconclusive)])
    func c4CloseMeansWithinTenPercent(eager: Double, spread: Double, expected: Verdict) throws {
        let r = run([synthetic(.eager, median: eager, spread: spread), synthetic(.static, median: 100_000, spread: spread)])
        #expect(try #require(finding("C4", r)).verdict == expected)
    }

    @Test(arguments: [(60_000.0, Verdict.supported), (95_000.0, .refuted)])
    func c6GapFraction(staticMedian: Double, expected: Verdict) throws {
        let r = run([synthetic(.eager, median: 100_000), synthetic(.static, median: staticMedian),
                     synthetic(.fused, median: 50_000)])
        let f = try #require(finding("C6", r))
        #expect(f.verdict == expected)
        // (100 − static) / (100 − 50), up to the synthetic spread.
        #expect(abs(f.effect.estimate - (100_000 - staticMedian) / 50_000) < 0.05)
    }

    @Test func c6WithoutAGapIsInconclusive() throws {
        let r = run([synthetic(.eager, median: 100_000), synthetic(.static, median: 100_000),
                     synthetic(.fused, median: 101_000)])
        let f = try #require(finding("C6", r))
        #expect(f.verdict == .inconclusive)
        #expect(f.note.contains("no gap"))
    }
}

// MARK: - Counters, first step, stream, break-even, flips

@Suite struct ClaimsOtherTests {
    func memory(_ mode: BenchmarkMode, allocs: Double, peak: Double) -> BenchmarkResult {
        synthetic(mode, median: 100_000, counters: [.allocationsPerStep: allocs, .peakBytes: peak])
    }

    @Test func c2NeedsFewerAllocationsAndLowerPeakInEveryGraphMode() throws {
        let good = run([memory(.eager, allocs: 100, peak: 4096), memory(.static, allocs: 2, peak: 2048),
                        memory(.fused, allocs: 2, peak: 1024)])
        let f = try #require(finding("C2", good))
        #expect(f.verdict == .supported)
        #expect(f.effect.estimate == 0.02)
        let bad = run([memory(.eager, allocs: 100, peak: 4096), memory(.static, allocs: 2, peak: 8192),
                       memory(.fused, allocs: 2, peak: 1024)])
        let g = try #require(finding("C2", bad))
        #expect(g.verdict == .refuted)
        #expect(g.note.contains("static peak"))
        #expect(!g.note.contains("fused"))
    }

    /// `n` fresh-session first steps spread ±2% around `median` seconds.
    func firstStep(_ mode: BenchmarkMode, _ median: Double, n: Int = 7) -> BenchmarkResult {
        var r = synthetic(mode, median: 100_000)
        r.firstStepSamples = spreadAround(median, spread: 0.02, n: n, seed: fnv1a(mode.rawValue + "/first"))
        r.phases[.firstStep] = Statistics.median(r.firstStepSamples)
        r.phases[.firstStepMin] = r.firstStepSamples.min()
        r.phases[.firstStepMax] = r.firstStepSamples.max()
        return r
    }

    @Test func c5OrdersFirstStepTimesBeyondTheMargin() throws {
        let ordered = run([firstStep(.eager, 0.001), firstStep(.static, 0.002), firstStep(.fused, 0.003)])
        let f = try #require(finding("C5", ordered))
        #expect(f.verdict == .supported)
        #expect(f.effect.low > 1.8 && f.effect.high < 2.2)       // a bootstrap interval, not a min–max range
        let reversed = run([firstStep(.eager, 0.001), firstStep(.static, 0.003), firstStep(.fused, 0.002)])
        let g = try #require(finding("C5", reversed))
        #expect(g.verdict == .refuted)
        #expect(g.note.contains("static < fused"))
    }

    /// Item 9: 5% apart with tight, non-overlapping ranges used to be "supported"; the printed
    /// 10% threshold now decides: the difference is negligible.
    @Test func c5UsesThePrintedThreshold() throws {
        let r = run([firstStep(.eager, 0.001), firstStep(.static, 0.00105)])
        let f = try #require(finding("C5", r))
        #expect(f.verdict == .negligible)
        #expect(f.threshold.contains("1.1"))
        let clear = run([firstStep(.eager, 0.001), firstStep(.static, 0.00115)])
        #expect(try #require(finding("C5", clear)).verdict == .supported)
    }

    /// Item 9: fewer than five fresh-session repeats per mode cannot decide C5.
    @Test func c5NeedsFiveRepeats() throws {
        let r = run([firstStep(.eager, 0.001, n: 4), firstStep(.static, 0.003, n: 4)])
        let f = try #require(finding("C5", r))
        #expect(f.verdict == .inconclusive)
        #expect(f.note.contains("fewer than 5"))
        let single = run([synthetic(.eager, median: 1, phases: [.firstStep: 0.001]),
                          synthetic(.static, median: 1, phases: [.firstStep: 0.003])])
        #expect(try #require(finding("C5", single)).verdict == .inconclusive)
    }

    func stream(_ mode: BenchmarkMode, pass: Double, warm: Double? = nil, retrace: Double = 0) -> BenchmarkResult {
        var r = synthetic(mode, median: pass, workload: "rnn-stream", task: .stream,
                          counters: [.streamBatches: 20, .retraces: retrace > 0 ? 5 : 0], phases: [.retraceTotal: retrace])
        if let w = warm {
            r.warmSamplesNs = spreadAround(w, spread: 0.01, n: 15, seed: fnv1a(mode.rawValue + "/warm"))
            r.warmSampleWorkers = [Int](repeating: 0, count: 15)
            r.warmSampleRounds = Array(0..<15)
        }
        return r
    }

    func c7(_ r: RunResult, _ scenario: String) -> ClaimFinding? {
        Claims.evaluate(r).first { $0.claim == "C7" && $0.scenario == scenario }
    }

    @Test func c7ComparesWholeColdPasses() throws {
        // Every cold sample holds its retracing: static's 140 ms holds 50 ms of it, so eager
        // (100 ms) wins; the closest strategy is fused+pad.
        let win = run([stream(.eager, pass: 100e6), stream(.static, pass: 140e6, retrace: 0.05),
                       stream(.fused, pass: 145e6, retrace: 0.06), stream(.staticPadded, pass: 130e6),
                       stream(.fusedPadded, pass: 120e6)])
        let f = try #require(c7(win, "cold"))
        #expect(f.verdict == .supported)
        #expect(f.effect.contains(1.2))                     // fused+pad: 120 / 100
        #expect(c7(win, "warm") == nil)                      // no warm samples: no warm verdict
        let loss = run([stream(.eager, pass: 100e6), stream(.static, pass: 140e6, retrace: 0.05),
                        stream(.fusedPadded, pass: 60e6)])
        let g = try #require(c7(loss, "cold"))
        #expect(g.verdict == .refuted)
        #expect(g.note.contains("fused+pad") && g.note.contains("Holm"))
    }

    /// Item 10: cold and warm passes get a verdict each, and P* says where eager's edge ends.
    @Test func c7JudgesColdAndWarmAndFindsWhereEagersEdgeEnds() throws {
        // static: cold 140 ms (retracing), warm 60 ms; eager 100 ms either way.
        let r = run([stream(.eager, pass: 100e6, warm: 100e6), stream(.static, pass: 140e6, warm: 60e6, retrace: 0.05)])
        #expect(try #require(c7(r, "cold")).verdict == .supported)
        let w = try #require(c7(r, "warm"))
        #expect(w.verdict == .refuted)
        #expect(w.label.hasSuffix("warm"))
        // 40 ms extra on the cold pass, 40 ms saved per warm pass: static wins from pass 2 on.
        let p = try #require(Claims.streamBreakEven(r).first)
        #expect(p.mode == .static)
        #expect(abs(p.passes.estimate - 2) < 0.1)
        #expect(p.passes.low > 1.8 && p.passes.high < 2.2)
    }

    func speedup(pBelowOne k: Int) -> Speedup {
        // 199 replicates, k of them ≥ 1: one-sided p = (1 + k) / 200.
        let reps = (0..<199).map { $0 < 199 - k ? 0.9 : 1.1 }
        return Speedup(interval: .init(estimate: 0.95, low: 0.9, high: 0.99), paired: true, pairs: 15, unpaired: 0,
                       replicates: reps)
    }

    /// Item 10: "a strategy beats eager" over four strategies is Holm-corrected: p = 0.01 alone
    /// would pass α = 0.025, but not after multiplying by 4.
    @Test func c7RefutationIsHolmCorrected() {
        let weak = [speedup(pBelowOne: 1), speedup(pBelowOne: 99), speedup(pBelowOne: 99), speedup(pBelowOne: 99)]
        #expect(abs(weak[0].pValue(below: 1) - 0.01) < 1e-12)
        #expect(Claims.strategyBeatingEager(weak, alpha: 0.025) == nil)
        let strong = [speedup(pBelowOne: 99), speedup(pBelowOne: 0), speedup(pBelowOne: 99), speedup(pBelowOne: 99)]
        #expect(Claims.strategyBeatingEager(strong, alpha: 0.025)?.index == 1)   // 0.005 · 4 = 0.02
    }

    @Test func breakEvenIsExtraFirstStepOverSaving() throws {
        let r = run([synthetic(.eager, median: 100_000, spread: 0.001, phases: [.firstStep: 0.001]),
                     synthetic(.static, median: 80_000, spread: 0.001, phases: [.firstStep: 0.003]),
                     synthetic(.fused, median: 120_000, spread: 0.001, phases: [.firstStep: 0.004])])
        let rows = Claims.breakEven(r)
        let s = try #require(rows.first { $0.mode == .static })
        // 2 ms extra / 20 µs saved per step = 100 steps.
        #expect(abs(s.steps.estimate - 100) < 2)
        #expect(s.steps.contains(100))
        let f = try #require(rows.first { $0.mode == .fused })
        #expect(f.steps.estimate == .infinity)             // slower in steady state: never pays back
        #expect(Claims.stepsToBreakEven(extraSeconds: -0.001, saving: .init(estimate: 5, low: 4, high: 6)).estimate == 0)
    }

    @Test func flipsSkipInconclusiveSizes() {
        let a = run([synthetic(.eager, median: 100_000, batch: 1), synthetic(.static, median: 50_000, batch: 1),
                     synthetic(.eager, median: 100_000, spread: 0.2, batch: 32), synthetic(.static, median: 100_000, spread: 0.2, batch: 32),
                     synthetic(.eager, median: 50_000, batch: 256), synthetic(.static, median: 100_000, batch: 256)])
        let c1 = Claims.evaluate(a).filter { $0.claim == "C1" }
        #expect(c1.map(\.verdict) == [.supported, .inconclusive, .refuted])
        let flips = Claims.flips(c1)
        #expect(flips.count == 1)
        #expect(flips.first?.description == "C1 w: supported at b1, refuted at b256")
    }

    @Test func missingModesGiveNoFinding() {
        #expect(Claims.evaluate(run([synthetic(.eager, median: 1)])).isEmpty)
    }
}

@Suite struct ClaimsEdgeTests {
    @Test func resultsWithoutSamplesAreSkippedNotFatal() {
        var empty = synthetic(.static, median: 1)
        empty.samplesNs = []
        let r = run([synthetic(.eager, median: 100_000), empty])
        #expect(Claims.evaluate(r).isEmpty)
        #expect(Claims.breakEven(r).isEmpty)
    }
}
