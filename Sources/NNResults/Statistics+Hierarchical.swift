#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Workers as the unit of replication: hierarchical bootstrap and a test on worker medians

extension Statistics {
    /// Samples split by the worker process that took them, in worker order; one group holding
    /// every sample when `workers` is empty (a result without worker indices).
    /// - Precondition: `workers` is empty or as long as `samples`.
    public static func groups(_ samples: [Double], workers: [Int]) -> [[Double]] {
        guard !workers.isEmpty else { return samples.isEmpty ? [] : [samples] }
        precondition(workers.count == samples.count, "Statistics.groups: \(workers.count) worker indices for \(samples.count) samples")
        var byWorker: [Int: [Double]] = [:]
        for (x, w) in zip(samples, workers) { byWorker[w, default: []].append(x) }
        return byWorker.keys.sorted().compactMap { byWorker[$0] }
    }

    /// One hierarchical resample of `groups` into `out`: draw as many groups as there are, with
    /// replacement, then from each drawn group as many samples as it has, with replacement.
    @inline(__always)
    static func hierarchicalResample(_ groups: [[Double]], into out: inout [Double], _ rng: inout Xoshiro) {
        out.removeAll(keepingCapacity: true)
        for _ in groups.indices {
            let g = groups[rng.below(groups.count)]
            for _ in g.indices { out.append(g[rng.below(g.count)]) }
        }
    }

    /// The median of all samples and its hierarchical bootstrap interval (resample workers, then
    /// samples within them): when workers disagree the interval widens to cover them, where a
    /// bootstrap of pooled samples would stay narrow around the pooled median.
    ///
    /// With one group this is exactly `medianInterval` (the plain bootstrap of the samples).
    public static func hierarchicalMedianInterval(_ groups: [[Double]], level: Double = StatisticsPolicy.standard.level,
                                                  resamples: Int = StatisticsPolicy.standard.resamples,
                                                  seed: UInt64 = 1) -> Interval {
        let all = groups.flatMap { $0 }
        precondition(!all.isEmpty, "hierarchicalMedianInterval: no samples")
        guard groups.count > 1 else { return medianInterval(all, level: level, resamples: resamples, seed: seed) }
        var rng = Xoshiro(seed: seed)
        var buf: [Double] = []
        buf.reserveCapacity(all.count * 2)
        var stats = [Double](repeating: 0, count: resamples)
        for r in 0..<resamples {
            hierarchicalResample(groups, into: &buf, &rng)
            stats[r] = median(buf)
        }
        stats.sort()
        let q = (1 - level) / 2
        return Interval(estimate: median(all), low: quantile(sorted: stats, q), high: quantile(sorted: stats, 1 - q))
    }

    /// The ratio median(a) / median(b) of two runs' samples with a hierarchical bootstrap
    /// interval (each side resampled on its own, workers then samples). With one group a side it
    /// is exactly `ratioCI(paired: false)`.
    public static func hierarchicalRatio(_ a: [[Double]], _ b: [[Double]], level: Double = StatisticsPolicy.standard.level,
                                         resamples: Int = StatisticsPolicy.standard.resamples,
                                         seed: UInt64 = 1) -> (ratio: Double, low: Double, high: Double) {
        let fa = a.flatMap { $0 }, fb = b.flatMap { $0 }
        precondition(!fa.isEmpty && !fb.isEmpty, "hierarchicalRatio: no samples on one side")
        guard a.count > 1 || b.count > 1 else {
            return ratioCI(fa, fb, paired: false, level: level, resamples: resamples, seed: seed)
        }
        var rng = Xoshiro(seed: seed)
        var ra: [Double] = [], rb: [Double] = []
        var stats = [Double](repeating: 0, count: resamples)
        for r in 0..<resamples {
            hierarchicalResample(a, into: &ra, &rng)
            hierarchicalResample(b, into: &rb, &rng)
            stats[r] = median(ra) / median(rb)
        }
        stats.sort()
        let q = (1 - level) / 2
        return (median(fa) / median(fb), quantile(sorted: stats, q), quantile(sorted: stats, 1 - q))
    }

    // MARK: - Welch's t-test on log worker medians

    /// Welch's two-sample t-test (unequal variances) with the Welch–Satterthwaite degrees of
    /// freedom; nil when a side has fewer than 2 values or both variances are 0.
    /// - Returns: t, the degrees of freedom and the two-sided p-value.
    public static func welchT(_ a: [Double], _ b: [Double]) -> (t: Double, df: Double, p: Double)? {
        guard a.count >= 2, b.count >= 2 else { return nil }
        let na = Double(a.count), nb = Double(b.count)
        let ma = mean(a), mb = mean(b)
        let sa = sampleVariance(a) / na, sb = sampleVariance(b) / nb
        guard sa + sb > 0 else { return nil }
        let t = (ma - mb) / (sa + sb).squareRoot()
        let df = (sa + sb) * (sa + sb) / (sa * sa / (na - 1) + sb * sb / (nb - 1))
        return (t, df, studentTwoSidedP(t, df: df))
    }

    /// P(|T| ≥ |t|) for Student's t with `df` degrees of freedom: I_{df/(df+t²)}(df/2, 1/2).
    public static func studentTwoSidedP(_ t: Double, df: Double) -> Double {
        guard t.isFinite else { return t.isNaN ? 1 : 0 }
        return min(1, max(0, regularizedBeta(df / (df + t * t), df / 2, 0.5)))
    }

    /// The two-sided critical value of Student's t at `alpha` (bisection on `studentTwoSidedP`).
    public static func studentCritical(alpha: Double, df: Double) -> Double {
        var lo = 0.0, hi = 1e3
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if studentTwoSidedP(mid, df: df) > alpha { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// The regularized incomplete beta function I_x(a, b) (continued fraction, Lentz's method).
    static func regularizedBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let lnFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(1 - x)
        if x > (a + 1) / (a + b + 2) { return 1 - regularizedBeta(1 - x, b, a) }
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        d = abs(d) < tiny ? tiny : d
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d; d = abs(d) < tiny ? tiny : d; d = 1 / d
            c = 1 + even / c; c = abs(c) < tiny ? tiny : c
            h *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d; d = abs(d) < tiny ? tiny : d; d = 1 / d
            c = 1 + odd / c; c = abs(c) < tiny ? tiny : c
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-14 { break }
        }
        return exp(lnFront) * h / a
    }
}
