import Foundation
import NNResults

// MARK: - Bar chart: speed-up of every mode over eager, per benchmark

extension Charts {
    /// One bar per (benchmark, non-eager mode): eager median / mode median, with its 95%
    /// bootstrap interval as a whisker and a dashed line at 1× (no change).
    /// - Returns: the SVG document, or nil when no benchmark has eager and another mode.
    public static func speedup(_ run: RunResult, policy: StatisticsPolicy = .standard) -> String? {
        struct Row { var label: String; var bars: [(mode: BenchmarkMode, name: String, s: Statistics.Interval)] }
        var rows: [Row] = []
        var seen: [BenchmarkMode] = []
        for b in run.benchmarks where b.mode == .eager && !b.samplesNs.isEmpty {
            // Against the same framework's eager mode; a peer may have several modes of a class.
            let others = run.benchmarks.filter { $0.mode != .eager && $0.isSameBenchmark(as: b) && !$0.samplesNs.isEmpty }
            guard !others.isEmpty else { continue }
            let bars = orderedModes(others.map(\.mode)).flatMap { m in
                others.filter { $0.mode == m }.map { o in (mode: m, name: o.modeLabel, s: o.speedup(over: b, policy: policy).interval) }
            }
            let label = "\(b.workload)\(b.task == .train ? "" : " (\(b.task))") b=\(b.batch)"
                + (b.sequenceLength > 0 ? (b.task == .stream ? " t≤\(b.sequenceLength)" : " t=\(b.sequenceLength)") : "")
                + (b.framework == .nnbench ? "" : " \(b.framework)")
            rows.append(Row(label: label, bars: bars))
            seen += bars.map(\.mode)
        }
        guard !rows.isEmpty else { return nil }

        // The label column grows with the longest label (about 7 px per character at 12 px).
        let longest = rows.map(\.label.count).max() ?? 10
        let barH = 14.0, groupGap = 14.0, left = max(120, 7 * Double(longest) + 16), plotW = 460.0, top = 62.0
        let plotH = rows.reduce(0) { $0 + Double($1.bars.count) * barH + groupGap }
        var svg = SVG(width: left + plotW + 80, height: top + plotH + 52)
        let finite = rows.flatMap { $0.bars.flatMap { [$0.s.estimate, $0.s.high] } }.filter(\.isFinite)
        let ticks = linearTicks(max: max(1.2, (finite.max() ?? 1) * 1.05))
        let xMax = ticks.last ?? 1
        func x(_ v: Double) -> Double { left + plotW * min(max(v.isFinite ? v : xMax, 0), xMax) / xMax }

        svg.text("Speed-up over eager (median step time, whole pass for streams; 95% CI)", x: 12, y: 22, size: 15, bold: true)
        legend(&svg, modes: orderedModes(seen), x: left, y: 46)
        for t in ticks {
            svg.line(x(t), top, x(t), top + plotH, stroke: "#e4e4e4")
            svg.text(MarkdownReport.number(t) + "×", x: x(t), y: top + plotH + 16, size: 11, anchor: .middle)
        }
        svg.text("× faster than eager", x: left + plotW / 2, y: top + plotH + 38, size: 12, anchor: .middle)

        var y = top + groupGap / 2
        for row in rows {
            let h = Double(row.bars.count) * barH
            svg.text(row.label, x: left - 8, y: y + h / 2 + 4, size: 12, anchor: .end)
            for (i, bar) in row.bars.enumerated() {
                let by = y + Double(i) * barH
                let s = bar.s
                svg.rect(x: left, y: by + 1, width: x(s.estimate) - left, height: barH - 2, fill: color(bar.mode),
                         title: "\(row.label) \(bar.name): \(times(s.estimate)) [\(times(s.low)), \(times(s.high))]")
                let mid = by + barH / 2
                svg.line(x(s.low), mid, x(s.high), mid, stroke: "#222", width: 1.2)
                svg.line(x(s.low), mid - 4, x(s.low), mid + 4, stroke: "#222", width: 1.2)
                svg.line(x(s.high), mid - 4, x(s.high), mid + 4, stroke: "#222", width: 1.2)
                svg.text(times(s.estimate), x: max(x(s.estimate), x(s.high)) + 5, y: mid + 4, size: 10, fill: "#444")
            }
            y += h + groupGap
        }
        svg.line(x(1), top, x(1), top + plotH, stroke: "#222", width: 1.2, dash: "5,4")
        svg.line(left, top + plotH, left + plotW, top + plotH, stroke: "#333")
        svg.line(left, top, left, top + plotH, stroke: "#333")
        return svg.render()
    }
}
