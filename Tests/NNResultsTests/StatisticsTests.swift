import Foundation
import NNVocabulary
import Testing
@testable import NNResults

// MARK: - Order statistics and spread against hand-computed cases

@Suite struct StatisticsTests {
    @Test func quantileInterpolatesBetweenOrderStatistics() {
        // Type 7 (NumPy's default): h = (n − 1)·q. For [1, 2, 4, 8]: q = 0.5 → h = 1.5 → 2 + 0.5·(4 − 2) = 3.
        let x: [Double] = [1, 2, 4, 8]
        #expect(Statistics.quantile(sorted: x, 0.5) == 3)
        // q = 0.1 → h = 0.3 → 1 + 0.3·(2 − 1) = 1.3
        #expect(abs(Statistics.quantile(sorted: x, 0.1) - 1.3) < 1e-12)
        // q = 0.9 → h = 2.7 → 4 + 0.7·(8 − 4) = 6.8
        #expect(abs(Statistics.quantile(sorted: x, 0.9) - 6.8) < 1e-12)
        #expect(Statistics.quantile(sorted: x, 0) == 1)
        #expect(Statistics.quantile(sorted: x, 1) == 8)
    }

    @Test func quantileOfTiedInfinitiesIsNotNaN() {
        #expect(Statistics.quantile(sorted: [1, .infinity, .infinity], 0.75) == .infinity)
    }

    @Test func madOfASmallSample() {
        // [1, 1, 2, 2, 4, 6, 9]: median 2; |x − 2| = [1, 1, 0, 0, 2, 4, 7] → median 1.
        #expect(Statistics.mad([1, 1, 2, 2, 4, 6, 9]) == 1)
        // Even count: [1, 2, 3, 4]: median 2.5; deviations [1.5, 0.5, 0.5, 1.5] → 1.
        #expect(Statistics.mad([4, 1, 3, 2]) == 1)
    }

    @Test func descriptionMatchesHandComputedFigures() {
        let d = Statistics.Description([5, 1, 4, 2, 3])
        #expect(d.count == 5)
        #expect(d.median == 3)
        #expect(d.mad == 1)            // deviations [2, 2, 1, 1, 0] → 1
        #expect(d.min == 1 && d.max == 5)
        #expect(abs(d.p10 - 1.4) < 1e-12)  // h = 0.4
        #expect(abs(d.p90 - 4.6) < 1e-12)  // h = 3.6
        #expect(d.mean == 3)
    }

    // MARK: - Outliers

    @Test func outliersAreFlaggedByTheMADMedianRule() {
        // Median 10, MAD 1 → limit 3 · 1.4826 = 4.45: 15 is beyond (5 away), 14 is not (4 away).
        let x: [Double] = [9, 10, 11, 10, 9, 11, 15, 14, 10]
        #expect(Statistics.outlierIndices(x) == [6])
        #expect(Statistics.outlierIndices([10, 10, 10, 10, 10.001]).isEmpty)  // tie fallback: 0.1% of median
        #expect(Statistics.outlierIndices([10, 10, 10, 10, 11]) == [4])
        #expect(Statistics.outlierIndices([1, 100]).isEmpty)                 // too few to judge
    }

    // MARK: - Mann-Whitney U against SciPy

    // Expected values from SciPy 1.17.1:
    // scipy.stats.mannwhitneyu(a, b, alternative='two-sided', method='asymptotic', use_continuity=True)
    @Test(arguments: [
        ([1.1, 2.3, 3.5, 4.2, 5.9, 6.1, 7.4], [3.3, 5.5, 8.1, 9.6, 10.2, 11.8], 8.0, 0.07414553111140683),
        ([1, 2, 2, 3, 3, 3, 4], [3, 4, 4, 5, 5, 6], 3.5, 0.012999854364387305),
        ([10.5, 11.2, 9.8, 10.1, 10.9, 11.5, 10.0, 10.3, 9.9, 10.7],
         [10.4, 11.0, 10.8, 11.3, 10.6, 11.7, 11.1, 10.2, 11.4, 11.9, 12.0], 24.0, 0.03173399375689655),
    ])
    func mannWhitneyMatchesSciPy(a: [Double], b: [Double], u: Double, p: Double) {
        let r = Statistics.mannWhitneyU(a, b)
        #expect(r.u == u)
        #expect(abs(r.p - p) < 1e-9)
    }

    @Test func mannWhitneyOfIdenticalSamplesIsOne() {
        #expect(Statistics.mannWhitneyU([3, 3, 3], [3, 3]).p == 1)
        #expect(Statistics.mannWhitneyU([], [1, 2]).p == 1)
    }

    // MARK: - Bootstrap coverage on known distributions

    /// Exp(1) by inversion: its median is ln 2.
    static func exponential(_ n: Int, _ rng: inout Xoshiro) -> [Double] {
        (0..<n).map { _ in -log(1 - Double(rng.next() >> 11) / Double(1 << 53)) }
    }

    @Test func bootstrapIntervalOfTheMedianCoversTheTrueMedian() {
        var rng = Xoshiro(seed: 2026)
        let trials = 400
        var covered = 0
        for t in 0..<trials {
            let x = Self.exponential(31, &rng)
            let ci = Statistics.bootstrapCI(x, resamples: 400, seed: UInt64(t))
            if ci.low <= log(2) && log(2) <= ci.high { covered += 1 }
        }
        let rate = Double(covered) / Double(trials)
        // 95% nominal; the binomial sd of 400 trials is 1.1%, and percentile intervals of a
        // median run slightly wide or narrow at small n: allow ±4%.
        #expect(rate >= 0.91 && rate <= 0.99, "coverage \(rate)")
        print("bootstrap median coverage: \(rate)")
    }

    @Test func pairedRatioIntervalCoversTheTrueRatioUnderSharedDrift() {
        var rng = Xoshiro(seed: 7)
        let trials = 200
        var covered = 0, narrower = 0
        for t in 0..<trials {
            // Each round shares a drift factor (as interleaved modes do); a is b's time × 2.
            let drift = (0..<21).map { _ in 1 + 0.3 * Double(rng.next() >> 11) / Double(1 << 53) }
            let a = Self.exponential(21, &rng).enumerated().map { 2 * (1 + 0.1 * $0.element) * drift[$0.offset] }
            let b = Self.exponential(21, &rng).enumerated().map { (1 + 0.1 * $0.element) * drift[$0.offset] }
            let p = Statistics.ratioCI(a, b, paired: true, resamples: 400, seed: UInt64(t))
            let u = Statistics.ratioCI(a, b, paired: false, resamples: 400, seed: UInt64(t))
            if p.low <= 2 && 2 <= p.high { covered += 1 }
            if p.high - p.low < u.high - u.low { narrower += 1 }
        }
        let rate = Double(covered) / Double(trials)
        #expect(rate >= 0.89 && rate <= 0.995, "coverage \(rate)")
        // Pairing cancels the shared drift: the paired interval is narrower most of the time.
        #expect(narrower > trials / 2)
    }

    // MARK: - Paired bootstrap

    @Test func pairedBootstrapKeepsRowsTogether() {
        // b is a exactly halved row by row: every resample's ratio of medians is exactly 2.
        let a: [Double] = [3, 9, 4, 7, 5, 8, 6]
        let b = a.map { $0 / 2 }
        let r = Statistics.pairedBootstrap([a, b]) { Statistics.median($0[0]) / Statistics.median($0[1]) }
        #expect(r.estimate == 2 && r.low == 2 && r.high == 2)
    }

    @Test func pairedBootstrapIsUnboundedWhenTheStatisticIsMostlyUndefined() {
        let r = Statistics.pairedBootstrap([[1, 1, 1], [1, 1, 1]]) { _ in .nan }
        #expect(r.low == -.infinity && r.high == .infinity)
    }

    @Test func bootstrapIsDeterministicForASeed() {
        let x: [Double] = [5, 3, 8, 1, 9, 2, 7]
        #expect(Statistics.bootstrapCI(x, seed: 9) == Statistics.bootstrapCI(x, seed: 9))
    }
}
