import Foundation
import NNResults

// MARK: - The Markdown view of a history of runs

/// Renders a `History` as Markdown: one table per workload, one row per run (oldest first), one
/// column per benchmark; a step change is marked ▲ (slower) or ▼ (faster) with its size.
public enum HistoryReport {
    /// The whole Markdown history: a header line, the tables, and the list of step changes.
    /// - Parameter settings: the judgement the history's step changes were made with (the
    ///   header states its significance level and interval).
    public static func render(_ h: History, settings: ComparisonSettings = .init()) -> String {
        var out = "# nnbench history\n\n\(h.runs.count) runs"
        if let first = h.runs.first, let last = h.runs.last { out += ", \(first.date) to \(last.date)" }
        out += ". Cells are median step times; ▲/▼ mark a step change from the previous run "
        out += "(significant, p < \(plainNumber(settings.alpha)) with a \(percentText(settings.level)) interval excluding 0, "
        out += "and beyond the threshold).\n\n"
        var workloads: [String] = []
        for s in h.series where !workloads.contains(s.key.workload) { workloads.append(s.key.workload) }
        for w in workloads {
            let columns = h.series.filter { $0.key.workload == w }
            out += "## \(w)\n\n| run | commit | " + columns.map { column($0.key) }.joined(separator: " | ") + " |\n"
            out += "|---|---|" + String(repeating: "---:|", count: columns.count) + "\n"
            for (i, run) in h.runs.enumerated() {
                let cells = columns.map { s in s.points.first { $0.run == i }.map(cell) ?? "" }
                guard cells.contains(where: { !$0.isEmpty }) else { continue }
                out += "| \(run.date) | `\(Environment.shortCommit(run.commit))` | " + cells.joined(separator: " | ") + " |\n"
            }
            out += "\n"
        }
        let steps = stepChanges(h)
        out += steps.isEmpty ? "No step changes.\n" : "Step changes:\n\n" + steps.map { "- \($0)\n" }.joined()
        return out
    }

    /// Every step change, one line each: `mlp/eager/b32 at abc1234 (date): slower, +12% [+9.1%, +15%]`.
    public static func stepChanges(_ h: History) -> [String] {
        h.series.flatMap { s in
            s.points.compactMap { p -> String? in
                guard p.isStepChange, let t = p.step else { return nil }
                let run = h.runs[p.run]
                return "\(s.key) at `\(Environment.shortCommit(run.commit))` (\(run.date)): \(t.verdict.rawValue), "
                    + "\(ComparisonReport.percent(t.change)) [\(ComparisonReport.percent(t.changeLow)), \(ComparisonReport.percent(t.changeHigh))]"
            }
        }
    }

    static func column(_ k: BenchmarkKey) -> String {
        "\(k.frameworkMode) \(k.task) b\(k.batch)" + (k.sequenceLength > 0 ? " t\(k.sequenceLength)" : "")
    }

    static func cell(_ p: History.Point) -> String {
        let value = MarkdownReport.duration(p.median)
        guard p.isStepChange, let t = p.step else { return value }
        return "\(t.verdict == .slower ? "▲" : "▼") \(value) (\(ComparisonReport.percent(t.change)))"
    }
}
