import Foundation
import NNVocabulary
import Testing
import TestSupport

// MARK: - nnbench report: the run's Markdown, re-rendered from its .h5 alone

@Suite("nnbench report (end to end)")
struct ReportEndToEndTests {
    /// What one quick `nnbench run` wrote: its directory, file stem, Markdown and chart files.
    struct QuickRun {
        let directory: String
        let stem: String
        var h5: String { directory + "/" + stem + ".h5" }
        var markdown: String { directory + "/" + stem + ".md" }
        func chart(_ kind: String) -> String { directory + "/" + stem + "-" + kind + ".svg" }
    }

    /// Runs mlp at batch 1 with the quick profile into a fresh directory.
    static func quickRun(_ binary: NNBenchProcess.Binary) throws -> QuickRun? {
        let out = try scratchDirectory("report")
        let r = try NNBenchProcess.run(binary.path, ["run", "mlp", "--quick", "--batch", "1", "--out", out,
                                                     "--workloads", workloadsDirectory] + binary.allowDebug)
        try #require(r.status == 0, "\(r)")
        let h5 = NNBenchProcess.listing(out).filter { $0.hasSuffix(".h5") }
        try #require(h5.count == 1, "one HDF5 file: \(NNBenchProcess.listing(out))")
        return QuickRun(directory: out, stem: String(h5[0].dropLast(3)))
    }

    /// `markdown` without its `## Charts` section (up to the next `## ` heading), and the section.
    static func withoutCharts(_ markdown: String) -> (rest: String, charts: String) {
        guard let start = markdown.range(of: "## Charts\n") else { return (markdown, "") }
        let end = markdown.range(of: "\n## ", range: start.upperBound..<markdown.endIndex).map { markdown.index(after: $0.lowerBound) }
            ?? markdown.endIndex
        return (String(markdown[..<start.lowerBound] + markdown[end...]), String(markdown[start.lowerBound..<end]))
    }

    @Test("report prints the run's Markdown but for the chart links; --out writes it and both charts again")
    func reportRendersTheRunAgain() throws {
        guard let binary = NNBenchProcess.require(), let run = try Self.quickRun(binary) else { return }
        defer { try? FileManager.default.removeItem(atPath: run.directory) }
        let written = try String(contentsOfFile: run.markdown, encoding: .utf8)

        // Standard output: no charts were written, so nothing links to one; all else is the same.
        let printed = try nnbench(["report", run.h5])
        #expect(printed.status == 0, "\(printed)")
        #expect(printed.stderr.isEmpty, "\(printed)")
        let (rest, charts) = Self.withoutCharts(written)
        #expect(charts.contains("](\(run.stem)-speedup.svg)") && charts.contains("](\(run.stem)-scaling.svg)"),
                "the run's report links both charts: \(charts)")
        #expect(!printed.stdout.contains(".svg"), "\(printed.stdout)")
        #expect(printed.stdout == rest)

        // --out X.md: X.md, X-speedup.svg and X-scaling.svg; X.md is the run's .md with X for the stem.
        let views = try scratchDirectory("views")
        defer { try? FileManager.default.removeItem(atPath: views) }
        let r = try nnbench(["report", run.h5, "--out", views + "/again.md"])
        #expect(r.status == 0, "\(r)")
        #expect(NNBenchProcess.listing(views) == ["again-scaling.svg", "again-speedup.svg", "again.md"])
        #expect(r.stdout.split(separator: "\n") == ["wrote \(views)/again.md", "wrote \(views)/again-speedup.svg",
                                                    "wrote \(views)/again-scaling.svg"])
        let again = try String(contentsOfFile: views + "/again.md", encoding: .utf8)
        #expect(again == written.replacingOccurrences(of: run.stem, with: "again"))
        for kind in ["speedup", "scaling"] {
            let chart = try String(contentsOfFile: views + "/again-\(kind).svg", encoding: .utf8)
            #expect(chart == (try String(contentsOfFile: run.chart(kind), encoding: .utf8)), "\(kind) chart")
        }
    }

    @Test("A truncated or a missing file: exit 1, one error line naming the file, nothing on stdout")
    func unreadableFile() throws {
        let dir = try scratchDirectory("compare")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let full = try CompareFixture.write(CompareFixture.run(date: "2026-11-25T03:00:00Z"), dir, "full.h5")
        let data = try Data(contentsOf: URL(fileURLWithPath: full))
        try #require(data.count > 2000)
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: dir + "/cut.h5"))

        for name in ["cut.h5", "missing.h5"] {
            let r = try nnbench(["report", dir + "/" + name], in: dir)
            #expect(r.status == 1, "\(name): \(r)")
            #expect(r.stdout.isEmpty, "\(name): \(r)")
            #expect(r.stderrLines.count == 1, "\(name): \(r)")
            #expect(r.stderr.hasPrefix("nnbench: error: \(dir)/\(name)"), "\(name): \(r)")
        }
        #expect(NNBenchProcess.listing(dir) == ["cut.h5", "full.h5"], "report writes nothing on failure")
    }
}
