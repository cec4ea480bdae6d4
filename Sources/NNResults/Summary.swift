import NNVocabulary

// MARK: - One benchmark's numbers, computed once for every reporter

/// The figures every reporter shows for one benchmark (Markdown, HDF5 summary table, compare):
/// computed here once so that they always agree.
///
/// Times are nanoseconds per step (per pass over the stream for `task: .stream`).
public struct Summary: Sendable, Equatable {
    public var workload: String
    public var mode: BenchmarkMode
    public var task: BenchmarkTask
    public var batch: Int
    public var sequenceLength: Int
    /// Median, MAD, min, max, p10, p90 and mean of the samples.
    public var stats: Statistics.Description
    /// The median and its hierarchical bootstrap interval (at the policy's level).
    public var median: Statistics.Interval
    /// Training (or inference) samples processed per second at the median.
    public var samplesPerSecond: Double
    /// Analytic FLOPs per step over the median time.
    public var gflops: Double
    /// `gflops` as a percentage of the run's measured sgemm peak; nil when no peak was measured.
    public var percentOfPeak: Double?
    public var allocationsPerStep: Double?
    public var peakBytes: Double?
    /// Time from creating the session to the end of the first step (trace + compile included).
    public var firstStepSeconds: Double?
    /// Indices of samples flagged by the policy's outlier rule (kept, only flagged).
    public var outlierIndices: [Int]

    /// Summarizes `r`; `peakGflops` is the run's sgemm peak (0 when not measured).
    /// - Precondition: `r` has at least one sample.
    public init(_ r: BenchmarkResult, peakGflops: Double, policy: StatisticsPolicy = .standard) {
        precondition(!r.samplesNs.isEmpty, "Summary of \(r.groupPath): no samples")
        workload = r.workload; mode = r.mode; task = r.task
        batch = r.batch; sequenceLength = r.sequenceLength
        stats = Statistics.Description(r.samplesNs)
        // Hierarchical (workers, then samples): the plain bootstrap when there is one worker.
        median = Statistics.hierarchicalMedianInterval(r.workerGroups, level: policy.level, resamples: policy.resamples,
                                                       seed: r.bootstrapSeed)
        let m = stats.median
        samplesPerSecond = r.samplesPerSecond(atMedianNs: m)
        gflops = r.gflops(atMedianNs: m)
        percentOfPeak = peakGflops > 0 ? 100 * gflops / peakGflops : nil
        allocationsPerStep = r.counters[.allocationsPerStep]
        peakBytes = r.counters[.peakBytes]
        firstStepSeconds = r.phases[.firstStep]
        outlierIndices = Statistics.outlierIndices(r.samplesNs, policy: policy)
    }

    /// Half the width of the median's interval relative to the median (0.05 = ±5%).
    public var relativeHalfWidth: Double {
        (median.high - median.low) / 2 / stats.median
    }
}

// MARK: - Speed-up between two modes

/// How many times faster `mode` is than a baseline mode: baseline median / mode median.
public struct Speedup: Sendable, Equatable {
    public var interval: Statistics.Interval
    /// True when samples were paired by round (equal counts: the runner's interleaving).
    public var paired: Bool
}

extension BenchmarkResult {
    /// Samples processed by one step: the batch, or every batch of the stream for one pass.
    public var samplesPerStep: Int {
        task == .stream ? batch * max(1, Int(counters[.streamBatches] ?? 1)) : batch
    }

    /// Samples processed per second when a step takes `medianNs` nanoseconds.
    public func samplesPerSecond(atMedianNs medianNs: Double) -> Double {
        Double(samplesPerStep) * 1e9 / medianNs
    }

    /// Analytic GFLOP/s when a step takes `medianNs` nanoseconds (FLOPs per nanosecond).
    public func gflops(atMedianNs medianNs: Double) -> Double { flopsPerStep / medianNs }

    /// A seed that is the same for this benchmark in every process (reports re-render exactly).
    var bootstrapSeed: UInt64 { fnv1a(groupPath) }

    /// The speed-up of `self` over `baseline` (baseline time / own time) with a bootstrap
    /// interval at the policy's level, paired by round when both have the same number of samples.
    public func speedup(over baseline: BenchmarkResult, policy: StatisticsPolicy = .standard) -> Speedup {
        let paired = baseline.samplesNs.count == samplesNs.count
        let r = Statistics.ratioCI(baseline.samplesNs, samplesNs, paired: paired, level: policy.level,
                                   resamples: policy.resamples,
                                   seed: fnv1a(baseline.groupPath + "/" + groupPath))
        return Speedup(interval: Statistics.Interval(estimate: r.ratio, low: r.low, high: r.high), paired: paired)
    }

    /// True when `other` is the same benchmark (workload, task, batch, length) on the same
    /// framework, in another mode.
    public func isSameBenchmark(as other: BenchmarkResult) -> Bool {
        framework == other.framework && workload == other.workload && task == other.task && batch == other.batch
            && sequenceLength == other.sequenceLength
    }
}

extension RunResult {
    /// The result of the benchmark `like` in `mode`, if the run measured it.
    public func result(like b: BenchmarkResult, mode: BenchmarkMode) -> BenchmarkResult? {
        benchmarks.first { $0.mode == mode && $0.isSameBenchmark(as: b) }
    }

    /// Workload names in the order they first appear.
    public var workloadOrder: [String] {
        var order: [String] = []
        for b in benchmarks where !order.contains(b.workload) { order.append(b.workload) }
        return order
    }
}
