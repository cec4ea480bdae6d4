import NNVocabulary

// MARK: - Compile amortization: after how many steps does a graph mode pay for itself?

/// The break-even step count N* = (first-step time difference) / (steady-state saving per step)
/// of a graph mode against eager at one benchmark.
public struct BreakEven: Sendable, Equatable {
    public var workload: String
    public var task: BenchmarkTask
    public var batch: Int
    public var sequenceLength: Int
    public var mode: BenchmarkMode
    /// The framework, and the mode as tables name it (`static`, `torch.torchscript`).
    public var framework: Framework = .nnbench
    public var modeLabel: String = ""
    /// Extra seconds the mode's first step took over eager's (negative: it was quicker).
    public var extraFirstStepSeconds: Double
    /// Eager's step time − the mode's (median of per-round differences), nanoseconds, with its interval.
    public var savingNs: Statistics.Interval
    /// N* with its interval: 0 when the first step costs nothing extra, +∞ when the mode never
    /// pays back (no saving, or a saving whose interval reaches 0).
    public var steps: Statistics.Interval
}

extension Claims {
    /// N* for static and fused against eager, for every non-stream benchmark with first-step phases.
    public static func breakEven(_ run: RunResult, policy: ClaimPolicy = ClaimPolicy()) -> [BreakEven] {
        var out: [BreakEven] = []
        for g in benchmarkGroups(run) where g.task != .stream {
            guard let e = g[.eager], let te = e.phases[.firstStep] else { continue }
            for m in [BenchmarkMode.static, .fused] {
                guard let r = g[m], let tm = r.phases[.firstStep] else { continue }
                let extra = tm - te
                let saving = savingPerStep(e.series, r.series, policy, seed: fnv1a(r.groupPath + "/n*"))
                var row = BreakEven(workload: g.workload, task: g.task, batch: g.batch,
                                    sequenceLength: g.sequenceLength, mode: m, extraFirstStepSeconds: extra,
                                    savingNs: saving, steps: stepsToBreakEven(extraSeconds: extra, saving: saving))
                (row.framework, row.modeLabel) = (g.framework, r.modeLabel)
                out.append(row)
            }
        }
        return out
    }

    /// Eager's time − the mode's, per step or pass: the median of per-round differences paired
    /// by (worker, round) with a bootstrap over rounds; without round indices the difference of
    /// the medians with each side resampled on its own.
    static func savingPerStep(_ eager: SampleSeries, _ mode: SampleSeries, _ policy: ClaimPolicy, seed: UInt64) -> Statistics.Interval {
        let level = policy.statistics.level, n = policy.resamples
        if let rows = PairedRows([eager, mode]) {
            return Statistics.pairedBootstrap(rows, level: level, resamples: n, seed: seed,
                                              statistic: Statistics.medianOfDifferences)
        }
        let a = eager.values, b = mode.values
        guard !a.isEmpty, !b.isEmpty else { return .unbounded(.nan) }
        let d = Statistics.median(a) - Statistics.median(b)
        let reps = Statistics.unpairedReplicates(a, b, resamples: n, seed: seed) { Statistics.median($0) - Statistics.median($1) }
        return Statistics.interval(estimate: d, replicates: reps, level: level, resamples: n)
    }

    /// N* = extra / saving, with the interval mapped through the (decreasing) division.
    static func stepsToBreakEven(extraSeconds: Double, saving: Statistics.Interval) -> Statistics.Interval {
        let extraNs = extraSeconds * 1e9
        if extraNs <= 0 { return .init(estimate: 0, low: 0, high: 0) }
        func n(_ s: Double) -> Double { s > 0 ? extraNs / s : .infinity }
        return .init(estimate: n(saving.estimate), low: n(saving.high), high: n(saving.low))
    }
}
