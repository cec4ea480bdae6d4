import Foundation
import NNResults
import NNVocabulary
import Testing

// MARK: - Timing verdicts under realistic noise

@Suite("Comparison: timing verdicts")
struct ComparisonTimingTests {
    static let key = BenchmarkKey(workload: "mlp", mode: .eager, task: .train, batch: 32)

    /// Verdicts of `trials` seeded comparisons of two 15-sample sets, head shifted by `shift`.
    func verdicts(shift: Double, trials: Int = 200, samples: Int = 15) -> [ChangeVerdict: Int] {
        var counts: [ChangeVerdict: Int] = [:]
        for trial in 0..<trials {
            var rng = Xoshiro(seed: UInt64(1000 + trial))
            let base = Fixture.samples(samples, median: 1e6, rng: &rng)
            let head = Fixture.samples(samples, median: 1e6 * (1 + shift), rng: &rng)
            let t = Comparison.compareTiming(key: Self.key, base: base, head: head, threshold: 0.05,
                                             settings: ComparisonSettings(resamples: 1000, seed: UInt64(trial)))
            counts[t.verdict, default: 0] += 1
        }
        return counts
    }

    @Test("A/A: two sets from one distribution are 'no change' in at least 95% of 200 trials")
    func aaNoChange() {
        let counts = verdicts(shift: 0)
        #expect(counts[.noChange, default: 0] >= 190, "verdicts: \(counts)")
        #expect(counts[.slower, default: 0] + counts[.faster, default: 0] <= 10, "false alarms: \(counts)")
    }

    @Test("A/A with only 5 samples a side (the quick profile): 'undecided' often, a false alarm in at most 5%")
    func aaFewSamples() {
        let counts = verdicts(shift: 0, samples: 5)
        #expect(counts[.slower, default: 0] + counts[.faster, default: 0] <= 10, "verdicts: \(counts)")
    }

    @Test("A 10% slowdown under the same noise is 'slower' in at least 95% of 200 trials")
    func tenPercentSlower() {
        let counts = verdicts(shift: 0.10)
        #expect(counts[.slower, default: 0] >= 190, "verdicts: \(counts)")
        #expect(counts[.faster, default: 0] == 0)
    }

    @Test("A 10% speed-up is 'faster' in at least 95% of 200 trials")
    func tenPercentFaster() {
        let counts = verdicts(shift: -0.10)
        #expect(counts[.faster, default: 0] >= 190, "verdicts: \(counts)")
        #expect(counts[.slower, default: 0] == 0)
    }

    @Test("A significant change smaller than the threshold is 'no change'; a lower threshold catches it")
    func thresholdGatesSignificantChanges() {
        var rng = Xoshiro(seed: 7)
        let base = Fixture.samples(15, median: 1e6, sigma: 0.002, outliers: 0, rng: &rng)
        let head = Fixture.samples(15, median: 1.02e6, sigma: 0.002, outliers: 0, rng: &rng)
        let loose = Comparison.compareTiming(key: Self.key, base: base, head: head, threshold: 0.05)
        #expect(loose.p < 0.05 && loose.changeLow > 0, "the 2% shift is significant")
        #expect(loose.verdict == .noChange)
        let tight = Comparison.compareTiming(key: Self.key, base: base, head: head, threshold: 0.01)
        #expect(tight.verdict == .slower)
        #expect(abs(tight.change - 0.02) < 0.005)
    }

    @Test("Few, widely spread samples whose interval reaches past the threshold are 'undecided'")
    func noisy() {
        let base = [100.0, 150, 80, 120, 95], head = [130.0, 90, 160, 85, 110]
        let t = Comparison.compareTiming(key: Self.key, base: base, head: head, threshold: 0.05)
        #expect(t.p > 0.05)
        #expect(t.changeLow < -0.05 || t.changeHigh > 0.05)
        #expect(t.verdict == .undecided)
        #expect(t.baseMedian == 100 && t.headMedian == 110)
    }

    @Test("A workload's own threshold overrides the run's")
    func perWorkloadThreshold() {
        var rng = Xoshiro(seed: 11)
        let b = Fixture.samples(15, median: 1e6, sigma: 0.002, outliers: 0, rng: &rng)
        let h = Fixture.samples(15, median: 1.08e6, sigma: 0.002, outliers: 0, rng: &rng)
        let base = Fixture.run([Fixture.benchmark(samples: b), Fixture.benchmark("cnn", samples: b)])
        let head = Fixture.run([Fixture.benchmark(samples: h), Fixture.benchmark("cnn", samples: h)])
        let c = Comparison.compare(base: base, head: head, settings: ComparisonSettings(threshold: 0.05, workloadThresholds: ["mlp": 0.10]))
        let verdicts = Dictionary(uniqueKeysWithValues: c.timings.map { ($0.key.workload, $0.verdict) })
        #expect(verdicts == ["mlp": .noChange, "cnn": .slower])
        #expect(c.regressed)
    }
}
