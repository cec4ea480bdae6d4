import Foundation
import NNResults
import NNReport
import NNVocabulary
import Testing

// MARK: - The Markdown and JSON views of a comparison (no binary needed)

@Suite("Comparison views")
struct CompareReportTests {
    func comparison(headCore: String = "Haswell", scale: Double = 1, allocations: Double = 40) -> Comparison {
        Comparison.compare(base: CompareFixture.run(date: "2026-11-24T03:00:00Z"),
                           head: CompareFixture.run(date: "2026-11-25T03:00:00Z", scale: scale, allocations: allocations, coreName: headCore))
    }

    @Test("Environment mismatches come first, as a warning block; agreeing environments print none")
    func warningBlock() {
        let md = ComparisonReport.render(comparison(headCore: "SkylakeX"))
        let warning = md.range(of: "> **WARNING: the environments differ")
        let table = md.range(of: "| benchmark |")
        #expect(warning != nil && table != nil)
        if let warning, let table { #expect(warning.lowerBound < table.lowerBound) }
        #expect(md.contains("> - OpenBLAS core: Haswell → SkylakeX"))
        #expect(!ComparisonReport.render(comparison()).contains("WARNING"))
    }

    @Test("The summary counts verdicts and names a regression")
    func summary() {
        let slower = ComparisonReport.summary(comparison(scale: 1.3))
        #expect(slower == "Summary: 0 faster, 2 slower, 0 no change, 0 undecided; 0 exact-counter regressions. **REGRESSION.**")
        let counter = ComparisonReport.summary(comparison(allocations: 41))
        #expect(counter == "Summary: 0 faster, 0 slower, 2 no change, 0 undecided; 1 exact-counter regression. **REGRESSION.**")
    }

    @Test("Percentages carry their sign and a sensible number of digits")
    func percent() {
        #expect(ComparisonReport.percent(0.0534) == "+5.3%")
        #expect(ComparisonReport.percent(-0.25) == "−25%")
        #expect(ComparisonReport.percent(.nan) == "–")
        #expect(ComparisonReport.percent(-0.0001) == "+0.0%", "no signed zero")
    }

    @Test("benchmark-action entries: one per compared benchmark in ns, one per exact counter")
    func benchmarkAction() throws {
        let head = CompareFixture.run(date: "2026-11-25T03:00:00Z", scale: 1.1)
        let c = Comparison.compare(base: CompareFixture.run(date: "2026-11-24T03:00:00Z"), head: head)
        let entries = ComparisonJSON.benchmarkAction(c, head: head)
        #expect(entries.filter { $0.unit == "ns" }.map(\.name) == ["mlp/eager/train/b32", "mlp/static/train/b32"])
        #expect(entries.filter { $0.unit == "count" }.count == 4, "allocations and kernels for two benchmarks")
        let decoded = try JSONDecoder().decode([ComparisonJSON.BenchmarkActionEntry].self, from: Data(ComparisonJSON.encode(entries).utf8))
        #expect(decoded == entries)
    }
}
