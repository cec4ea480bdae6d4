import Foundation
import NNResults

// MARK: - The Markdown view of a comparison between two runs

/// Renders a `Comparison` as Markdown: environment warnings first, then the timing table, the
/// geometric mean, the exact counters that changed, and the benchmarks found in one run only.
public enum ComparisonReport {
    /// The whole Markdown comparison, headed by `title`.
    public static func render(_ c: Comparison, title: String = "nnbench compare") -> String {
        var out = "# \(title)\n\n"
        out += "base: \(runLabel(c.baseEnvironment)) · head: \(runLabel(c.headEnvironment))\n\n"
        out += environmentBlock(c.environmentDifferences)
        out += gatesLine(c) + "\n\n"
        out += timingTable(c)
        out += counterTable(c.counterChanges)
        out += instructionTable(c)
        out += onlyInOne(c)
        out += summary(c) + "\n"
        return out
    }

    /// `abc1234 (2026-11-25T10:21:53Z)`, with `, dirty` when the tree had changes.
    static func runLabel(_ e: Environment) -> String {
        "`\(Environment.shortCommit(e.commit))`\(e.dirty ? " (dirty)" : "") \(e.date)"
    }

    /// The warning block (empty when the environments agree).
    public static func environmentBlock(_ diffs: [EnvironmentDifference]) -> String {
        guard !diffs.isEmpty else { return "" }
        let mismatches = diffs.filter { $0.severity == .mismatch }, notes = diffs.filter { $0.severity == .note }
        var out = ""
        if !mismatches.isEmpty {
            out += "> **WARNING: the environments differ; these timings may not be comparable.**\n>\n"
            for d in mismatches { out += "> - \(d)\n" }
            out += "\n"
        }
        if !notes.isEmpty {
            out += "Other differences: " + notes.map(\.description).joined(separator: "; ") + ".\n\n"
        }
        return out
    }

    static func timingTable(_ c: Comparison) -> String {
        if case .skipped(let why) = c.timingGate { return "Timings not judged (\(why)).\n\n" }
        guard !c.timings.isEmpty else { return "No benchmark is present in both runs.\n\n" }
        var out = "| benchmark | base | head | change | 95% CI | p | workers | threshold | verdict |\n"
        out += "|---|---:|---:|---:|---|---:|---:|---:|---|\n"
        for t in c.timings {
            let verdict = t.verdict == .slower || t.verdict == .faster ? "**\(t.verdict.rawValue)**" : t.verdict.rawValue
            out += "| \(t.key) | \(MarkdownReport.duration(t.baseMedian)) | \(MarkdownReport.duration(t.headMedian)) "
            out += "| \(percent(t.change)) | [\(percent(t.changeLow)), \(percent(t.changeHigh))] "
            out += "| \(pValue(t.p)) | \(t.baseWorkers)/\(t.headWorkers) | \(String(format: "%.0f%%", t.threshold * 100)) | \(verdict) |\n"
        }
        out += testNote(c.timings)
        out += disturbanceNote(c.timings)
        if let g = c.geometricMean {
            out += "\nGeometric mean of head/base median ratios over \(g.benchmarks) benchmarks: "
            out += String(format: "%.3f", g.ratio) + " (\(percent(g.ratio - 1)), 95% CI [\(percent(g.low - 1)), \(percent(g.high - 1))]).\n"
        }
        return out + "\n"
    }

    /// Which test gave the p-values (worker medians, or samples where a side had one worker).
    static func testNote(_ timings: [TimingComparison]) -> String {
        let tests = Set(timings.map(\.test))
        guard !tests.isEmpty else { return "" }
        let paired = timings.contains { $0.pairedRounds != nil }
        var out = paired
            ? "\nIntervals: hierarchical bootstrap (worker pairs, then the log head/base ratios of their rounds taken in lockstep). p: "
            : "\nIntervals: hierarchical bootstrap (workers, then samples). p: "
        out += tests.sorted { $0.rawValue < $1.rawValue }.map(\.rawValue).joined(separator: "; ") + ".\n"
        let undecided = timings.filter { $0.verdict == .undecided }
        for t in undecided {
            out += "- undecided `\(t.key)`: \(t.baseWorkers) vs \(t.headWorkers) workers"
            if t.baseWorkers < 2 || t.headWorkers < 2 {
                out += "; at least 3 workers a side would let the test see between-process spread"
            } else if let n = t.workersToDecide {
                out += "; about \(n) workers a side would decide it"
            }
            out += ".\n"
        }
        return out
    }

    /// Disturbed rounds per side, where any were (`3 of 45 rounds disturbed`).
    static func disturbanceNote(_ timings: [TimingComparison]) -> String {
        let lines = timings.compactMap { t -> String? in
            let sides = [t.baseDisturbance.map { "base \($0)" }, t.headDisturbance.map { "head \($0)" }].compactMap { $0 }
            guard !sides.isEmpty, sides.contains(where: { !$0.hasPrefix("base 0 of") && !$0.hasPrefix("head 0 of") }) else { return nil }
            return "- `\(t.key)`: " + sides.joined(separator: ", ")
        }
        return lines.isEmpty ? "" : "\nInterference:\n" + lines.joined(separator: "\n") + "\n"
    }

    static func counterTable(_ changes: [CounterComparison]) -> String {
        guard !changes.isEmpty else { return "" }
        var out = "## Exact counters that changed\n\n| benchmark | counter | base | head | |\n|---|---|---:|---:|---|\n"
        for c in changes {
            out += "| \(c.key) | \(c.counter) | \(count(c.base)) | \(count(c.head)) | \(c.regressed ? "**regression**" : "improvement") |\n"
        }
        return out + "\n"
    }

    static func onlyInOne(_ c: Comparison) -> String {
        var out = ""
        if !c.onlyInBase.isEmpty { out += "Only in base: " + c.onlyInBase.map { "`\($0)`" }.joined(separator: ", ") + ".\n\n" }
        if !c.onlyInHead.isEmpty { out += "Only in head: " + c.onlyInHead.map { "`\($0)`" }.joined(separator: ", ") + ".\n\n" }
        return out
    }

    /// One line: counts per verdict and the overall result.
    public static func summary(_ c: Comparison) -> String {
        let counts = ChangeVerdict.allCases.map { v in "\(c.timings.filter { $0.verdict == v }.count) \(v.rawValue)" }
        let regressions = c.counterRegressions.count, instructions = c.instructionRegressions.count
        return "Summary: " + (c.timingGate == .used ? counts.joined(separator: ", ") : "timings skipped")
            + "; \(regressions) exact-counter regression\(regressions == 1 ? "" : "s")"
            + (c.instructionGate == .used ? "; \(instructions) instruction-count regression\(instructions == 1 ? "" : "s")" : "")
            + ". "
            + (c.regressed ? "**REGRESSION.**" : "No regression.")
    }

    // MARK: - Number formats

    /// `+5.3%`, `-12%`, `+0.4%`.
    public static func percent(_ x: Double) -> String {
        guard x.isFinite else { return "–" }
        let v = x * 100
        let magnitude = String(format: abs(v) < 10 ? "%.1f%%" : "%.0f%%", abs(v))
        return (v >= 0 || magnitude == "0.0%" ? "+" : "−") + magnitude
    }

    static func pValue(_ p: Double) -> String { p < 0.001 ? "<0.001" : String(format: "%.3f", p) }

    static func count(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(format: "%.3g", x)
    }
}
