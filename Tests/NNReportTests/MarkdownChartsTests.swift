import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import NNVocabulary
import Testing
import NNResults
@testable import NNReport

// MARK: - The SVG charts and the files written beside the report

@Suite struct MarkdownChartsTests {
    /// True when `svg` is well-formed XML.
    func wellFormed(_ svg: String) -> Bool {
        XMLParser(data: Data(svg.utf8)).parse()
    }

    @Test func speedupChartHasOneBarPerNonEagerModeAndBenchmark() throws {
        let svg = try #require(Charts.speedup(Fixture.run))
        #expect(wellFormed(svg))
        // mlp b=1, b=32: static + fused; mlp-infer: static; stream: four strategies → 9 bars.
        let bars = svg.components(separatedBy: "<rect ").count - 1 - 1 /* background */ - 4 /* legend: the four non-eager modes */
        #expect(bars == 9)
        for m in ["static", "fused", "static+pad", "fused+pad"] { #expect(svg.contains(">\(m)</text>")) }
        #expect(svg.contains("class=\"one\""))   // the 1× reference line
    }

    @Test func scalingChartHasAPanelPerWorkload() throws {
        let svg = try #require(Charts.scaling(Fixture.run))
        #expect(wellFormed(svg))
        #expect(svg.contains(">mlp (train)</text>") && svg.contains(">mlp-infer/b1 (infer)</text>"))
        #expect(svg.contains(">rnn-stream/b8_t40 (stream)</text>"))
        // mlp: 3 modes × 2 batches; mlp-infer: 2 modes; stream: 5 strategies → 13 points.
        #expect(svg.components(separatedBy: "<circle ").count - 1 == 13)
        #expect(svg.components(separatedBy: "<polyline ").count - 1 == 3)
    }

    @Test func noEagerMeansNoSpeedupChart() {
        let r = RunResult(environment: Fixture.run.environment, settings: .quick,
                          benchmarks: Fixture.run.benchmarks.filter { $0.mode != .eager })
        #expect(Charts.speedup(r) == nil)
    }

    @Test func svgTextIsEscaped() {
        #expect(SVG.escape("a<b & \"c\"") == "a&lt;b &amp; &quot;c&quot;")
    }

    @Test func writerPutsChartsBesideTheReportAndLinksThem() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnbench-md-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = try ReportWriter.write(Fixture.run, to: dir)
        #expect(files.charts.count == 2)
        let md = try String(contentsOfFile: files.markdown, encoding: .utf8)
        for c in files.charts {
            #expect(FileManager.default.fileExists(atPath: c))
            #expect(md.contains("](\(URL(fileURLWithPath: c).lastPathComponent))"))
        }
    }
}
