#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NNVocabulary

// MARK: - Descriptive statistics and resampling, over raw samples

/// Order statistics, spread, bootstrap confidence intervals and rank tests.
///
/// Everything here is deterministic: resampling takes an explicit seed, so the same samples
/// always give the same interval (reports can be re-rendered from an HDF5 file bit for bit).
public enum Statistics {
    /// The q-quantile (0…1) by linear interpolation between order statistics (type 7, as NumPy).
    /// - Precondition: `sorted` is non-empty and ascending.
    public static func quantile(sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty, "quantile of no samples")
        let h = Double(sorted.count - 1) * min(max(q, 0), 1)
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        if sorted[lo] == sorted[hi] { return sorted[lo] }   // also keeps ±∞ from becoming NaN
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    public static func median(_ x: [Double]) -> Double { quantile(sorted: x.sorted(), 0.5) }

    public static func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(max(x.count, 1)) }

    /// Median absolute deviation from the median (unscaled).
    public static func mad(_ x: [Double]) -> Double {
        let m = median(x)
        return median(x.map { abs($0 - m) })
    }

    /// Percentile bootstrap confidence interval of `statistic` over `x`.
    /// - Parameters:
    ///   - level: the coverage, 0.95 for a 95% interval.
    ///   - resamples: bootstrap replicates (see `StatisticsPolicy`).
    public static func bootstrapCI(_ x: [Double], level: Double = StatisticsPolicy.standard.level, resamples: Int = StatisticsPolicy.standard.resamples, seed: UInt64 = 1,
                                   statistic: ([Double]) -> Double = median) -> (low: Double, high: Double) {
        guard x.count > 1 else { let v = x.first ?? .nan; return (v, v) }
        var rng = Xoshiro(seed: seed)
        var stats = [Double](repeating: 0, count: resamples)
        var buf = [Double](repeating: 0, count: x.count)
        for r in 0..<resamples {
            for i in 0..<x.count { buf[i] = x[rng.below(x.count)] }
            stats[r] = statistic(buf)
        }
        stats.sort()
        let a = (1 - level) / 2
        return (quantile(sorted: stats, a), quantile(sorted: stats, 1 - a))
    }

    /// The ratio median(a) / median(b) and its bootstrap interval.
    /// - Parameter paired: resample (a[i], b[i]) pairs together (samples taken in the same
    ///   round, as the runner interleaves modes); otherwise resample each side on its own.
    public static func ratioCI(_ a: [Double], _ b: [Double], paired: Bool, level: Double = StatisticsPolicy.standard.level,
                               resamples: Int = StatisticsPolicy.standard.resamples, seed: UInt64 = 1) -> (ratio: Double, low: Double, high: Double) {
        let ratio = median(a) / median(b)
        guard a.count > 1, b.count > 1 else { return (ratio, ratio, ratio) }
        precondition(!paired || a.count == b.count, "ratioCI: paired samples need equal counts")
        var rng = Xoshiro(seed: seed)
        var stats = [Double](repeating: 0, count: resamples)
        var ra = [Double](repeating: 0, count: a.count), rb = [Double](repeating: 0, count: b.count)
        for r in 0..<resamples {
            if paired {
                for i in 0..<a.count { let j = rng.below(a.count); ra[i] = a[j]; rb[i] = b[j] }
            } else {
                for i in 0..<a.count { ra[i] = a[rng.below(a.count)] }
                for i in 0..<b.count { rb[i] = b[rng.below(b.count)] }
            }
            stats[r] = median(ra) / median(rb)
        }
        stats.sort()
        let q = (1 - level) / 2
        return (ratio, quantile(sorted: stats, q), quantile(sorted: stats, 1 - q))
    }

    /// Two-sided Mann-Whitney U test (normal approximation with tie correction and continuity
    /// correction). - Returns: U of `a` and the p-value; p = 1 when either side is empty or
    /// every value is tied.
    public static func mannWhitneyU(_ a: [Double], _ b: [Double]) -> (u: Double, p: Double) {
        let n1 = Double(a.count), n2 = Double(b.count)
        guard n1 > 0, n2 > 0 else { return (0, 1) }
        let all = (a.map { ($0, 0) } + b.map { ($0, 1) }).sorted { $0.0 < $1.0 }
        var rankSumA = 0.0, tieTerm = 0.0
        var i = 0
        while i < all.count {
            var j = i
            while j + 1 < all.count && all[j + 1].0 == all[i].0 { j += 1 }
            let rank = Double(i + j) / 2 + 1
            let t = Double(j - i + 1)
            tieTerm += t * t * t - t
            for k in i...j where all[k].1 == 0 { rankSumA += rank }
            i = j + 1
        }
        let u = rankSumA - n1 * (n1 + 1) / 2
        let n = n1 + n2
        let variance = n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        guard variance > 0 else { return (u, 1) }
        let z = (abs(u - n1 * n2 / 2) - 0.5) / variance.squareRoot()
        return (u, min(1, erfc(max(z, 0) / 2.0.squareRoot())))
    }
}

// MARK: - A seeded generator for resampling

/// xoshiro256**: fast and statistically sound for resampling; seeded through SplitMix64.
public struct Xoshiro: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var seeder = SplitMix64(seed: seed)
        s = (seeder.next(), seeder.next(), seeder.next(), seeder.next())
    }

    public mutating func next() -> UInt64 {
        let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
        let t = s.1 << 17
        s.2 ^= s.0; s.3 ^= s.1; s.1 ^= s.2; s.0 ^= s.3
        s.2 ^= t
        s.3 = s.3 << 45 | s.3 >> 19
        return result
    }

    /// A uniform integer in 0..<n (Lemire's multiply-shift; the bias is below 2⁻³² for n < 2³²).
    @inline(__always) public mutating func below(_ n: Int) -> Int {
        Int((UInt64(truncatingIfNeeded: next() >> 32) &* UInt64(n)) >> 32)
    }
}

/// FNV-1a of a string's UTF-8: a hash that, unlike `hashValue`, is the same in every process
/// (the seeds of shuffled rounds and bootstrap resamples are derived from benchmark names).
public func fnv1a(_ s: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return h
}
