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
    /// `gflops` as a percentage of the sgemm peak; nil when no peak was measured. With a peak
    /// per worker process: the median over workers of each worker's GFLOP/s (at its median step)
    /// over its own process's peak, since a process keeps a faster or slower state for both.
    public var percentOfPeak: Double?
    public var allocationsPerStep: Double?
    public var peakBytes: Double?
    /// Time from creating the session to the end of the first step (trace + compile included).
    public var firstStepSeconds: Double?
    /// Indices of samples flagged by the policy's outlier rule (kept, only flagged).
    public var outlierIndices: [Int]

    /// Summarizes `r` of a run measured under `e` (its sgemm peaks).
    /// - Precondition: `r` has at least one sample.
    public init(_ r: BenchmarkResult, in e: Environment, policy: StatisticsPolicy = .standard) {
        self.init(r, peakGflops: e.sgemmPeakGflops, workerPeaks: e.sgemmPeakWorkers, policy: policy)
    }

    /// Summarizes `r`; `peakGflops` is the run's sgemm peak (0 when not measured), `workerPeaks`
    /// each worker process's own (by worker index; empty when measured once).
    /// - Precondition: `r` has at least one sample.
    public init(_ r: BenchmarkResult, peakGflops: Double, workerPeaks: [Double] = [], policy: StatisticsPolicy = .standard) {
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
        percentOfPeak = r.percentOfPeak(peakGflops: peakGflops, workerPeaks: workerPeaks)
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

/// How many times faster one mode is than a baseline mode, from samples paired by (worker, round).
///
/// Paired (both sides have round indices): the median over matched (worker, round) rows of
/// baseline sample / own sample, with a bootstrap over rounds (hierarchical over workers).
/// Samples without a partner are left out and counted in `unpaired`. Without round indices the
/// samples cannot be paired: the ratio of the two medians with each side resampled on its own.
public struct Speedup: Sendable, Equatable {
    public var interval: Statistics.Interval
    /// True when samples were matched by (worker, round).
    public var paired: Bool
    /// Matched rows (0 when unpaired).
    public var pairs: Int
    /// Samples left out for want of a partner, both sides together.
    public var unpaired: Int
    /// The sorted bootstrap replicates behind `interval` (for one-sided p-values).
    var replicates: [Double]

    /// One-sided bootstrap p-value that the true speed-up is below `x`:
    /// (1 + replicates ≥ x) / (1 + replicates). 1 when there are no replicates.
    public func pValue(below x: Double) -> Double {
        guard !replicates.isEmpty else { return 1 }
        let atLeast = replicates.count - (replicates.firstIndex { $0 >= x } ?? replicates.count)
        return Double(1 + atLeast) / Double(1 + replicates.count)
    }
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

    /// The share of the sgemm peak, in %: when every worker of this benchmark has a positive peak
    /// of its own in `workerPeaks` (by worker index), the median over workers of 100 · (GFLOP/s at
    /// the worker's median step) / that peak; otherwise 100 · (GFLOP/s at the median step) /
    /// `peakGflops`. nil without samples or without a peak (`peakGflops` 0).
    public func percentOfPeak(peakGflops: Double, workerPeaks: [Double] = []) -> Double? {
        guard !samplesNs.isEmpty else { return nil }
        // The worker indices in the order of `workerGroups` (one group, worker 0, without them).
        let ids = sampleWorkers.isEmpty ? [0] : Set(sampleWorkers).sorted()
        if !workerPeaks.isEmpty, ids.allSatisfy({ $0 >= 0 && $0 < workerPeaks.count && workerPeaks[$0] > 0 }) {
            return Statistics.median(zip(ids, workerMedians).map { w, m in 100 * gflops(atMedianNs: m) / workerPeaks[w] })
        }
        return peakGflops > 0 ? 100 * gflops(atMedianNs: Statistics.median(samplesNs)) / peakGflops : nil
    }

    /// `percentOfPeak` with the peaks a run recorded in `e`.
    public func percentOfPeak(in e: Environment) -> Double? {
        percentOfPeak(peakGflops: e.sgemmPeakGflops, workerPeaks: e.sgemmPeakWorkers)
    }

    /// A seed that is the same for this benchmark in every process (reports re-render exactly).
    var bootstrapSeed: UInt64 { fnv1a(groupPath) }

    /// The speed-up of `self` over `baseline` (baseline time / own time) with a bootstrap
    /// interval at the policy's level: paired by (worker, round) when both have round indices.
    public func speedup(over baseline: BenchmarkResult, policy: StatisticsPolicy = .standard) -> Speedup {
        Speedup.of(series, over: baseline.series, policy: policy, seed: fnv1a(baseline.groupPath + "/" + groupPath))
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

extension Speedup {
    /// baseline / head as a `Speedup` (see the type's rules), seeded with `seed`.
    public static func of(_ head: SampleSeries, over baseline: SampleSeries, policy: StatisticsPolicy = .standard,
                          seed: UInt64) -> Speedup {
        if let rows = PairedRows([baseline, head]) {
            let estimate = rows.count == 0 ? .nan : Statistics.medianOfRatios(rows.columns)
            guard rows.count > 1 else {
                let i = rows.count == 1 ? Statistics.Interval(estimate: estimate, low: estimate, high: estimate) : .unbounded(estimate)
                return Speedup(interval: i, paired: true, pairs: rows.count, unpaired: rows.unpairedTotal, replicates: [])
            }
            let reps = Statistics.pairedReplicates(rows, resamples: policy.resamples, seed: seed,
                                                   statistic: Statistics.medianOfRatios)
            return Speedup(interval: Statistics.interval(estimate: estimate, replicates: reps, level: policy.level,
                                                         resamples: policy.resamples),
                           paired: true, pairs: rows.count, unpaired: rows.unpairedTotal, replicates: reps)
        }
        let a = baseline.values, b = head.values
        guard !a.isEmpty, !b.isEmpty else {
            return Speedup(interval: .unbounded(.nan), paired: false, pairs: 0, unpaired: 0, replicates: [])
        }
        let estimate = Statistics.median(a) / Statistics.median(b)
        guard a.count > 1, b.count > 1 else {
            return Speedup(interval: .init(estimate: estimate, low: estimate, high: estimate), paired: false, pairs: 0,
                           unpaired: 0, replicates: [])
        }
        let reps = Statistics.unpairedReplicates(a, b, resamples: policy.resamples, seed: seed) {
            Statistics.median($0) / Statistics.median($1)
        }
        return Speedup(interval: Statistics.interval(estimate: estimate, replicates: reps, level: policy.level,
                                                     resamples: policy.resamples),
                       paired: false, pairs: 0, unpaired: 0, replicates: reps)
    }
}
