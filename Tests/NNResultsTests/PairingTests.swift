import Testing
@testable import NNResults

// MARK: - Item 8: ratios between modes come from samples paired by (worker, round)

@Suite struct PairingTests {
    /// Eager drifts from 100 µs to 200 µs over 16 rounds; static takes 0.8 × eager's time in the
    /// same round. Static's samples are stored in reverse round order.
    func drifting(reverseStatic: Bool) -> (eager: BenchmarkResult, statik: BenchmarkResult) {
        let n = 16
        let e = (0..<n).map { 100_000 * (1 + Double($0) / Double(n - 1)) }
        var order = Array(0..<n)
        if reverseStatic { order.reverse() }
        let eager = BenchmarkResult(workload: "w", mode: .eager, task: .train, batch: 1, samplesNs: e, stepsPerSample: 1,
                                    flopsPerStep: 1, sampleWorkers: [Int](repeating: 0, count: n), sampleRounds: Array(0..<n))
        let statik = BenchmarkResult(workload: "w", mode: .static, task: .train, batch: 1, samplesNs: order.map { 0.8 * e[$0] },
                                     stepsPerSample: 1, flopsPerStep: 1, sampleWorkers: [Int](repeating: 0, count: n),
                                     sampleRounds: order)
        return (eager, statik)
    }

    @Test func speedUpPairsByRoundNotByPosition() {
        let (e, s) = drifting(reverseStatic: true)
        let sp = s.speedup(over: e)
        #expect(sp.paired && sp.pairs == 16 && sp.unpaired == 0)
        // Every round's ratio is exactly 1.25: the interval has no width. Pairing by position
        // (the old rule for equal counts) mixes early and late rounds and gives a wide one.
        #expect(abs(sp.interval.estimate - 1.25) < 1e-12)
        #expect(abs(sp.interval.low - 1.25) < 1e-12 && abs(sp.interval.high - 1.25) < 1e-12)
    }

    @Test func aSampleWithoutPartnerIsLeftOutAndCounted() {
        var (e, s) = drifting(reverseStatic: false)
        s.samplesNs.removeLast(); s.sampleRounds.removeLast(); s.sampleWorkers.removeLast()
        e.samplesNs[0] = 1e9            // a wild sample in a round static also has: paired, ratio only in one row
        let sp = s.speedup(over: e)
        #expect(sp.pairs == 15 && sp.unpaired == 1)
        #expect(abs(sp.interval.estimate - 1.25) < 1e-12)
    }

    @Test func equalCountsWithoutRoundIndicesAreNotPaired() {
        var (e, s) = drifting(reverseStatic: false)
        e.sampleRounds = []; s.sampleRounds = []
        let sp = s.speedup(over: e)
        #expect(!sp.paired && sp.pairs == 0)
    }

    @Test func rowsMatchByWorkerAndRound() throws {
        let a = SampleSeries(values: [1, 2, 3, 4], workers: [0, 0, 1, 1], rounds: [0, 1, 0, 1])
        let b = SampleSeries(values: [10, 30, 40], workers: [0, 1, 1], rounds: [0, 0, 1])
        let rows = try #require(PairedRows([a, b]))
        #expect(rows.columns == [[1, 3, 4], [10, 30, 40]])
        #expect(rows.workers == [0, 1, 1])
        #expect(rows.unpaired == [1, 0])
        #expect(PairedRows([a, SampleSeries(values: [1, 2])]) == nil)
    }

    @Test func severalWorkersWidenTheIntervalHierarchically() throws {
        // Two workers whose ratios differ (1.1 vs 1.4): the two-stage bootstrap must reach both
        // ends, while one worker's rows alone give a point.
        let n = 10
        let base = SampleSeries(values: [Double](repeating: 100, count: 2 * n),
                                workers: [Int](repeating: 0, count: n) + [Int](repeating: 1, count: n),
                                rounds: Array(0..<n) + Array(0..<n))
        var head = base
        head.values = [Double](repeating: 100 / 1.1, count: n) + [Double](repeating: 100 / 1.4, count: n)
        let s = Speedup.of(head, over: base, seed: 7)
        #expect(s.interval.low < 1.11 && s.interval.high > 1.39)
    }
}

// MARK: - Item 11: a supported speed-up has a size

@Suite struct PracticalMarginTests {
    @Test(arguments: [(102_000.0, Verdict.negligible), (99_000.0, .negligible), (150_000.0, .supported),
                      (80_000.0, .refuted), (105_000.0, .inconclusive)])
    func c1NeedsMoreThanTheMargin(eager: Double, expected: Verdict) throws {
        let r = run([synthetic(.eager, median: eager, spread: 0.005), synthetic(.static, median: 100_000, spread: 0.005)])
        let f = try #require(finding("C1", r))
        #expect(f.verdict == expected, "\(f.effect)")
    }

    @Test func theMarginIsAPolicyValue() throws {
        let r = run([synthetic(.eager, median: 102_000, spread: 0.005), synthetic(.static, median: 100_000, spread: 0.005)])
        var p = ClaimPolicy()
        p.practicalMargin = 0.01
        let f = try #require(Claims.evaluate(r, policy: p).first { $0.claim == "C1" })
        #expect(f.verdict == .supported)
    }
}

// MARK: - Holm

@Suite struct HolmTests {
    @Test func holmStepsDown() {
        // Sorted p: 0.01 (×3), 0.02 (×2), 0.04 (×1), made monotone.
        let a = Statistics.holm([0.04, 0.01, 0.02])
        #expect(zip(a, [0.04, 0.03, 0.04]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(Statistics.holm([0.6, 0.5]) == [1, 1])
        #expect(Statistics.holm([]) == [])
    }
}
