import NNResults

// MARK: - The claims in detail: every verdict with its interval and reason, flips, break-even

extension MarkdownReport {
    /// The claims of CLAIMS.md with a verdict per workload and size, where verdicts flip with
    /// size, and after how many steps each graph mode pays for its compilation.
    static func claimsSection(_ run: RunResult, policy: StatisticsPolicy, heading: String = "## Claims") -> String {
        var claimPolicy = ClaimPolicy()
        claimPolicy.statistics = policy
        let findings = Claims.evaluate(run, policy: claimPolicy)
        let level = percentText(policy.level)
        guard !findings.isEmpty else { return "" }
        var out = heading + "\n\n"
        out += vocabulary(claimPolicy) + "\n\n"
        var table = MarkdownTable<ClaimFinding>()
        table.add("claim", .left) { $0.claim }
        table.add("benchmark", .left) { "`\($0.label)`" }
        table.add("verdict", .left) { verdictSymbol($0.verdict) + " " + $0.verdict.rawValue }
        table.add("effect", .left) { $0.effectName }
        table.add("estimate [\(level) CI]") { interval($0.effect) }
        table.add("threshold", .left) { $0.threshold }
        table.add("why", .left) { $0.note }
        out += table.render(findings)
        out += "\n### Where verdicts flip with size\n\n"
        let flips = Claims.flips(findings)
        if flips.isEmpty {
            out += "No claim changes between decisive verdicts (supported, negligible, refuted) across the sizes measured.\n"
        } else {
            for f in flips { out += "- \(f.description)\n" }
        }
        out += "\n" + breakEvenTable(run, claimPolicy) + streamBreakEvenTable(run, claimPolicy)
        return out
    }

    /// What the verdicts mean, rendered from the policy the verdicts were computed with.
    static func vocabulary(_ p: ClaimPolicy) -> String {
        let level = percentText(p.statistics.level), m = percentText(p.practicalMargin), f = percentText(p.firstStepMargin)
        var out = "Speed-ups are the median of per-round ratios, paired by (worker, round) with a bootstrap over rounds "
        out += "(hierarchical over workers); samples without a partner are left out and counted. "
        out += "C1 and C3 (speed-up, margin ±\(m)) and C5 (each first-step ordering, margin ±\(f)): **supported** when the "
        out += "whole \(level) interval lies above 1 + margin, **refuted** when it lies below 1 − margin, **negligible** "
        out += "when it lies inside 1 ± margin, inconclusive when it crosses 1 ± margin. "
        out += "C4: supported inside 1 ± \(percentText(p.closeWithin)), refuted outside. C6: against \(plainNumber(p.mostOfGap)). "
        out += "C5 needs at least \(p.minimumFirstStepRepeats) fresh-session first steps per mode; its interval is a "
        out += "percentile bootstrap of the ratio of medians. C7 is judged for cold and warm passes: supported when eager "
        out += "beats every strategy (every interval above 1), refuted when a strategy beats eager after Holm's correction "
        out += "over the strategies (one-sided α = \(plainNumber((1 - p.statistics.level) / 2))). "
        out += "Inconclusive also means too few samples (fewer than \(p.minimumSamples)) or too noisy "
        out += "(median ± more than \(percentText(p.maximumRelativeHalfWidth))). C2 compares exact counters (no interval)."
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
        table.add("benchmark", .left) { r in
            "`\(BenchmarkKey.name(workload: r.workload, mode: r.modeLabel.isEmpty ? r.mode.rawValue : r.modeLabel, batch: r.batch, sequenceLength: r.sequenceLength))`"
        }
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

    /// P* per stream strategy: passes over the stream (one session) after which it beats eager.
    private static func streamBreakEvenTable(_ run: RunResult, _ policy: ClaimPolicy) -> String {
        let rows = Claims.streamBreakEven(run, policy: policy)
        guard !rows.isEmpty else { return "" }
        let level = percentText(policy.statistics.level)
        var out = "### Where eager's edge on a stream ends\n\n"
        out += "Passes P* over the stream in one session (the first cold, the rest warm) after which a graph strategy's "
        out += "total time is below eager's: P* = 1 + (its cold pass − eager's) / (eager's warm pass − its warm pass); "
        out += "1 = it already wins the first pass, ∞ = it never wins.\n\n"
        out += "| benchmark | strategy | extra cold pass | warm saving per pass [\(level) CI] | P* passes [\(level) CI] |\n"
        out += "|---|---|---:|---:|---:|\n"
        for r in rows {
            let label = "\(r.workload) b=\(r.batch)" + (r.sequenceLength > 0 ? " t=\(r.sequenceLength)" : "")
            let saving = "\(duration(r.warmSavingNs.estimate)) [\(duration(r.warmSavingNs.low)), \(duration(r.warmSavingNs.high))]"
            out += "| \(cell(label)) | \(r.mode) | \(duration(r.extraColdNs)) | \(saving) | \(interval(r.passes)) |\n"
        }
        if let first = rows.filter({ $0.passes.estimate.isFinite }).min(by: { $0.passes.estimate < $1.passes.estimate }) {
            let whole = Int(first.passes.estimate.rounded(.down)) + 1
            out += "\nEager's edge ends at P* ≈ \(number(first.passes.estimate)) passes: \(first.mode)'s total is lower from pass \(whole) on.\n"
        } else {
            out += "\nNo strategy's warm pass is faster than eager's: eager keeps its edge however many passes run.\n"
        }
        return out + "\n"
    }
}
