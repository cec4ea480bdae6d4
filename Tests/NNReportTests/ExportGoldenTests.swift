import Foundation
import NNResults
import Testing
@testable import NNReport

// MARK: - Golden files: the summary, each export format, the terminal summary

/// Each view of the fixed run (`Fixture.run`) must match its golden file byte for byte. To
/// accept a deliberate change: `NNBENCH_UPDATE_GOLDEN=1 swift test --filter ExportGoldenTests`,
/// then review the diff of the golden files before committing them.
@Suite struct ExportGoldenTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func expectGolden(_ text: String, _ name: String) throws {
        let url = Self.dir.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["NNBENCH_UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "\(name) changed: see the diff, regenerate with NNBENCH_UPDATE_GOLDEN=1")
    }

    /// The summary rows (`/summary`, `export --format csv`).
    @Test func summaryCSV() throws { try expectGolden(RunExport.csv(Fixture.run), "summary.csv") }

    @Test func exportJSON() throws { try expectGolden(try RunExport.json(Fixture.run), "export.json") }

    @Test func exportBenchmarkAction() throws {
        try expectGolden(try ComparisonJSON.encode(RunExport.benchmarkAction(Fixture.run)), "benchmark-action.json")
    }

    @Test func terminalSummary() throws {
        let text = TerminalSummary.render(Fixture.run)
        try expectGolden(text, "terminal.txt")
        for line in text.split(separator: "\n") { #expect(line.count <= 100, "wider than 100 columns: \(line)") }
    }

    /// A run with more modes than fit one line continues on a second block, still ≤ 60 columns.
    @Test func terminalSummaryWrapsModes() {
        let text = TerminalSummary.render(Fixture.run, width: 60)
        for line in text.split(separator: "\n") { #expect(line.count <= 60, "\(line)") }
        #expect(text.contains("fused+pad"))
    }

    /// The same benchmark name in every view: summary, exports, terminal, Markdown.
    @Test func oneNameEverywhere() throws {
        let name = "mlp/fused/b32"
        #expect(RunExport.csv(Fixture.run).contains("\n\(name),"))
        #expect(try RunExport.json(Fixture.run).contains("\"name\" : \"\(name)\""))
        #expect(RunExport.benchmarkAction(Fixture.run).contains { $0.name == name })
        #expect(MarkdownReport.render(Fixture.run).contains("`\(name)`"))
        #expect(Fixture.run.benchmarks.contains { $0.groupPath == "/benchmarks/" + name })
    }
}
