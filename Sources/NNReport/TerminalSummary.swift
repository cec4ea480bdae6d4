import NNResults

// MARK: - What `nnbench run` prints at the end: a compact summary that fits 100 columns

/// Per workload one block: each benchmark's median per mode with its speed-up over eager; then
/// the claims' verdict counts. Plain text, no Markdown, at most `width` columns (modes beyond
/// the width continue on a further block of rows).
public enum TerminalSummary {
    public static func render(_ run: RunResult, width: Int = 100, policy: StatisticsPolicy = .standard) -> String {
        var out = "median per step (pass for streams) · speed-up vs eager\n"
        for w in run.workloadOrder {
            let results = run.benchmarks.filter { $0.workload == w && !$0.samplesNs.isEmpty }
            guard let first = results.first else { continue }
            out += "\(w) (\(first.task))\n"
            var sizes: [BenchmarkResult] = []
            for b in results where !sizes.contains(where: { $0.isSameBenchmark(as: b) }) { sizes.append(b) }
            let labels = sizes.map { "  b\($0.batch)" + ($0.sequenceLength > 0 ? "_t\($0.sequenceLength)" : "") }
            let labelW = (labels.map(\.count).max() ?? 4) + 3
            // Each mode's column is as wide as its widest cell; modes that do not fit continue below.
            var columns = Charts.orderedModes(results.map(\.mode)).map { m in
                (mode: m, cells: sizes.map { cell(run.result(like: $0, mode: m), run, policy) })
            }
            while !columns.isEmpty {
                var line: [(mode: BenchmarkMode, cells: [String], width: Int)] = []
                var used = labelW
                for c in columns {
                    let cw = max(c.mode.rawValue.count, c.cells.map(\.count).max() ?? 1) + 3
                    if !line.isEmpty && used + cw > width { break }
                    line.append((c.mode, c.cells, cw))
                    used += cw
                }
                columns.removeFirst(line.count)
                out += trim(pad("", labelW) + line.map { pad($0.mode.rawValue, $0.width) }.joined()) + "\n"
                for (i, label) in labels.enumerated() {
                    out += trim(pad(label, labelW) + line.map { pad($0.cells[i], $0.width) }.joined()) + "\n"
                }
            }
        }
        var claimPolicy = ClaimPolicy()
        claimPolicy.statistics = policy
        let findings = Claims.evaluate(run, policy: claimPolicy)
        if !findings.isEmpty {
            out += "claims (✓ supported, ✗ refuted, ? inconclusive):\n"
            for (id, _) in Claims.statements {
                let mine = findings.filter { $0.claim == id }
                guard !mine.isEmpty else { continue }
                let counts = Verdict.allCases.map { v in "\(MarkdownReport.verdictSymbol(v)) \(mine.filter { $0.verdict == v }.count)" }
                out += "  " + pad(MarkdownReport.claimHeadings[id] ?? id, 26) + counts.joined(separator: "  ") + "\n"
            }
        }
        return out
    }

    /// `59.9 ms 1.32×`: the median in its own unit, and the speed-up unless it is eager.
    static func cell(_ b: BenchmarkResult?, _ run: RunResult, _ policy: StatisticsPolicy) -> String {
        guard let b, !b.samplesNs.isEmpty else { return "–" }
        let median = MarkdownReport.duration(Statistics.median(b.samplesNs))
        guard b.mode != .eager, let e = run.result(like: b, mode: .eager), !e.samplesNs.isEmpty else { return median }
        return median + " " + Charts.times(b.speedup(over: e, policy: policy).interval.estimate)
    }

    static func trim(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }

    /// `s` padded with spaces to `n` characters (counted as Characters, so µ and × count one).
    static func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count)
    }
}
