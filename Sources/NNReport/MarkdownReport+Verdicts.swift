import NNResults

// MARK: - The one-screen summary: a verdict matrix, benchmark × claim

extension MarkdownReport {
    /// Short column headings of the claims (the key table below the matrix says them in full).
    static let claimHeadings: [String: String] = [
        "C1": "C1 graph faster", "C2": "C2 graph leaner", "C3": "C3 fusion adds", "C4": "C4 eager close",
        "C5": "C5 eager starts first", "C6": "C6 tracing closes gap", "C7": "C7 eager wins stream",
    ]

    /// The verdict of a cell as a symbol that does not rely on colour.
    static func verdictSymbol(_ v: Verdict) -> String {
        switch v {
        case .supported: return "✓"
        case .negligible: return "≈"
        case .refuted: return "✗"
        case .inconclusive: return "?"
        }
    }

    /// The matrix (one row per benchmark, one column per claim, each cell the verdict and its
    /// effect), its legend, and the key: what each claim tests, what its cells' number is, and
    /// how many benchmarks support or refute it.
    static func verdictSection(_ run: RunResult, policy: StatisticsPolicy) -> String {
        var claimPolicy = ClaimPolicy()
        claimPolicy.statistics = policy
        let findings = Claims.evaluate(run, policy: claimPolicy)
        var out = "## Verdicts\n\n"
        guard !findings.isEmpty else {
            return out + "No benchmark has the modes a claim needs (eager with static or fused).\n\n"
        }
        let claims = Claims.statements.map(\.id).filter { id in findings.contains { $0.claim == id } }
        var rows: [String] = []
        for f in findings where !rows.contains(rowName(f)) { rows.append(rowName(f)) }
        rows.sort { a, b in order(a, findings, run) < order(b, findings, run) }
        var table = MarkdownTable<String>()
        table.add("benchmark", .left) { "`\($0)`" }
        for id in claims {
            table.add(claimHeadings[id] ?? id, .left) { label in
                guard let f = findings.first(where: { $0.claim == id && rowName($0) == label }) else { return "" }
                return verdictSymbol(f.verdict) + " " + NumberFormat.sig3(f.effect.estimate)
            }
        }
        out += table.render(rows) + "\n"
        out += "✓ supported · ≈ negligible (the effect's interval lies within the practical margin) · ✗ refuted · ? inconclusive (the interval includes the threshold, or too few or too noisy "
        out += "samples) · empty: the claim does not apply. The number is the claim's effect (below); "
        out += "its interval and the reason are under [Claims](#claims).\n\n"

        var key = MarkdownTable<String>()
        key.add("claim", .left) { $0 }
        key.add("testable form", .left) { id in Claims.statements.first { $0.id == id }?.text ?? "" }
        key.add("effect in the cells", .left) { id in findings.first { $0.claim == id }?.effectName ?? "" }
        key.add("supported when", .left) { id in supportedWhen(id, findings) }
        for v in Verdict.allCases {
            key.add(v.rawValue) { id in String(findings.filter { $0.claim == id && $0.verdict == v }.count) }
        }
        out += key.render(claims) + "\n"
        return out
    }

    /// Which side of the threshold supports a claim, from the threshold its findings carry.
    private static func supportedWhen(_ id: String, _ findings: [ClaimFinding]) -> String {
        guard let t = findings.first(where: { $0.claim == id })?.threshold else { return "" }
        switch id {
        case "C2": return "< 1 and lower peak memory"
        case "C4": return "within \(t)"
        default: return t.hasPrefix(">") || t.hasPrefix("<") ? t : "> \(t)"
        }
    }

    /// A row of the matrix: the finding's label, the framework in the mode's place for a peer (`mlp/torch/b32`).
    private static func rowName(_ f: ClaimFinding) -> String {
        guard f.framework != .nnbench else { return f.label }
        return BenchmarkKey.name(workload: f.workload, mode: f.framework, batch: f.batch, sequenceLength: f.sequenceLength)
            + (f.scenario.isEmpty ? "" : " \(f.scenario)") + (f.variant.isEmpty ? "" : " (\(f.variant))")
    }

    /// Where a benchmark (row) first appears in the run, to keep the run's order.
    private static func order(_ row: String, _ findings: [ClaimFinding], _ run: RunResult) -> Int {
        guard let f = findings.first(where: { rowName($0) == row }) else { return .max }
        return run.benchmarks.firstIndex {
            $0.framework == f.framework && $0.workload == f.workload && $0.batch == f.batch && $0.sequenceLength == f.sequenceLength
        } ?? .max
    }
}
