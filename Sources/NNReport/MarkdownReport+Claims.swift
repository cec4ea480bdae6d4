import NNResults

// MARK: - The claims in detail: every verdict with its interval and reason, flips, break-even

extension MarkdownReport {
    /// Every verdict of the matrix with its effect, interval, threshold and reason; where
    /// verdicts flip with size; after how many steps each graph mode pays for its compilation.
    static func claimsSection(_ run: RunResult, policy: StatisticsPolicy) -> String {
        var claimPolicy = ClaimPolicy()
        claimPolicy.statistics = policy
        let findings = Claims.evaluate(run, policy: claimPolicy)
        let level = percentText(policy.level)
        guard !findings.isEmpty else { return "" }
        var out = "## Claims\n\n"
        out += "The interval is the effect's \(level) bootstrap CI, except for C2 (exact counters: no interval) and C5 "
        out += "(the range, min to max, of repeated fresh-session first steps; an ordering counts only when the ranges "
        out += "are apart).\n\n"
        var table = MarkdownTable<ClaimFinding>()
        table.add("claim", .left) { $0.claim }
        table.add("benchmark", .left) { "`\($0.label)`" }
        table.add("verdict", .left) { verdictSymbol($0.verdict) + " " + $0.verdict.rawValue }
        table.add("effect", .left) { $0.effectName }
        table.add("estimate [interval]") { f in
            f.claim == "C5" && f.effect.low != f.effect.high
                ? "\(NumberFormat.sig3(f.effect.estimate)) (range \(NumberFormat.sig3(f.effect.low))–\(NumberFormat.sig3(f.effect.high)))"
                : interval(f.effect)
        }
        table.add("threshold", .left) { $0.threshold }
        table.add("why", .left) { $0.note }
        out += table.render(findings)
        out += "\n### Where verdicts flip with size\n\n"
        let flips = Claims.flips(findings)
        if flips.isEmpty {
            out += "No claim changes between supported and refuted across the sizes measured.\n"
        } else {
            for f in flips { out += "- \(f.description)\n" }
        }
        out += "\n" + breakEvenTable(run, claimPolicy)
        return out
    }

    /// N* = (first-step time difference) / (steady-state saving per step), against eager.
    private static func breakEvenTable(_ run: RunResult, _ policy: ClaimPolicy) -> String {
        let rows = Claims.breakEven(run, policy: policy)
        let level = percentText(policy.statistics.level)
        guard !rows.isEmpty else { return "" }
        var out = "### Compile amortization\n\n"
        out += "Steps N* after which a graph mode has paid back its slower first step: "
        out += "N* = (first-step time − eager's) / (eager's median step − the mode's); \"never\" when the mode saves "
        out += "nothing per step, \"≥ n\" when the saving's interval reaches zero.\n\n"
        let extra = UnitScale.choose(UnitScale.time, for: rows.map { abs($0.extraFirstStepSeconds) * 1e9 })
        let saving = UnitScale.choose(UnitScale.time, for: rows.map { abs($0.savingNs.estimate) })
        var table = MarkdownTable<BreakEven>()
        table.add("benchmark", .left) { "`\(BenchmarkKey.name(workload: $0.workload, mode: $0.mode, batch: $0.batch, sequenceLength: $0.sequenceLength))`" }
        table.add("extra time to first step (\(extra.name))") { extra.format($0.extraFirstStepSeconds * 1e9) }
        table.add("saving per step [\(level) CI] (\(saving.name))") { r in
            let i = r.savingNs
            guard i.low.isFinite, i.high.isFinite else { return saving.format(i.estimate) + " (unpaired)" }
            return "\(saving.format(i.estimate)) [\(saving.format(i.low)), \(saving.format(i.high))]"
        }
        table.add("N* steps [\(level) CI]") { r in
            r.steps.estimate.isInfinite ? "never" : interval(r.steps)
        }
        return out + table.render(rows) + "\n"
    }
}
