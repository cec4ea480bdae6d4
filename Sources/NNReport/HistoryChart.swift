import Foundation
import NNResults

// MARK: - An SVG line chart of a history of runs

/// Renders a `History` as a self-contained SVG: one panel per workload, one line per benchmark,
/// x = run (oldest left), y = median step time on a log scale (so modes of very different speed
/// share a panel). Step changes are ringed: red for slower, green for faster.
public enum HistoryChart {
    static let width = 900.0, panelHeight = 260.0, left = 80.0, right = 230.0, top = 36.0, bottom = 40.0
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#d62728"]

    /// The SVG document (one panel per workload; "no runs" when the history is empty).
    public static func render(_ h: History) -> String {
        var workloads: [String] = []
        for s in h.series where !workloads.contains(s.key.workload) { workloads.append(s.key.workload) }
        let height = max(1, Double(workloads.count)) * (panelHeight + top + bottom)
        var svg = SVG(width: width, height: height)
        if workloads.isEmpty { svg.text("no runs", x: width / 2, y: 40, size: 11, anchor: .middle) }
        for (i, w) in workloads.enumerated() {
            let y0 = Double(i) * (panelHeight + top + bottom) + top
            panel(&svg, h, series: h.series.filter { $0.key.workload == w }, title: w, y0: y0)
        }
        return svg.render()
    }

    /// One workload's panel: axes, grid, one polyline per benchmark, legend on the right.
    static func panel(_ svg: inout SVG, _ h: History, series: [History.Series], title: String, y0: Double) {
        let medians = series.flatMap { $0.points.map(\.median) }.filter { $0 > 0 }
        guard let lo = medians.min(), let hi = medians.max() else { return }
        // Log scale with a margin; a nearly flat series gets at least a factor of 2 around its middle.
        var lmin = log10(lo) - 0.05, lmax = log10(hi) + 0.05
        if lmax - lmin < 0.3 { let mid = (lmin + lmax) / 2; lmin = mid - 0.15; lmax = mid + 0.15 }
        let plotW = width - left - right
        let n = max(h.runs.count - 1, 1)
        func x(_ run: Int) -> Double { left + plotW * (h.runs.count == 1 ? 0.5 : Double(run) / Double(n)) }
        func y(_ v: Double) -> Double { y0 + panelHeight * (1 - (log10(v) - lmin) / (lmax - lmin)) }

        svg.text(title + " — median step time (log scale)", x: left, y: y0 - 12, size: 11, bold: true)
        svg.rect(x: left, y: y0, width: plotW, height: panelHeight, fill: "none", stroke: "#999")
        for tick in ticks(lmin, lmax) {
            svg.line(left, y(tick), left + plotW, y(tick), stroke: "#eee")
            svg.text(MarkdownReport.duration(tick), x: left - 6, y: y(tick) + 4, size: 11, anchor: .end)
        }
        let labelEvery = max(1, h.runs.count / 8)
        for (i, run) in h.runs.enumerated() where i % labelEvery == 0 || i == h.runs.count - 1 {
            svg.text(Environment.shortCommit(run.commit), x: x(i), y: y0 + panelHeight + 16, size: 11, anchor: .middle)
            svg.text(String(run.date.prefix(10)), x: x(i), y: y0 + panelHeight + 30, size: 9, anchor: .middle)
        }
        for (j, s) in series.enumerated() {
            let color = palette[j % palette.count]
            let pts = s.points.filter { $0.median > 0 }
            svg.polyline(pts.map { (x($0.run), y($0.median)) }, stroke: color, width: 1.5)
            for p in pts {
                svg.circle(cx: x(p.run), cy: y(p.median), r: 2.5, fill: color)
                if p.isStepChange, let t = p.step {
                    svg.circle(cx: x(p.run), cy: y(p.median), r: 6, fill: "none",
                               stroke: t.verdict == .slower ? "#d62728" : "#2ca02c", strokeWidth: 2,
                               title: "\(s.key.description): \(t.verdict.rawValue) \(ComparisonReport.percent(t.change))")
                }
            }
            let ly = y0 + 12 + Double(j) * 15
            svg.line(width - right + 12, ly - 4, width - right + 32, ly - 4, stroke: color, width: 2)
            svg.text(HistoryReport.column(s.key), x: width - right + 38, y: ly, size: 11)
        }
    }

    /// Tick values (nanoseconds) at 1, 2 and 5 times each power of ten inside [10^lmin, 10^lmax],
    /// or at 1, 1.5, 2, 3 … 9 times a power of ten when that gives fewer than three ticks.
    static func ticks(_ lmin: Double, _ lmax: Double) -> [Double] {
        func ticks(_ mantissas: [Double]) -> [Double] {
            var out: [Double] = []
            for e in Int(lmin.rounded(.down))...Int(lmax.rounded(.up)) {
                for m in mantissas {
                    let v = m * pow(10, Double(e))
                    if log10(v) >= lmin && log10(v) <= lmax { out.append(v) }
                }
            }
            return out
        }
        let coarse = ticks([1, 2, 5])
        return coarse.count >= 3 ? coarse : ticks([1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9])
    }
}
