import NNResults

// MARK: - The combined view: nnbench's modes beside every framework's, from several files

/// Renders several result files (an nnbench run and peers runs) as one Markdown view: per
/// benchmark every framework's modes with the ratio of each to the fastest peer, nnbench fused
/// over the fastest peer per workload, and each claim's verdict per framework.
public enum CombinedReport {
    /// The view of `runs` (file name, result) as combined by `PeerComparison.combine`.
    /// - Throws: `CombineError` when the files cannot be viewed together.
    public static func render(_ runs: [(file: String, run: RunResult)], policy: StatisticsPolicy = .standard) throws(CombineError) -> String {
        let merged = try PeerComparison.combine(runs)
        let frameworks = merged.frameworks
        let level = percentText(policy.level)
        var out = "# nnbench beside " + frameworks.filter { $0 != .nnbench }.map(\.displayName).joined(separator: ", ")
            + (frameworks.count == 1 ? "its peers (none in these files)" : "") + "\n\n"
        out += filesTable(runs) + "\n"
        out += "Every figure is a median step time (a whole pass for streams) from the files above. "
        out += "× fastest peer = the mode's median over the fastest peer mode's median at the same benchmark "
        out += "(< 1: faster than every peer), with a hierarchical percentile-bootstrap \(level) interval (worker processes "
        out += "resampled, then samples within them), so the spread between processes is in it; runs made at other times "
        out += "can still differ by more on shared machines.\n\n"
        let tables = PeerComparison.tables(merged, policy: policy)
        out += headline(tables, level, policy)
        out += "## Benchmarks\n\n"
        for t in tables { out += table(t, level) }
        var claimPolicy = ClaimPolicy()
        claimPolicy.statistics = policy
        out += claimsMatrix(Claims.evaluate(merged, policy: claimPolicy), frameworks, level)
        return out
    }

    /// Which file each part came from, and warnings when they were measured apart.
    static func filesTable(_ runs: [(file: String, run: RunResult)]) -> String {
        var out = "| file | frameworks | date | commit | host |\n|---|---|---|---|---|\n"
        for (file, run) in runs {
            let e = run.environment
            let versions = run.frameworks.map { f -> String in
                if f == .nnbench { return "nnbench \(e.nnbenchVersion)" }
                let v = run.peers?.frameworks.first { $0.framework == f }?.version ?? ""
                return "\(f.displayName) \(v)"
            }
            out += "| \(MarkdownReport.cell(file)) | \(MarkdownReport.cell(versions.joined(separator: ", "))) | \(e.date) "
            out += "| \(Environment.shortCommit(e.commit))\(e.dirty ? " (dirty)" : "") | \(MarkdownReport.cell(e.host)): \(MarkdownReport.cell(e.cpuModel)) |\n"
        }
        let hosts = Set(runs.map { "\($0.run.environment.host)\u{1}\($0.run.environment.cpuModel)" })
        if hosts.count > 1 { out += "\n**Warning:** the files come from different machines: ratios between them mean little.\n" }
        let commits = Set(runs.map(\.run.environment.commit))
        if commits.count > 1 { out += "\n**Note:** the files come from different commits.\n" }
        return out
    }

    /// nnbench's fastest mode and its fused mode over the fastest peer, one row per benchmark.
    static func headline(_ tables: [PeerTable], _ level: String, _ policy: StatisticsPolicy) -> String {
        let rows = tables.filter { $0.fastestPeer != nil && $0.rows.contains { $0.result.framework == .nnbench } }
        guard !rows.isEmpty else { return "" }
        var out = "## nnbench against the fastest peer\n\n"
        out += "| benchmark | fastest peer | its median | nnbench fused / fastest peer [\(level) CI] | nnbench's best mode / fastest peer [\(level) CI] "
        out += "| nnbench eager / PyTorch eager [\(level) CI] |\n"
        out += "|---|---|---:|---:|---:|---:|\n"
        for t in rows {
            guard let peer = t.fastestPeer, let p = t.row(peer) else { continue }
            let own = t.rows.filter { $0.result.framework == .nnbench }
            let fused = own.first { $0.result.mode == .fused }
            let best = own.min { $0.median.estimate < $1.median.estimate }
            func ratio(_ r: PeerTable.Row?, named: Bool) -> String {
                guard let r, let v = r.versusFastestPeer else { return "–" }
                return MarkdownReport.interval(v, suffix: "×") + (named ? " (\(r.result.modeLabel))" : "")
            }
            out += "| `\(t.label)`\(t.task == .train ? "" : " (\(t.task))") | \(peer) "
            out += "| \(MarkdownReport.duration(p.median.estimate)) | \(ratio(fused, named: false)) | \(ratio(best, named: true)) "
            out += "| \(eagerRatio(t, policy)) |\n"
        }
        return out + "\n"
    }

    /// nnbench's eager median over PyTorch's eager median at `t` (workers resampled on both
    /// sides), "–" when either is missing: does a Swift eager engine beat a Python one?
    static func eagerRatio(_ t: PeerTable, _ policy: StatisticsPolicy) -> String {
        guard let n = t.rows.first(where: { $0.result.framework == .nnbench && $0.result.mode == .eager })?.result,
              let p = t.rows.first(where: { $0.result.framework == .torch && $0.result.mode == .eager })?.result else { return "–" }
        let r = Statistics.hierarchicalRatio(n.workerGroups, p.workerGroups, level: policy.level, resamples: policy.resamples,
                                             seed: fnv1a(n.groupPath + "/" + p.groupPath))
        return MarkdownReport.interval(Statistics.Interval(estimate: r.ratio, low: r.low, high: r.high), suffix: "×")
    }

    /// One benchmark: every framework mode with its class, median, first step and ratio.
    static func table(_ t: PeerTable, _ level: String) -> String {
        var out = "### `\(t.label)` (\(t.task))\n\n"
        out += "| framework | mode | class | median [\(level) CI] | first step | × fastest peer [\(level) CI] |\n"
        out += "|---|---|---|---:|---:|---:|\n"
        for r in t.rows {
            let b = r.result
            let version = b.framework == .nnbench || b.frameworkVersion.isEmpty ? "" : " \(b.frameworkVersion)"
            var ratio = r.versusFastestPeer.map { MarkdownReport.interval($0, suffix: "×") } ?? "–"
            if b.frameworkMode == t.fastestPeer { ratio = "1× (fastest peer)" }
            out += "| \(b.framework.displayName)\(MarkdownReport.cell(version)) | \(MarkdownReport.cell(b.modeLabel)) | \(b.mode) "
            out += "| \(durationInterval(r.median)) | \(b.phases[.firstStep].map(MarkdownReport.secondsText) ?? "–") "
            out += "| \(ratio) |\n"
        }
        return out + "\n"
    }

    /// Claim × benchmark rows, one column per framework: each framework judged on its own modes.
    static func claimsMatrix(_ findings: [ClaimFinding], _ frameworks: [Framework], _ level: String) -> String {
        var out = "## Claims per framework\n\n"
        out += "Each framework is judged on its own modes by their class (Results/PEERS.md: `torch.torchscript` is "
        out += "static, `torch.compile` fused, …), exactly as nnbench's own modes are. A cell is the verdict and "
        out += "the effect's estimate; where a framework has two modes of one class (JAX: `jit` and `scan`) each "
        out += "choice is judged and named.\n\n"
        out += "| claim | benchmark | " + frameworks.map(\.displayName).joined(separator: " | ") + " |\n"
        out += "|---|---|" + String(repeating: "---|", count: frameworks.count) + "\n"
        var keys: [String] = []
        var cells: [String: [Framework: [String]]] = [:]
        for f in findings {
            let size = "`\(f.workload)/b\(f.batch)" + (f.sequenceLength > 0 ? "_t\(f.sequenceLength)" : "") + "`"
                + (f.task == .train ? "" : " (\(f.task))") + (f.scenario.isEmpty ? "" : " \(f.scenario)")
            let k = "\(f.claim) | \(MarkdownReport.cell(size))"
            if cells[k] == nil { keys.append(k) }
            let text = "\(MarkdownReport.verdictSymbol(f.verdict)) \(f.verdict.rawValue) \(MarkdownReport.number(f.effect.estimate))" + (f.variant.isEmpty ? "" : " (\(f.variant))")
            cells[k, default: [:]][f.framework, default: []].append(text)
        }
        for k in keys {
            out += "| \(k) | " + frameworks.map { MarkdownReport.cell(cells[k]?[$0]?.joined(separator: "; ") ?? "–") }
                .joined(separator: " | ") + " |\n"
        }
        return out + "\n"
    }

    /// `1.20 ms [1.10 ms, 1.31 ms]`: a median with its interval, each in its own unit.
    static func durationInterval(_ i: Statistics.Interval) -> String {
        "\(MarkdownReport.duration(i.estimate)) [\(MarkdownReport.duration(i.low)), \(MarkdownReport.duration(i.high))]"
    }
}
