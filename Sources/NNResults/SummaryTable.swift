import NNVocabulary

// MARK: - The summary table: one row per benchmark, the columns a pandas user wants

/// The rows of `/summary` and of `nnbench export --format csv|json`: one row per benchmark,
/// every column named with its unit and typed (counts are integers). Computed here once so the
/// HDF5 table, the exports and the reports agree.
public enum SummaryTable {
    /// A cell's value.
    public enum Value: Sendable, Equatable {
        case string(String)
        /// An exact count; −1 when it was not measured.
        case int(Int)
        /// A measured or derived real; NaN when it does not apply.
        case float(Double)
    }

    /// A column: its name (unit as suffix: `_ns`, `_per_s`, `_bytes`, `_pct`), its kind and what it holds.
    public struct Column: Sendable {
        public enum Kind: Sendable { case string, int, float }
        public var name: String
        public var kind: Kind
        public var meaning: String
    }

    /// Every column, in file order (Results/README.md documents each one).
    public static let columns: [Column] = [
        .init(name: "name", kind: .string, meaning: "the benchmark's one name, `<workload>/<mode>/b<batch>[_t<len>]`"),
        .init(name: "workload", kind: .string, meaning: "workload file name"),
        .init(name: "mode", kind: .string, meaning: "eager, static, fused, static+pad, fused+pad; a peer's `<framework>.<mode>` (`torch.compile`)"),
        .init(name: "task", kind: .string, meaning: "train, infer or stream"),
        .init(name: "batch", kind: .int, meaning: "batch size"),
        .init(name: "sequence_length", kind: .int, meaning: "sequence length (longest for streams), 0 where it does not apply"),
        .init(name: "samples", kind: .int, meaning: "number of samples (all workers)"),
        .init(name: "workers", kind: .int, meaning: "worker processes the samples came from"),
        .init(name: "median_ns", kind: .float, meaning: "median time per step (per pass for streams)"),
        .init(name: "ci_low_ns", kind: .float, meaning: "low end of the median's bootstrap interval"),
        .init(name: "ci_high_ns", kind: .float, meaning: "high end of the median's bootstrap interval"),
        .init(name: "p10_ns", kind: .float, meaning: "10th percentile of the samples"),
        .init(name: "p90_ns", kind: .float, meaning: "90th percentile of the samples"),
        .init(name: "mad_ns", kind: .float, meaning: "median absolute deviation, unscaled"),
        .init(name: "mean_ns", kind: .float, meaning: "mean of the samples"),
        .init(name: "min_ns", kind: .float, meaning: "fastest sample"),
        .init(name: "speedup_vs_eager", kind: .float, meaning: "eager median / this median (1 for eager, NaN without eager)"),
        .init(name: "speedup_ci_low", kind: .float, meaning: "low end of the speed-up's bootstrap interval (paired by round)"),
        .init(name: "speedup_ci_high", kind: .float, meaning: "high end of the speed-up's bootstrap interval"),
        .init(name: "samples_per_s", kind: .float, meaning: "examples per second at the median"),
        .init(name: "gflops_per_s", kind: .float, meaning: "flops_per_step / median_ns"),
        .init(name: "peak_pct", kind: .float, meaning: "% of the sgemm peak: per worker over its own peak, median over workers (else over the run's peak; NaN when not measured)"),
        .init(name: "flops_per_step", kind: .float, meaning: "analytic FLOPs of one step"),
        .init(name: "allocations_per_step", kind: .int, meaning: "nnbench's heap allocations per step (per pass for streams)"),
        .init(name: "peak_bytes", kind: .int, meaning: "working memory of a step beyond parameters and data"),
        .init(name: "first_step_ns", kind: .float, meaning: "time from creating the session to the end of the first step"),
        .init(name: "outliers", kind: .int, meaning: "samples flagged by the outlier rule (kept)"),
        .init(name: "warmup_stable", kind: .int, meaning: "1 when warm-up settled, 0 when a bound stopped it"),
        .init(name: "threads", kind: .int, meaning: "OpenBLAS threads of the benchmark (the run's when not recorded)"),
        .init(name: "commit", kind: .string, meaning: "git commit of the run (`unknown` outside git)"),
        .init(name: "profile", kind: .string, meaning: "measurement profile: quick, default or thorough"),
    ]

    /// The rows of `run`, in benchmark order. A benchmark without samples has NaN timings.
    public static func rows(_ run: RunResult, policy: StatisticsPolicy = .standard) -> [[Value]] {
        run.benchmarks.map { row($0, run, policy) }
    }

    private static func row(_ b: BenchmarkResult, _ run: RunResult, _ policy: StatisticsPolicy) -> [Value] {
        let nan = Double.nan
        func count(_ c: Counter) -> Value { .int(b.counters[c].map { Int($0.rounded()) } ?? -1) }
        var timing = [Double](repeating: nan, count: 8)   // median, ci, p10, p90, mad, mean, min
        var speedup = [nan, nan, nan]
        var derived = [nan, nan, nan]                      // samples/s, GFLOP/s, % peak
        var outliers = -1
        if !b.samplesNs.isEmpty {
            let s = Summary(b, in: run.environment, policy: policy)
            timing = [s.median.estimate, s.median.low, s.median.high, s.stats.p10, s.stats.p90, s.stats.mad, s.stats.mean, s.stats.min]
            derived = [s.samplesPerSecond, s.gflops, s.percentOfPeak ?? nan]
            outliers = s.outlierIndices.count
            if b.mode == .eager {
                speedup = [1, 1, 1]
            } else if let e = run.result(like: b, mode: .eager), !e.samplesNs.isEmpty {
                let i = b.speedup(over: e, policy: policy).interval
                speedup = [i.estimate, i.low, i.high]
            }
        }
        let allocations = b.task == .stream ? count(.allocationsPerPass) : count(.allocationsPerStep)
        return [.string(b.name), .string(b.workload), .string(b.modeLabel), .string(b.task.rawValue),
                .int(b.batch), .int(b.sequenceLength), .int(b.samplesNs.count), .int(b.workerCount)]
            + [timing[0], timing[1], timing[2], timing[3], timing[4], timing[5], timing[6], timing[7]].map(Value.float)
            + speedup.map(Value.float) + derived.map(Value.float)
            + [.float(b.flopsPerStep), allocations, count(.peakBytes),
               .float(b.phases[.firstStep].map { $0 * 1e9 } ?? nan), .int(outliers), count(.warmupStable),
               .int(b.threads > 0 ? b.threads : run.environment.openblasThreads), .string(run.environment.commit), .string(run.settings.profile)]
    }
}
