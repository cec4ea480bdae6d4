import NNResults

// MARK: - Worker processes and interference in the run report

extension MarkdownReport {
    /// Extra environment rows for a run measured in worker processes (none for a run without).
    static func workerRows(_ e: Environment, _ s: MeasurementSettings, _ p: StatisticsPolicy) -> String {
        guard s.workers > 1 || !e.openblasAffinity.isEmpty else { return "" }
        var out = "| workers | \(s.workers) fresh processes, one after another, \(s.samples) rounds each (fewer when a benchmark's sampling budget is spent); the CI is a hierarchical bootstrap (workers, then samples); workers disagree when their medians differ by more than \(percentText(p.workerDisagreement)) |\n"
        out += "| threads | OpenBLAS \(s.threads) threads; placement: \(cell(e.openblasAffinity.isEmpty ? "not recorded" : e.openblasAffinity)) |\n"
        out += "| interference | \(cell(InterferencePolicy.standard.text)) |\n"
        return out
    }

    /// Under a workload's table: each benchmark's worker medians when there are several, a
    /// warning where workers disagree or drift (the policy's rule), and disturbed rounds.
    static func workerNotes(_ results: [BenchmarkResult], _ policy: StatisticsPolicy) -> String {
        var lines: [String] = []
        for b in results {
            let label = "\(b.mode) b=\(b.batch)" + (b.sequenceLength > 0 && b.task != .stream ? " t=\(b.sequenceLength)" : "")
            var parts: [String] = []
            if b.workerCount > 1 {
                parts.append("worker medians " + b.workerMedians.map(duration).joined(separator: " · "))
            }
            if let spread = WorkerSpread(b, policy: policy), let w = spread.warning(policy: policy) {
                parts.append("**WARNING: workers disagree**: \(w)")
            }
            if let d = b.disturbanceText, b.roundsDisturbed > 0 || b.roundsRetaken > 0 { parts.append(d) }
            if !parts.isEmpty { lines.append("- \(label): " + parts.joined(separator: "; ")) }
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n\n"
    }
}
