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
    /// Eager median − mode median, nanoseconds per step, with its interval.
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
                let saving: Statistics.Interval
                if e.samplesNs.count == r.samplesNs.count {
                    saving = Statistics.pairedBootstrap([e.samplesNs, r.samplesNs], level: policy.statistics.level, resamples: policy.resamples,
                                                        seed: fnv1a(r.groupPath + "/n*")) {
                        Statistics.median($0[0]) - Statistics.median($0[1])
                    }
                } else {
                    let d = Statistics.median(e.samplesNs) - Statistics.median(r.samplesNs)
                    saving = .init(estimate: d, low: -.infinity, high: .infinity)
                }
                var row = BreakEven(workload: g.workload, task: g.task, batch: g.batch,
                                    sequenceLength: g.sequenceLength, mode: m, extraFirstStepSeconds: extra,
                                    savingNs: saving, steps: stepsToBreakEven(extraSeconds: extra, saving: saving))
                (row.framework, row.modeLabel) = (g.framework, r.modeLabel)
                out.append(row)
            }
        }
        return out
    }

    /// N* = extra / saving, with the interval mapped through the (decreasing) division.
    static func stepsToBreakEven(extraSeconds: Double, saving: Statistics.Interval) -> Statistics.Interval {
        let extraNs = extraSeconds * 1e9
        if extraNs <= 0 { return .init(estimate: 0, low: 0, high: 0) }
        func n(_ s: Double) -> Double { s > 0 ? extraNs / s : .infinity }
        return .init(estimate: n(saving.estimate), low: n(saving.high), high: n(saving.low))
    }
}
