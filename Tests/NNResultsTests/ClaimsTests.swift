import Foundation
import NNVocabulary
import Testing
@testable import NNResults

// MARK: - Synthetic results

/// A result whose samples are spread uniformly within ± `spread` (relative) of `median`.
func synthetic(_ mode: BenchmarkMode, median: Double, spread: Double = 0.01, n: Int = 15, batch: Int = 1,
               workload: String = "w", task: BenchmarkTask = .train, seed: UInt64 = 1,
               counters: [Counter: Double] = [:], phases: [Phase: Double] = [:]) -> BenchmarkResult {
    var rng = Xoshiro(seed: seed &+ fnv1a(mode.rawValue) &+ UInt64(batch))
    let samples = (0..<n).map { _ in median * (1 + spread * (2 * Double(rng.next() >> 11) / Double(1 << 53) - 1)) }
    return BenchmarkResult(workload: workload, mode: mode, task: task, batch: batch, samplesNs: samples,
                           stepsPerSample: 1, flopsPerStep: 1e6, counters: counters, phases: phases)
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
        let r = run([synthetic(.eager, median: 100_000, spread: 0.1), synthetic(.static, median: 100_500, spread: 0.1)])
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

    func firstStep(_ mode: BenchmarkMode, _ lo: Double, _ hi: Double) -> BenchmarkResult {
        synthetic(mode, median: 100_000, phases: [.firstStep: (lo + hi) / 2, .firstStepMin: lo, .firstStepMax: hi])
    }

    @Test func c5OrdersRangesOfFirstStepTimes() throws {
        let ordered = run([firstStep(.eager, 0.001, 0.0011), firstStep(.static, 0.002, 0.0022), firstStep(.fused, 0.003, 0.0033)])
        #expect(try #require(finding("C5", ordered)).verdict == .supported)
        let overlap = run([firstStep(.eager, 0.001, 0.0021), firstStep(.static, 0.002, 0.0022), firstStep(.fused, 0.003, 0.0033)])
        #expect(try #require(finding("C5", overlap)).verdict == .inconclusive)
        let reversed = run([firstStep(.eager, 0.001, 0.0011), firstStep(.static, 0.003, 0.0033), firstStep(.fused, 0.002, 0.0022)])
        let f = try #require(finding("C5", reversed))
        #expect(f.verdict == .refuted)
        #expect(f.note.contains("fused reaches its first step sooner than static"))
    }

    @Test func c5WithSingleMeasurementsUsesTheMargin() throws {
        let r = run([synthetic(.eager, median: 1, phases: [.firstStep: 0.001]),
                     synthetic(.static, median: 1, phases: [.firstStep: 0.00105])])
        #expect(try #require(finding("C5", r)).verdict == .inconclusive)   // 5% < the 10% margin
    }

    func stream(_ mode: BenchmarkMode, pass: Double, retrace: Double = 0) -> BenchmarkResult {
        synthetic(mode, median: pass, workload: "rnn-stream", task: .stream,
                  counters: [.streamBatches: 20, .retraces: retrace > 0 ? 5 : 0], phases: [.retraceTotal: retrace])
    }

    @Test func c7ComparesWholeColdPasses() throws {
        // Every sample is a cold pass, retracing included: static's 140 ms holds its 50 ms of
        // retracing, so eager (100 ms) wins; the closest strategy is fused+pad.
        let win = run([stream(.eager, pass: 100e6), stream(.static, pass: 140e6, retrace: 0.05),
                       stream(.fused, pass: 145e6, retrace: 0.06), stream(.staticPadded, pass: 130e6),
                       stream(.fusedPadded, pass: 120e6)])
        let f = try #require(finding("C7", win))
        #expect(f.verdict == .supported)
        #expect(f.effect.contains(1.2))                     // fused+pad: 120 / 100
        let loss = run([stream(.eager, pass: 100e6), stream(.static, pass: 140e6, retrace: 0.05),
                        stream(.fusedPadded, pass: 60e6)])
        let g = try #require(finding("C7", loss))
        #expect(g.verdict == .refuted)
        #expect(g.note.contains("fused+pad"))
    }

    @Test func c7DoesNotCountRetracingTwice() throws {
        // fused's 95 ms passes already contain its 50 ms of retracing: it beats eager's 100 ms.
        let r = run([stream(.eager, pass: 100e6), stream(.fused, pass: 95e6, retrace: 0.05)])
        let f = try #require(finding("C7", r))
        #expect(f.verdict == .refuted)
        #expect(f.effect.contains(0.95))
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
