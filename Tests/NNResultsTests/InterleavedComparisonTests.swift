import Foundation
import NNResults
import NNVocabulary
import Testing

// MARK: - Two sides of one lockstep measurement, judged round by round

@Suite("Lockstep comparisons (paired rounds)")
struct InterleavedComparisonTests {
    /// One side: 3 workers × 12 rounds; round r of worker w takes base × episode(w, r) × scale ×
    /// a small side-specific wiggle. `episode` is shared by both sides (a machine state of seconds).
    static func side(scale: Double, wiggle: UInt64, episode: (Int, Int) -> Double) -> BenchmarkResult {
        var rng = Xoshiro(seed: wiggle)
        var samples: [Double] = [], workers: [Int] = [], rounds: [Int] = []
        for w in 0..<3 {
            for r in 0..<12 {
                samples.append(1e6 * episode(w, r) * scale * exp(0.005 * Fixture.normal(&rng)))
                workers.append(w); rounds.append(r)
            }
        }
        var b = Fixture.benchmark(samples: samples)
        b.sampleWorkers = workers; b.sampleRounds = rounds
        b.sampleDisturbed = samples.map { _ in false }
        b.workers = 3
        return b
    }

    /// Episodes of the machine: worker pair 0 spends rounds 4–9 in a state twice as slow, pair 1
    /// all its rounds 40% slower (what `nnbench run` sees on these VMs with 2 OpenBLAS threads).
    static func episode(_ w: Int, _ r: Int) -> Double {
        switch w {
        case 0: return (4...9).contains(r) ? 2.0 : 1.0
        case 1: return 1.4
        default: return 1.0
        }
    }

    static func runs(headScale: Double, interleaved: Bool = true, sameSide: Bool = false) -> (RunResult, RunResult) {
        var base = Fixture.run([side(scale: 1, wiggle: 1, episode: episode)])
        // The episodes fall in the same rounds of both sides: they were seconds apart.
        var head = Fixture.run([side(scale: headScale, wiggle: 2, episode: episode)])
        if interleaved {
            base.interleave = Interleave(id: "x", side: "against-1", sides: ["head", "against-1"])
            head.interleave = Interleave(id: "x", side: sameSide ? "against-1" : "head", sides: ["head", "against-1"])
        }
        return (base, head)
    }

    @Test("Statistics: the sign test and the one-sample t-test give the textbook p-values")
    func tests() {
        #expect(abs(Statistics.signTest([Double](repeating: 0.1, count: 10)) - 2.0 / 1024) < 1e-12)
        #expect(Statistics.signTest([0.1, -0.1, 0.2, -0.2]) == 1)
        #expect(Statistics.signTest([0, 0]) == 1)
        // df = 2: p = 1 − |t| / sqrt(t² + 2); t = 2 / (1 / √3).
        let t = 2 / (1 / 3.0.squareRoot())
        #expect(abs(Statistics.oneSampleT([1, 2, 3]) - (1 - t / (t * t + 2).squareRoot())) < 1e-6)
        #expect(Statistics.oneSampleT([0, 0, 0]) == 1)
        #expect(Statistics.oneSampleT([0.1, 0.1]) == 0)
    }

    @Test("Paired log ratios: rounds pair by (worker, round); samples that do not pair give nil")
    func pairing() throws {
        let b = Self.side(scale: 1, wiggle: 1) { _, _ in 1 }
        var h = Self.side(scale: 1.1, wiggle: 1) { _, _ in 1 }
        let d = try #require(BenchmarkResult.pairedLogRatios(base: b, head: h))
        #expect(d.count == 3 && d.allSatisfy { $0.count == 12 })
        #expect(d.flatMap { $0 }.allSatisfy { abs($0 - log(1.1)) < 1e-9 })
        h.sampleRounds[5] = 99
        #expect(BenchmarkResult.pairedLogRatios(base: b, head: h) == nil)
        var noRounds = b
        noRounds.sampleRounds = []
        #expect(BenchmarkResult.pairedLogRatios(base: noRounds, head: b) == nil)
    }

    @Test("Same build, shared machine episodes: paired rounds see no change where the unpaired judgement cannot decide")
    func aaPasses() throws {
        let (base, head) = Self.runs(headScale: 1)
        let paired = Comparison.compare(base: base, head: head)
        let t = try #require(paired.timings.first)
        #expect(t.pairedRounds == 36)
        #expect(t.test == .pairedRounds)
        #expect(t.verdict == .noChange)
        #expect(abs(t.change) < 0.01)

        let (b2, h2) = Self.runs(headScale: 1, interleaved: false)
        let apart = try #require(Comparison.compare(base: b2, head: h2).timings.first)
        #expect(apart.pairedRounds == nil)
        #expect(apart.test == .workerMedians)
        #expect(apart.verdict == .undecided)
    }

    @Test("A 6% slowdown in every round is caught round by round")
    func slowdownCaught() throws {
        let (base, head) = Self.runs(headScale: 1.06)
        let c = Comparison.compare(base: base, head: head)
        let t = try #require(c.timings.first)
        #expect(t.verdict == .slower)
        #expect(abs(t.change - 0.06) < 0.01)
        #expect(t.changeLow > 0.04 && t.changeHigh < 0.08)
        let g = try #require(c.geometricMean)
        #expect(abs(g.ratio - 1.06) < 0.01)
    }

    @Test("Only two different sides of the same lockstep measurement are paired")
    func onlySameMeasurement() throws {
        let (base, head) = Self.runs(headScale: 1, sameSide: true)
        #expect(Comparison.compare(base: base, head: head).timings.first?.pairedRounds == nil)
        var (b2, h2) = Self.runs(headScale: 1)
        h2.interleave?.id = "another"
        #expect(Comparison.compare(base: b2, head: h2).timings.first?.pairedRounds == nil)
    }

    @Test("One worker pair: a sign test over the rounds")
    func oneWorker() throws {
        var (base, head) = Self.runs(headScale: 1.06)
        for r in [0, 1] {
            var b = r == 0 ? base.benchmarks[0] : head.benchmarks[0]
            let keep = b.sampleWorkers.indices.filter { b.sampleWorkers[$0] == 2 }
            b.samplesNs = keep.map { b.samplesNs[$0] }; b.sampleRounds = keep.map { b.sampleRounds[$0] }
            b.sampleWorkers = keep.map { _ in 0 }; b.sampleDisturbed = keep.map { _ in false }
            if r == 0 { base.benchmarks = [b] } else { head.benchmarks = [b] }
        }
        let t = try #require(Comparison.compare(base: base, head: head).timings.first)
        #expect(t.test == .pairedSigns)
        #expect(t.verdict == .slower)
        #expect(abs(t.p - 2.0 / 4096) < 1e-9)
    }
}
