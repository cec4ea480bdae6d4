import Foundation
import NNResults

// MARK: - Line chart: median step time against batch size, one panel per workload

extension Charts {
    /// One panel per (non-stream) workload: log-log median step time against batch size, one
    /// line per mode, with the median's 95% interval as a vertical whisker.
    /// - Returns: the SVG document, or nil when the run has no non-stream benchmark.
    public static func scaling(_ run: RunResult, policy: StatisticsPolicy = .standard) -> String? {
        struct Point { var batch: Int; var median: Statistics.Interval }
        struct Panel { var title: String; var lines: [(mode: BenchmarkMode, name: String, points: [Point])] }
        var panels: [Panel] = []
        // One panel per workload and framework: a line is one framework mode, coloured by its class.
        for w in run.workloadOrder {
            for framework in run.frameworks {
                let results = run.benchmarks.filter {
                    $0.workload == w && $0.framework == framework && $0.task != .stream && !$0.samplesNs.isEmpty
                }
                guard let first = results.first else { continue }
                let modes = results.map(\.frameworkMode).reduce(into: [FrameworkMode]()) { if !$0.contains($1) { $0.append($1) } }
                let lines = modes.sorted().map { m in
                    (m.modeClass, m.description, results.filter { $0.frameworkMode == m }.sorted { $0.batch < $1.batch }.map {
                        Point(batch: $0.batch, median: Summary($0, peakGflops: 0, policy: policy).median)
                    })
                }
                let length = first.sequenceLength > 0 ? ", t=\(first.sequenceLength)" : ""
                let on = framework == .nnbench ? "" : " · \(framework)"
                panels.append(Panel(title: "\(w) (\(first.task)\(length))\(on)", lines: lines))
            }
        }
        guard !panels.isEmpty else { return nil }

        let columns = min(2, panels.count), panelW = 380.0, panelH = 250.0, top = 58.0
        let rowsN = (panels.count + columns - 1) / columns
        var svg = SVG(width: Double(columns) * panelW + 20, height: top + Double(rowsN) * panelH + 10)
        svg.text("Median step time against batch size (log-log, 95% CI)", x: 12, y: 22, size: 15, bold: true)
        legend(&svg, modes: orderedModes(panels.flatMap { $0.lines.map(\.mode) }), x: 70, y: 44)

        for (k, p) in panels.enumerated() {
            let ox = 10 + Double(k % columns) * panelW, oy = top + Double(k / columns) * panelH
            let l = ox + 72, r = ox + panelW - 16, t = oy + 26, b = oy + panelH - 46
            let pts = p.lines.flatMap(\.points)
            let batches = Array(Set(pts.map(\.batch))).sorted()
            let values = pts.flatMap { [$0.median.low, $0.median.high, $0.median.estimate] }.filter { $0 > 0 && $0.isFinite }
            let lo = (values.min() ?? 1) / 1.3, hi = (values.max() ?? 10) * 1.3
            let bLo = log2(Double(batches.first ?? 1)), bHi = log2(Double(batches.last ?? 1))
            func xAt(_ batch: Int) -> Double {
                bHi > bLo ? l + 12 + (r - l - 24) * (log2(Double(batch)) - bLo) / (bHi - bLo) : (l + r) / 2
            }
            func y(_ v: Double) -> Double {
                b - (b - t) * (log10(min(max(v, lo), hi)) - log10(lo)) / (log10(hi) - log10(lo))
            }
            svg.text(p.title, x: (l + r) / 2, y: oy + 14, size: 13, anchor: .middle, bold: true)
            for v in logTicks(lo: lo, hi: hi) {
                svg.line(l, y(v), r, y(v), stroke: "#e4e4e4")
                svg.text(MarkdownReport.duration(v), x: l - 6, y: y(v) + 4, size: 10, anchor: .end)
            }
            for bt in batches {
                svg.line(xAt(bt), b, xAt(bt), b + 4, stroke: "#333")
                svg.text(String(bt), x: xAt(bt), y: b + 16, size: 10, anchor: .middle)
            }
            svg.line(l, b, r, b, stroke: "#333")
            svg.line(l, t, l, b, stroke: "#333")
            svg.text("batch size", x: (l + r) / 2, y: b + 34, size: 11, anchor: .middle)
            svg.text("step time", x: ox + 14, y: (t + b) / 2, size: 11, anchor: .middle, rotate: -90)
            for (li, line) in p.lines.enumerated() {
                let c = color(line.mode)
                // Dodge modes sideways a little so overlapping whiskers stay visible.
                let dx = (Double(li) - Double(p.lines.count - 1) / 2) * 5
                func x(_ batch: Int) -> Double { xAt(batch) + dx }
                if line.points.count > 1 {
                    svg.polyline(line.points.map { (x($0.batch), y($0.median.estimate)) }, stroke: c)
                }
                for q in line.points {
                    svg.line(x(q.batch), y(q.median.low), x(q.batch), y(q.median.high), stroke: c, width: 1.5)
                    svg.circle(cx: x(q.batch), cy: y(q.median.estimate), r: 3.5, fill: c,
                               title: "\(line.name) b=\(q.batch): \(MarkdownReport.duration(q.median.estimate))")
                }
            }
        }
        return svg.render()
    }
}
