import NNVocabulary

// MARK: - Where eager's edge on a stream ends: passes after which a graph strategy wins

/// For one stream strategy against eager: after how many passes over the stream in one session
/// (the first cold, the rest warm) the strategy's total time drops below eager's.
///
/// Totals over P passes: eager cold + (P − 1) · eager warm, strategy cold + (P − 1) · strategy
/// warm; the strategy wins from P* = 1 + (its cold pass − eager's) / (eager's warm pass − its
/// warm pass) on. The cold difference is of medians; the warm saving is the median of per-round
/// differences with its interval, which maps to P*'s interval.
public struct StreamBreakEven: Sendable, Equatable {
    public var workload: String
    public var batch: Int
    public var sequenceLength: Int
    public var mode: BenchmarkMode
    /// Median cold pass of the strategy − eager's, nanoseconds (retracing included).
    public var extraColdNs: Double
    /// Eager's warm pass − the strategy's, nanoseconds, with its interval.
    public var warmSavingNs: Statistics.Interval
    /// P*: 1 when the strategy already wins the first (cold) pass, +∞ when it never wins.
    public var passes: Statistics.Interval
}

extension Claims {
    /// P* for every stream strategy of `run` that has cold and warm samples, beside eager's.
    public static func streamBreakEven(_ run: RunResult, policy: ClaimPolicy = ClaimPolicy()) -> [StreamBreakEven] {
        var out: [StreamBreakEven] = []
        for g in benchmarkGroups(run) where g.task == .stream {
            guard let e = g[.eager], !e.warmSamplesNs.isEmpty else { continue }
            for m in streamStrategies {
                guard let r = g[m], !r.warmSamplesNs.isEmpty else { continue }
                let extra = Statistics.median(r.samplesNs) - Statistics.median(e.samplesNs)
                let saving = savingPerStep(e.warmSeries, r.warmSeries, policy, seed: fnv1a(r.groupPath + "/p*"))
                let n = stepsToBreakEven(extraSeconds: extra * 1e-9, saving: saving)
                let passes = Statistics.Interval(estimate: 1 + n.estimate, low: 1 + n.low, high: 1 + n.high)
                out.append(StreamBreakEven(workload: g.workload, batch: g.batch, sequenceLength: g.sequenceLength, mode: m,
                                           extraColdNs: extra, warmSavingNs: saving, passes: passes))
            }
        }
        return out
    }
}
