#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Judging one benchmark's timing with the worker process as the unit

/// The test behind a comparison's p-value.
public enum ChangeTest: String, Sendable, Codable {
    /// Welch's t-test on the log of each worker's median: the unit is the process, so a
    /// process that landed in a slow state counts once, not once per sample.
    case workerMedians = "Welch t on log worker medians"
    /// Mann-Whitney U on the pooled samples, when a side has a single worker: it cannot see
    /// the spread between processes and is over-confident across runs.
    case samples = "Mann-Whitney U on samples (one worker on a side: between-process spread unseen)"
    /// Rounds taken in lockstep (`nnbench run --against`): one-sample t on each worker pair's
    /// median of log(head/base) over its paired rounds; the unit is still the process pair.
    case pairedRounds = "one-sample t on worker pairs' median log ratios of rounds taken in lockstep"
    /// Lockstep rounds from a single worker pair: a sign test over the paired rounds (the spread
    /// between process pairs is unseen).
    case pairedSigns = "sign test on rounds taken in lockstep (one worker pair: between-process spread unseen)"
}

extension Comparison {
    /// Judges one benchmark of two runs (its samples grouped by worker).
    public static func compareTiming(key: BenchmarkKey, base: BenchmarkResult, head: BenchmarkResult, threshold: Double,
                                     settings: ComparisonSettings = .init()) -> TimingComparison {
        var t = compareTiming(key: key, base: base.workerGroups, head: head.workerGroups, threshold: threshold, settings: settings)
        t.baseDisturbance = base.disturbanceText
        t.headDisturbance = head.disturbanceText
        return t
    }

    /// Judges two sample sets of one benchmark that carry no worker indices (one group each).
    /// - Precondition: both sides hold at least one sample.
    public static func compareTiming(key: BenchmarkKey, base: [Double], head: [Double], threshold: Double,
                                     settings: ComparisonSettings = .init()) -> TimingComparison {
        compareTiming(key: key, base: [base], head: [head], threshold: threshold, settings: settings)
    }

    /// Judges two runs' samples of one benchmark, grouped by worker (nanoseconds per step).
    ///
    /// The change and its interval come from a hierarchical bootstrap (workers, then samples).
    /// With at least 2 workers a side the p-value is Welch's t on log worker medians; with
    /// fewer it is Mann-Whitney U on the samples (`test` says which). A change counts only when
    /// p < alpha, the interval excludes 0 and the change is at least `threshold`; beyond the
    /// threshold without significance it is `undecided`.
    /// - Precondition: both sides hold at least one sample.
    public static func compareTiming(key: BenchmarkKey, base: [[Double]], head: [[Double]], threshold: Double,
                                     settings: ComparisonSettings = .init()) -> TimingComparison {
        let b = base.filter { !$0.isEmpty }, h = head.filter { !$0.isEmpty }
        precondition(!b.isEmpty && !h.isEmpty, "compareTiming: \(key) has no samples on one side")
        let r = Statistics.hierarchicalRatio(h, b, level: settings.level, resamples: settings.resamples, seed: settings.seed)
        let logB = b.map { log(Statistics.median($0)) }, logH = h.map { log(Statistics.median($0)) }
        let welch = b.count >= 2 && h.count >= 2 ? Statistics.welchT(logH, logB) : nil
        let test: ChangeTest, p: Double
        if b.count >= 2 && h.count >= 2 {
            // Equal worker medians on both sides (zero variance) leave nothing to test: p = 1.
            test = .workerMedians; p = welch?.p ?? (logB == logH ? 1 : 0)
        } else {
            test = .samples; p = Statistics.mannWhitneyU(h.flatMap { $0 }, b.flatMap { $0 }).p
        }
        let change = r.ratio - 1, low = r.low - 1, high = r.high - 1
        let verdict = ChangeVerdict(change: change, low: low, high: high, p: p, alpha: settings.alpha, threshold: threshold)
        let fb = b.flatMap { $0 }, fh = h.flatMap { $0 }
        return TimingComparison(
            key: key, baseMedian: Statistics.median(fb), headMedian: Statistics.median(fh), headMAD: Statistics.mad(fh),
            change: change, changeLow: low, changeHigh: high, p: p, threshold: threshold, verdict: verdict,
            baseSamples: fb.count, headSamples: fh.count, baseWorkers: b.count, headWorkers: h.count, test: test,
            workersToDecide: verdict == .undecided ? workersToDecide(logB, logH, change: change, threshold: threshold, alpha: settings.alpha) : nil,
            baseDisturbance: nil, headDisturbance: nil)
    }

    /// About how many workers a side a two-sided Welch test at `alpha` with 80% power needs to
    /// call a change of max(|change|, threshold) at the pooled spread of the log worker medians
    /// (normal approximation); nil when a side has one worker (no spread to go by) or the
    /// answer exceeds 100.
    static func workersToDecide(_ logB: [Double], _ logH: [Double], change: Double, threshold: Double, alpha: Double) -> Int? {
        guard logB.count >= 2, logH.count >= 2 else { return nil }
        return unitsToDecide(variance: Statistics.sampleVariance(logB) + Statistics.sampleVariance(logH),
                             have: max(logB.count, logH.count), change: change, threshold: threshold, alpha: alpha)
    }

    /// Units (workers a side, or worker pairs) for 80% power at `alpha` to call a change of
    /// max(|change|, threshold) when the difference of the log values has `variance` per unit
    /// (normal approximation): at least one more than the `have` already measured; nil when the
    /// answer exceeds 100. The unpaired and the paired (lockstep) judgements both use it.
    static func unitsToDecide(variance: Double, have: Int, change: Double, threshold: Double, alpha: Double) -> Int? {
        let delta = log(1 + max(abs(change), threshold))
        guard delta > 0 else { return nil }
        let z = Statistics.normalQuantile(1 - alpha / 2) + Statistics.normalQuantile(0.8)
        let n = ((z * z) * variance / (delta * delta)).rounded(.up)
        guard n.isFinite, n <= 100 else { return nil }
        return max(Int(n) + 1, have + 1)
    }
}

extension Statistics {
    /// The sample variance (n − 1 in the denominator).
    /// - Precondition: at least two values.
    public static func sampleVariance(_ x: [Double]) -> Double {
        precondition(x.count >= 2, "sampleVariance: needs at least two values")
        let m = mean(x)
        return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
    }

    /// The standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9).
    public static func normalQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "normalQuantile: p must be in (0, 1)")
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                 -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                 -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        if p < low || p > 1 - low {
            let q = (-2 * log(p < low ? p : 1 - p)).squareRoot()
            let x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
            return p < low ? x : -x
        }
        let q = p - 0.5, r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
}

extension ChangeVerdict {
    /// The verdict rule every timing comparison shares: a change counts only when p < alpha,
    /// the interval [low, high] excludes 0 and |change| ≥ threshold (faster or slower); beyond the
    /// threshold, or with an interval reaching past both −threshold and +threshold, without
    /// significance it is undecided; otherwise no change.
    init(change: Double, low: Double, high: Double, p: Double, alpha: Double, threshold: Double) {
        let significant = p < alpha && (low > 0 || high < 0)
        if significant && abs(change) >= threshold {
            self = change > 0 ? .slower : .faster
        } else if !significant && (abs(change) >= threshold || (low <= -threshold && high >= threshold)) {
            self = .undecided
        } else {
            self = .noChange
        }
    }
}
