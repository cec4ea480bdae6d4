import Foundation
import NNResults

// MARK: - Step time per mode: against batch size where there are several, else a dot plot

extension Charts {
    /// One panel per workload. A workload measured at several batch sizes gets a log-log line
    /// chart of median step time against batch size, one line per mode; a workload with one
    /// batch size (and every stream workload) gets a dot plot: one row per mode, the median on a
    /// log time axis. Every median carries its interval as a capped error bar, and every axis's
    /// ticks cover all its points.
    /// - Returns: the SVG document, or nil when the run has no benchmark with samples.
    public static func scaling(_ run: RunResult, policy: StatisticsPolicy = .standard) -> String? {
        var panels: [ScalingPanel] = []
        // One panel per workload and framework: a line is one framework mode, coloured by its class.
        for w in run.workloadOrder {
            for framework in run.frameworks {
                let results = run.benchmarks.filter { $0.workload == w && $0.framework == framework && !$0.samplesNs.isEmpty }
                guard let first = results.first else { continue }
                let modes = Set(results.map(\.frameworkMode)).sorted()
                let lines = modes.map { m in
                    (mode: m.modeClass, name: m.description, points: results.filter { $0.frameworkMode == m }.sorted { $0.batch < $1.batch }.map {
                        ScalingPanel.Point(batch: $0.batch, median: Summary($0, peakGflops: 0, policy: policy).median)
                    })
                }
                let batches = Set(results.map(\.batch))
                let length = first.sequenceLength > 0 ? "_t\(first.sequenceLength)" : ""
                let on = framework == .nnbench ? "" : " · \(framework.displayName)"
                let title = batches.count > 1 ? "\(w) (\(first.task)\(length.isEmpty ? "" : ", t\(first.sequenceLength)"))\(on)"
                    : "\(w)/b\(first.batch)\(length) (\(first.task))\(on)"
                panels.append(ScalingPanel(title: title, lines: lines, trend: batches.count > 1))
            }
        }
        guard !panels.isEmpty else { return nil }

        let columns = min(2, panels.count), panelW = 400.0, panelH = 250.0, top = 58.0
        let rowsN = (panels.count + columns - 1) / columns
        let title = "Median step time per mode (log scale, \(percentText(policy.level)) CI; whole pass for streams)"
        // A run with one panel is narrower than its title: the canvas takes the wider of the two.
        var svg = SVG(width: max(Double(columns) * panelW + 20, SVG.textWidth(title, size: 15, bold: true) + 24),
                      height: top + Double(rowsN) * panelH + 10)
        svg.text(title, x: 12, y: 22, size: 15, bold: true)
        legend(&svg, modes: orderedModes(panels.flatMap { $0.lines.map(\.mode) }), x: 72, y: 44)
        for (k, p) in panels.enumerated() {
            let ox = 10 + Double(k % columns) * panelW, oy = top + Double(k / columns) * panelH
            svg.open(p.trend ? "panel trend" : "panel dots")
            if p.trend { p.drawTrend(&svg, ox: ox, oy: oy, width: panelW, height: panelH) }
            else { p.drawDots(&svg, ox: ox, oy: oy, width: panelW, height: panelH) }
            svg.close()
        }
        return svg.render()
    }
}

/// One workload's panel of the scaling chart.
struct ScalingPanel {
    struct Point { var batch: Int; var median: Statistics.Interval }
    var title: String
    /// One line per framework mode: its class (the colour) and its name (`fused`, `jax.scan`).
    var lines: [(mode: BenchmarkMode, name: String, points: [Point])]
    /// Several batch sizes: a line chart; one: a dot plot per mode.
    var trend: Bool

    /// The time axis's ticks: covering every median and interval end of the panel.
    private var timeTicks: [Double] {
        let v = lines.flatMap { $0.points.flatMap { [$0.median.low, $0.median.high, $0.median.estimate] } }
            .filter { $0 > 0 && $0.isFinite }
        return Charts.coveringLogTicks(lo: v.min() ?? 1, hi: v.max() ?? 10, maxCount: 6)
    }

    /// Log-log: batch size across, step time up.
    func drawTrend(_ svg: inout SVG, ox: Double, oy: Double, width: Double, height: Double) {
        let l = ox + 78, r = ox + width - 18, t = oy + 28, b = oy + height - 48
        let ticks = timeTicks
        let lo = log10(ticks.first ?? 1), hi = log10(ticks.last ?? 10)
        let batches = Array(Set(lines.flatMap { $0.points.map(\.batch) })).sorted()
        let bLo = log2(Double(batches.first ?? 1)), bHi = log2(Double(batches.last ?? 2))
        func xAt(_ batch: Int) -> Double { l + 16 + (r - l - 32) * (log2(Double(batch)) - bLo) / max(bHi - bLo, 1e-9) }
        func y(_ v: Double) -> Double { b - (b - t) * (log10(v) - lo) / (hi - lo) }
        axes(&svg, title: title, l: l, r: r, t: t, b: b, ox: ox)
        for v in ticks {
            svg.line(l, y(v), r, y(v), stroke: "#e4e4e4", cls: "grid")
            svg.text(Charts.tickDuration(v), x: l - 6, y: y(v) + 4, size: 10, anchor: .end, cls: "tick-y")
        }
        for bt in batches {
            svg.line(xAt(bt), b, xAt(bt), b + 4, stroke: "#333")
            svg.text(String(bt), x: xAt(bt), y: b + 16, size: 10, anchor: .middle)
        }
        svg.text("batch size (log scale)", x: (l + r) / 2, y: b + 34, size: 11, anchor: .middle)
        svg.text("step time", x: ox + 14, y: (t + b) / 2, size: 11, anchor: .middle, rotate: -90)
        for (li, line) in lines.enumerated() {
            let c = Charts.color(line.mode)
            // Dodge modes sideways a little so overlapping error bars stay visible.
            let dx = (Double(li) - Double(lines.count - 1) / 2) * 6
            func x(_ batch: Int) -> Double { xAt(batch) + dx }
            if line.points.count > 1 {
                svg.polyline(line.points.map { (x($0.batch), y($0.median.estimate)) }, stroke: c)
            }
            for q in line.points {
                svg.whisker((x(q.batch), y(q.median.low)), (x(q.batch), y(q.median.high)), cap: 6, stroke: c, width: 1.5)
                svg.circle(cx: x(q.batch), cy: y(q.median.estimate), r: 3.5, fill: c,
                           title: "\(line.name) b\(q.batch): \(MarkdownReport.duration(q.median.estimate))", cls: "point")
            }
        }
    }

    /// One row per mode, the median across on a log time axis.
    func drawDots(_ svg: inout SVG, ox: Double, oy: Double, width: Double, height: Double) {
        // Room for the widest row label (a peer's `tensorflow.function` is wider than `fused`).
        let widest = lines.map { SVG.textWidth($0.name, size: 11) }.max() ?? 0
        let l = ox + max(78, widest + 22), r = ox + width - 18, t = oy + 28, b = oy + height - 48
        let ticks = timeTicks
        let lo = log10(ticks.first ?? 1), hi = log10(ticks.last ?? 10)
        func x(_ v: Double) -> Double { l + (r - l) * (log10(v) - lo) / (hi - lo) }
        axes(&svg, title: title, l: l, r: r, t: t, b: b, ox: ox)
        for v in ticks {
            svg.line(x(v), t, x(v), b, stroke: "#e4e4e4", cls: "grid")
            svg.text(Charts.tickDuration(v), x: x(v), y: b + 16, size: 10, anchor: .middle, cls: "tick-x")
        }
        svg.text("step time (log scale)", x: (l + r) / 2, y: b + 34, size: 11, anchor: .middle)
        let rowH = (b - t) / Double(max(lines.count, 1))
        for (i, line) in lines.enumerated() {
            guard let q = line.points.first else { continue }
            let c = Charts.color(line.mode), y = t + rowH * (Double(i) + 0.5)
            svg.text(line.name, x: l - 8, y: y + 4, size: 11, anchor: .end)
            svg.whisker((x(q.median.low), y), (x(q.median.high), y), cap: 8, stroke: c, width: 1.5)
            svg.circle(cx: x(q.median.estimate), cy: y, r: 4, fill: c,
                       title: "\(line.name): \(MarkdownReport.duration(q.median.estimate))", cls: "point")
        }
    }

    private func axes(_ svg: inout SVG, title: String, l: Double, r: Double, t: Double, b: Double, ox: Double) {
        svg.text(title, x: (l + r) / 2, y: t - 12, size: 13, anchor: .middle, bold: true)
        svg.line(l, b, r, b, stroke: "#333")
        svg.line(l, t, l, b, stroke: "#333")
    }
}
