import Foundation
import NNVocabulary
import Testing
import TestSupport
import NNResults
@testable import NNReport

// MARK: - Charts a reader understands: labels apart, axes that hold their points

@Suite struct ChartLayoutTests {
    /// A run whose static mode at mlp b32 is very noisy: its interval must not stretch the axis.
    static var noisyRun: RunResult {
        var r = Fixture.run
        if let i = r.benchmarks.firstIndex(where: { $0.workload == "mlp" && $0.mode == .static && $0.batch == 32 }) {
            r.benchmarks[i].samplesNs = Fixture.samples(1_200_000, 10, seed: 5, spread: 0.95)
        }
        return r
    }

    /// Writes `svg` to `$NNBENCH_CHART_DIR/<name>.svg` when set (to look at the charts as PNGs).
    func keep(_ svg: String, _ name: String) {
        guard let dir = ProcessInfo.processInfo.environment["NNBENCH_CHART_DIR"] else { return }
        try? svg.write(toFile: dir + "/" + name + ".svg", atomically: true, encoding: .utf8)
    }

    func expectLegible(_ g: SVGGeometry, _ chart: String) {
        for (a, b) in g.overlappingTexts() { Issue.record("\(chart): \(a) overlaps \(b)") }
        for t in g.textsOutsideTheCanvas() { Issue.record("\(chart): \(t) sticks out of the \(g.width) × \(g.height) canvas") }
    }

    @Test(arguments: [("speedup", Fixture.run), ("speedup-noisy", ChartLayoutTests.noisyRun)])
    func speedupLabelsNeverCollideNorCrossLines(_ name: String, _ run: RunResult) throws {
        let svg = try #require(Charts.speedup(run))
        keep(svg, name)
        let g = SVGGeometry(svg)
        expectLegible(g, name)
        for (t, cls) in g.textsCrossedByLines(["one", "whisker"]) { Issue.record("\(name): \(t) crossed by a \(cls) line") }
    }

    @Test(arguments: [Fixture.run, ChartLayoutTests.noisyRun])
    func speedupAxisIsLogCentredOnOne(_ run: RunResult) throws {
        let g = SVGGeometry(try #require(Charts.speedup(run)))
        let ticks = g.texts.filter { $0.cls == "tick" }
        let values = ticks.map { Double($0.text.dropLast()) ?? .nan }
        #expect(values.contains(1))
        let first = try #require(values.first), last = try #require(values.last)
        #expect(abs(first * last - 1) < 1e-9, "the axis is symmetric around 1× in log space")
        #expect(last <= 5, "one wide interval must not stretch the axis")
        // Equal ratios are equal distances: 0.5× → 1× as long as 1× → 2×.
        func x(_ v: Double) -> Double? { ticks.first { Double($0.text.dropLast()) == v }.map { ($0.x0 + $0.x1) / 2 } }
        if let a = x(0.5), let b = x(1), let c = x(2) { #expect(abs((b - a) - (c - b)) < 0.2) }
        // Bars and whiskers stay within the tick range.
        let span = try #require(g.gridSpan(panel: -1))
        for s in g.lines where s.cls == "whisker" {
            #expect(min(s.x1, s.x2) >= span.lo - 0.05 && max(s.x1, s.x2) <= span.hi + 0.05)
        }
    }

    @Test func scalingPanelsHoldTheirPointsAndLabelsStayApart() throws {
        let svg = try #require(Charts.scaling(Fixture.run))
        keep(svg, "scaling")
        #expect(svg.contains("<g class=\"panel trend\">"))                    // mlp: b1 and b32
        #expect(svg.components(separatedBy: "<g class=\"panel dots\">").count - 1 == 2)   // mlp-infer, rnn-stream
        let g = SVGGeometry(svg)
        expectLegible(g, "scaling")
        #expect(g.panels == 3)
        for p in 0..<g.panels {
            let span = try #require(g.gridSpan(panel: p))
            for c in g.circles where c.panel == p && c.cls == "point" {
                let v = span.horizontal ? c.cy : c.cx
                #expect(v >= span.lo - 0.05 && v <= span.hi + 0.05, "panel \(p): a point outside the tick range")
            }
        }
        // Every error bar has two caps: three line segments per point.
        let points = g.circles.filter { $0.cls == "point" }.count
        #expect(g.lines.filter { $0.cls == "whisker" }.count == 3 * points)
    }

    @Test func dotPanelsMakeRoomForPeersModeNames() throws {
        // One batch size: dot panels, one per framework, rows named `tensorflow.function` etc.
        let tf = [PeerFixtures.result(.tensorflow, "eager", .eager, median: 2_000_000),
                  PeerFixtures.result(.tensorflow, "function", .static, median: 900_000),
                  PeerFixtures.result(.tensorflow, "xla", .fused, median: 400_000)]
        let svg = try #require(Charts.scaling(PeerFixtures.peersRun(tf)))
        keep(svg, "scaling-peers")
        #expect(svg.contains("<g class=\"panel dots\">"))
        expectLegible(SVGGeometry(svg), "scaling-peers")
    }

    // MARK: - History

    static func history(unknownCommit: Bool) -> History {
        func run(_ commit: String, _ date: String, scale: Double) -> RunResult {
            var r = Fixture.run
            r.environment.commit = commit
            r.environment.date = date
            r.benchmarks = r.benchmarks.filter { $0.workload != "rnn-stream" }.map { b in
                var b = b
                b.samplesNs = b.samplesNs.map { $0 * scale }
                return b
            }
            return r
        }
        var runs = [
            (name: "1.h5", result: run("aaaaaaa1111", "2026-11-20T03:00:00Z", scale: 1)),
            (name: "2.h5", result: run("aaaaaaa1111", "2026-11-21T03:00:00Z", scale: 1.01)),
            (name: "3.h5", result: run("bbbbbbb2222", "2026-11-22T03:00:00Z", scale: 1.4)),
            (name: "4.h5", result: run("ccccccc3333", "2026-11-23T03:00:00Z", scale: 1.0)),
        ]
        if unknownCommit { runs.append((name: "5.h5", result: run("unknown", "2026-11-24T03:00:00Z", scale: 1))) }
        return History.build(runs, commitOrder: ["aaaaaaa1111": 0, "bbbbbbb2222": 1, "ccccccc3333": 2])
    }

    @Test func historyLabelsCommitsDistinctlyAndSharesModeColours() throws {
        let svg = HistoryChart.render(Self.history(unknownCommit: false))
        keep(svg, "history")
        let g = SVGGeometry(svg)
        expectLegible(g, "history")
        let labels = g.texts.filter { $0.cls == "tick-x" && $0.panel == 0 && !$0.text.hasPrefix("2026") }.map(\.text)
        #expect(labels == ["aaaaaaa", "aaaaaaa #2", "bbbbbbb", "ccccccc"])
        #expect(!svg.contains("no commit") && !svg.contains("nogit"))
        for m in [BenchmarkMode.eager, .static, .fused] { #expect(svg.contains("stroke=\"\(Charts.color(m))\"")) }
        #expect(svg.contains("class=\"step-slower\"") && svg.contains("class=\"step-faster\""))
        #expect(svg.contains(">slower: step change</text>") && svg.contains(">faster: step change</text>"))
        for p in 0..<g.panels {
            let span = try #require(g.gridSpan(panel: p))
            for c in g.circles where c.panel == p && c.cls == "point" {
                #expect(c.cy >= span.lo - 0.05 && c.cy <= span.hi + 0.05, "panel \(p): a point outside the tick range")
            }
            for s in g.lines where s.panel == p && s.cls == "whisker" {
                #expect(min(s.y1, s.y2) >= span.lo - 0.05 && max(s.y1, s.y2) <= span.hi + 0.05)
            }
        }
    }

    @Test func aRunWithoutCommitGetsItsOwnLabel() {
        let svg = HistoryChart.render(Self.history(unknownCommit: true))
        keep(svg, "history-nocommit")
        #expect(svg.contains(">no commit</text>"))
        expectLegible(SVGGeometry(svg), "history-nocommit")
    }
}
