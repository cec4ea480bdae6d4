import Foundation
import NNResults

// MARK: - An SVG line chart of a history of runs

/// Renders a `History` as a self-contained SVG: one panel per workload, one line per benchmark,
/// x = the runs that measured the workload (in history order), y = median step time on a log
/// scale with its interval as a capped error bar. A mode has the colour it has in the run
/// charts; batch sizes of one mode differ by dash. Step changes are marked by shape as well as
/// colour: ▲ slower, ▼ faster, explained in each panel's legend.
public enum HistoryChart {
    static let width = 980.0, panelHeight = 260.0, left = 80.0, top = 44.0, bottom = 52.0
    static let dashes = ["", "7,4", "2,3", "9,3,2,3"]
    static let slowerColor = "#D55E00", fasterColor = "#0072B2"

    /// The SVG document (one panel per workload; "no runs" when the history is empty).
    public static func render(_ h: History) -> String {
        var workloads: [String] = []
        for s in h.series where !workloads.contains(s.key.workload) { workloads.append(s.key.workload) }
        let height = max(1, Double(workloads.count)) * (panelHeight + top + bottom) + 10
        var svg = SVG(width: width, height: height)
        if workloads.isEmpty { svg.text("no runs", x: width / 2, y: 40, size: 11, anchor: .middle) }
        for (i, w) in workloads.enumerated() {
            let y0 = Double(i) * (panelHeight + top + bottom) + top
            svg.open("panel")
            panel(&svg, h, series: h.series.filter { $0.key.workload == w }, title: w, y0: y0)
            svg.close()
        }
        return svg.render()
    }

    /// The x labels of `runs` (indices into `h.runs`): the short commit, `#2`, `#3` … on
    /// repeats of a commit, "no commit" for a run outside git.
    static func commitLabels(_ h: History, runs: [Int]) -> [String] {
        var seen: [String: Int] = [:]
        return runs.map { i in
            let c = h.runs[i].commit == "unknown" ? "no commit" : String(h.runs[i].commit.prefix(7))
            seen[c, default: 0] += 1
            return seen[c] == 1 ? c : "\(c) #\(seen[c] ?? 1)"
        }
    }

    /// One workload's panel: axes, grid, one line per benchmark with error bars, step marks,
    /// legend on the right.
    static func panel(_ svg: inout SVG, _ h: History, series: [History.Series], title: String, y0: Double) {
        let values = series.flatMap { $0.points.flatMap { [$0.median, $0.low, $0.high] } }.filter { $0 > 0 && $0.isFinite }
        guard let lo = values.min(), let hi = values.max() else { return }
        let ticks = Charts.coveringLogTicks(lo: lo, hi: hi, maxCount: 7)
        let lmin = log10(ticks.first ?? lo), lmax = log10(ticks.last ?? hi)
        let runs = Array(Set(series.flatMap { $0.points.map(\.run) })).sorted()
        let labels = commitLabels(h, runs: runs)
        let legendW = ((series.map(\.key.description) + ["slower: step change"]).map { SVG.textWidth($0, size: 11) }.max() ?? 100) + 44
        let plotW = width - left - max(legendW, 200) - 10
        let slot = Dictionary(uniqueKeysWithValues: runs.enumerated().map { ($1, $0) })
        func x(_ run: Int) -> Double {
            runs.count == 1 ? left + plotW / 2 : left + 20 + (plotW - 40) * Double(slot[run] ?? 0) / Double(runs.count - 1)
        }
        func y(_ v: Double) -> Double { y0 + panelHeight * (1 - (log10(v) - lmin) / max(lmax - lmin, 1e-9)) }

        svg.text(title + " — median step time (log scale, 95% CI)", x: left, y: y0 - 14, size: 12, bold: true)
        svg.rect(x: left, y: y0, width: plotW, height: panelHeight, fill: "none", stroke: "#999")
        for tick in ticks {
            svg.line(left, y(tick), left + plotW, y(tick), stroke: "#eee", cls: "grid")
            svg.text(Charts.tickDuration(tick), x: left - 6, y: y(tick) + 4, size: 11, anchor: .end, cls: "tick-y")
        }
        // Label every k-th run so that labels never touch (widths estimated conservatively).
        let spacing = runs.count > 1 ? (plotW - 40) / Double(runs.count - 1) : plotW
        let widest = labels.map { SVG.textWidth($0, size: 11) }.max() ?? 40
        let every = max(1, Int(((widest + 10) / spacing).rounded(.up)))
        for (k, run) in runs.enumerated() where k % every == 0 || (k == runs.count - 1 && k % every >= every / 2 + 1) {
            svg.text(labels[k], x: x(run), y: y0 + panelHeight + 16, size: 11, anchor: .middle, cls: "tick-x")
            svg.text(String(h.runs[run].date.prefix(10)), x: x(run), y: y0 + panelHeight + 30, size: 9, anchor: .middle,
                     fill: "#666", cls: "tick-x")
        }
        var variant: [BenchmarkMode: Int] = [:]
        for (j, s) in series.enumerated() {
            let color = Charts.color(s.key.mode)
            let dash = dashes[(variant[s.key.mode, default: 0]) % dashes.count]
            variant[s.key.mode, default: 0] += 1
            let pts = s.points.filter { $0.median > 0 }
            svg.polyline(pts.map { (x($0.run), y($0.median)) }, stroke: color, width: 1.5, dash: dash)
            for p in pts {
                if p.low > 0, p.high.isFinite, p.high > p.low {
                    svg.whisker((x(p.run), y(p.low)), (x(p.run), y(p.high)), cap: 6, stroke: color, width: 1)
                }
                svg.circle(cx: x(p.run), cy: y(p.median), r: 2.5, fill: color, cls: "point")
                if p.isStepChange, let t = p.step {
                    let why = "\(s.key): \(t.verdict.rawValue) \(ComparisonReport.percent(t.change))"
                    stepMark(&svg, x: x(p.run), y: y(p.median), slower: t.verdict == .slower, title: why)
                }
            }
            let lx = width - legendW + 4, ly = y0 + 12 + Double(j) * 16
            svg.line(lx, ly - 4, lx + 24, ly - 4, stroke: color, width: 2, dash: dash.isEmpty ? nil : dash)
            svg.text(s.key.description, x: lx + 30, y: ly, size: 11)
        }
        let ly = y0 + 12 + Double(series.count) * 16 + 10
        let lx = width - legendW + 4
        stepMark(&svg, x: lx + 12, y: ly - 4, slower: true, title: nil)
        svg.text("slower: step change", x: lx + 30, y: ly, size: 11)
        stepMark(&svg, x: lx + 12, y: ly + 12, slower: false, title: nil)
        svg.text("faster: step change", x: lx + 30, y: ly + 16, size: 11)
    }

    /// ▲ (slower) or ▼ (faster) around a point: shape and colour both tell them apart.
    static func stepMark(_ svg: inout SVG, x: Double, y: Double, slower: Bool, title: String?) {
        let r = 7.0
        let pts: [(Double, Double)] = slower
            ? [(x, y - r), (x - r, y + r * 0.7), (x + r, y + r * 0.7)]
            : [(x, y + r), (x - r, y - r * 0.7), (x + r, y - r * 0.7)]
        svg.polygon(pts, fill: "none", stroke: slower ? slowerColor : fasterColor, strokeWidth: 2, title: title, cls: slower ? "step-slower" : "step-faster")
    }
}
