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
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="11">
            <rect width="100%" height="100%" fill="white"/>

            """
        if workloads.isEmpty { svg += text(width / 2, 40, "no runs", anchor: "middle") }
        for (i, w) in workloads.enumerated() {
            let y0 = Double(i) * (panelHeight + top + bottom) + top
            svg += panel(h, series: h.series.filter { $0.key.workload == w }, title: w, y0: y0)
        }
        return svg + "</svg>\n"
    }

    /// One workload's panel: axes, grid, one polyline per benchmark, legend on the right.
    static func panel(_ h: History, series: [History.Series], title: String, y0: Double) -> String {
        let medians = series.flatMap { $0.points.map(\.median) }.filter { $0 > 0 }
        guard let lo = medians.min(), let hi = medians.max() else { return "" }
        // Log scale with a margin; a nearly flat series gets at least a factor of 2 around its middle.
        var lmin = log10(lo) - 0.05, lmax = log10(hi) + 0.05
        if lmax - lmin < 0.3 { let mid = (lmin + lmax) / 2; lmin = mid - 0.15; lmax = mid + 0.15 }
        let plotW = width - left - right
        let n = max(h.runs.count - 1, 1)
        func x(_ run: Int) -> Double { left + plotW * (h.runs.count == 1 ? 0.5 : Double(run) / Double(n)) }
        func y(_ v: Double) -> Double { y0 + panelHeight * (1 - (log10(v) - lmin) / (lmax - lmin)) }

        var out = "<g>\n" + text(left, y0 - 12, escape(title) + " — median step time (log scale)", weight: "bold")
        out += "<rect x=\"\(f(left))\" y=\"\(f(y0))\" width=\"\(f(plotW))\" height=\"\(f(panelHeight))\" fill=\"none\" stroke=\"#999\"/>\n"
        for tick in ticks(lmin, lmax) {
            let ty = y(tick)
            out += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(ty))\" y2=\"\(f(ty))\" stroke=\"#eee\"/>\n"
            out += text(left - 6, ty + 4, MarkdownReport.duration(tick), anchor: "end")
        }
        let labelEvery = max(1, h.runs.count / 8)
        for (i, run) in h.runs.enumerated() where i % labelEvery == 0 || i == h.runs.count - 1 {
            out += text(x(i), y0 + panelHeight + 16, escape(Environment.shortCommit(run.commit)), anchor: "middle")
            out += text(x(i), y0 + panelHeight + 30, escape(String(run.date.prefix(10))), anchor: "middle", size: 9)
        }
        for (j, s) in series.enumerated() {
            let color = palette[j % palette.count]
            let pts = s.points.filter { $0.median > 0 }
            out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\""
                + pts.map { "\(f(x($0.run))),\(f(y($0.median)))" }.joined(separator: " ") + "\"/>\n"
            for p in pts {
                out += "<circle cx=\"\(f(x(p.run)))\" cy=\"\(f(y(p.median)))\" r=\"2.5\" fill=\"\(color)\"/>\n"
                if p.isStepChange, let t = p.step {
                    let ring = t.verdict == .slower ? "#d62728" : "#2ca02c"
                    out += "<circle cx=\"\(f(x(p.run)))\" cy=\"\(f(y(p.median)))\" r=\"6\" fill=\"none\" stroke=\"\(ring)\" stroke-width=\"2\">"
                    out += "<title>\(escape(s.key.description)): \(t.verdict.rawValue) \(ComparisonReport.percent(t.change))</title></circle>\n"
                }
            }
            let ly = y0 + 12 + Double(j) * 15
            out += "<line x1=\"\(f(width - right + 12))\" x2=\"\(f(width - right + 32))\" y1=\"\(f(ly - 4))\" y2=\"\(f(ly - 4))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            out += text(width - right + 38, ly, escape("\(s.key.mode) \(s.key.task) b\(s.key.batch)" + (s.key.sequenceLength > 0 ? " t\(s.key.sequenceLength)" : "")))
        }
        return out + "</g>\n"
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

    static func text(_ x: Double, _ y: Double, _ s: String, anchor: String = "start", weight: String = "normal", size: Int = 11) -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" font-weight=\"\(weight)\" font-size=\"\(size)\">\(s)</text>\n"
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    /// Escapes the five XML special characters.
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&apos;")
    }
}
