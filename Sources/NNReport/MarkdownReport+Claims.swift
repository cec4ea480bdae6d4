import NNResults

// MARK: - The claims section: verdicts, flips, break-even

extension MarkdownReport {
    /// The claims of CLAIMS.md with a verdict per workload and size, where verdicts flip with
    /// size, and after how many steps each graph mode pays for its compilation.
    static func claimsSection(_ run: RunResult, policy: StatisticsPolicy, heading: String = "## Claims") -> String {
        var claimPolicy = ClaimPolicy()
        claimPolicy.statistics = policy
        let findings = Claims.evaluate(run, policy: claimPolicy)
        let level = percentText(policy.level)
        var out = heading + "\n\n"
        out += "| claim | testable form | supported | refuted | inconclusive |\n"
        out += "|---|---|---:|---:|---:|\n"
        for (id, text) in Claims.statements {
            let mine = findings.filter { $0.claim == id }
            func n(_ v: Verdict) -> Int { mine.filter { $0.verdict == v }.count }
            out += "| \(id) | \(cell(text)) | \(n(.supported)) | \(n(.refuted)) | \(n(.inconclusive)) |\n"
        }
        out += "\n"
        guard !findings.isEmpty else {
            return out + "No benchmark has the modes a claim needs (eager with static or fused).\n"
        }
        out += "### Verdicts\n\n"
        out += "Inconclusive means the effect's \(level) interval includes the threshold, or the samples were too few "
        out += "or too noisy. C2 compares exact counters (no interval); C5's bracket is the range of repeated "
        out += "fresh-session first steps, and an ordering counts only when the ranges are apart.\n\n"
        out += "| claim | benchmark | verdict | effect | estimate [\(level) CI] | threshold | why |\n"
        out += "|---|---|---|---|---:|---|---|\n"
        for f in findings {
            let task = f.task == .train ? "" : " (\(f.task))"
            out += "| \(f.claim) | \(cell(f.label))\(task) | \(verdictCell(f.verdict)) | \(cell(f.effectName)) "
            out += "| \(interval(f.effect)) | \(cell(f.threshold)) | \(cell(f.note)) |\n"
        }
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

    private static func verdictCell(_ v: Verdict) -> String {
        switch v {
        case .supported: return "**supported**"
        case .refuted: return "**refuted**"
        case .inconclusive: return "inconclusive"
        }
    }

    /// N* = (first-step time difference) / (steady-state saving per step), against eager.
    private static func breakEvenTable(_ run: RunResult, _ policy: ClaimPolicy) -> String {
        let rows = Claims.breakEven(run, policy: policy)
        let level = percentText(policy.statistics.level)
        guard !rows.isEmpty else { return "" }
        var out = "### Compile amortization\n\n"
        out += "Steps N* after which a graph mode has paid back its slower first step: "
        out += "N* = (first-step time − eager's) / (eager's median step − the mode's); ∞ = never pays back.\n\n"
        out += "| benchmark | mode | extra time to first step | saving per step [\(level) CI] | N* steps [\(level) CI] |\n"
        out += "|---|---|---:|---:|---:|\n"
        for r in rows {
            let label = "\(r.workload) b=\(r.batch)" + (r.sequenceLength > 0 ? " t=\(r.sequenceLength)" : "")
                + (r.task == .train ? "" : " (\(r.task))")
            let saving = "\(duration(r.savingNs.estimate)) [\(duration(r.savingNs.low)), \(duration(r.savingNs.high))]"
            out += "| \(cell(label)) | \(r.modeLabel.isEmpty ? r.mode.rawValue : r.modeLabel) | \(secondsText(r.extraFirstStepSeconds)) | \(saving) "
            out += "| \(interval(r.steps)) |\n"
        }
        return out + "\n"
    }
}
