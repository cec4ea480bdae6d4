import Foundation
import NNResults

// MARK: - Bar chart: speed-up of every mode over eager, per benchmark, on a log axis

extension Charts {
    /// One bar per (benchmark, non-eager mode): eager median / mode median on a log axis centred
    /// on 1× (bars grow right when the mode is faster than eager, left when slower), with the
    /// bootstrap interval as a capped whisker and the value written in a column of its own right
    /// of the plot, so no label can cross the 1× line, a whisker or another label. An interval
    /// end more than 4× away from its estimate does not widen the axis: its whisker stops at the
    /// axis edge with an arrow.
    /// - Returns: the SVG document, or nil when no benchmark has eager and another mode.
    public static func speedup(_ run: RunResult, policy: StatisticsPolicy = .standard) -> String? {
        struct Bar { var mode: BenchmarkMode; var name: String; var s: Statistics.Interval }
        struct Row { var label: String; var bars: [Bar] }
        var rows: [Row] = []
        var seen: [BenchmarkMode] = []
        for b in run.benchmarks where b.mode == .eager && !b.samplesNs.isEmpty {
            // Against the same framework's eager mode; a peer may have several modes of a class.
            let others = run.benchmarks.filter { $0.mode != .eager && $0.isSameBenchmark(as: b) && !$0.samplesNs.isEmpty }
            guard !others.isEmpty else { continue }
            // Every mode of the benchmark's framework (a class may hold several: JAX's jit and scan).
            let bars = orderedModes(others.map(\.mode)).flatMap { m in
                others.filter { $0.mode == m }.map { Bar(mode: m, name: $0.modeLabel, s: $0.speedup(over: b, policy: policy).interval) }
            }
            let label = "\(b.workload)/b\(b.batch)" + (b.sequenceLength > 0 ? "_t\(b.sequenceLength)" : "")
                + (b.framework == .nnbench ? "" : " · \(b.framework.displayName)")
            rows.append(Row(label: label, bars: bars))
            seen += bars.map(\.mode)
        }
        guard !rows.isEmpty else { return nil }

        let values = rows.flatMap { $0.bars.flatMap { bar -> [Double] in
            let e = bar.s.estimate
            return [e] + [bar.s.low, bar.s.high].filter { $0 > 0 && $0.isFinite && abs(log10($0 / e)) <= log10(4) }
        } }
        let ticks = speedupTicks(covering: values)
        let lMin = log10(ticks.first ?? 0.5), lMax = log10(ticks.last ?? 2)
        func valueText(_ bar: Bar) -> String {
            "\(bar.name) " + NumberFormat.ratio(bar.s.estimate, low: bar.s.low, high: bar.s.high)
        }
        let labelSize = 12.0, valueSize = 10.5, barH = 18.0, groupGap = 12.0, top = 64.0, plotW = 400.0
        let left = 16 + (rows.map { SVG.textWidth($0.label, size: labelSize) }.max() ?? 60) + 10
        let valueW = (rows.flatMap { $0.bars.map { SVG.textWidth(valueText($0), size: valueSize) } }.max() ?? 100) + 16
        let plotH = rows.reduce(0) { $0 + Double($1.bars.count) * barH + groupGap }
        let title = "Speed-up over eager (log scale; median step time, whole pass for streams; \(percentText(policy.level)) CI)"
        let width = max(left + plotW + valueW + 12, SVG.textWidth(title, size: 15) + 24)
        var svg = SVG(width: width, height: top + plotH + 56)
        func x(_ v: Double) -> Double {
            let l = v > 0 && v.isFinite ? log10(v) : (v > 0 ? lMax : lMin)
            return left + plotW * (min(max(l, lMin), lMax) - lMin) / (lMax - lMin)
        }

        svg.text(title, x: 12, y: 22, size: 15, bold: true)
        legend(&svg, modes: orderedModes(seen), x: left, y: 46)
        svg.open("axis-x")
        for t in ticks {
            svg.line(x(t), top, x(t), top + plotH, stroke: t == 1 ? "#222" : "#e4e4e4", width: t == 1 ? 1.2 : 1,
                     dash: t == 1 ? "5,4" : nil, cls: t == 1 ? "one" : "grid")
            svg.text(tickTimes(t), x: x(t), y: top + plotH + 16, size: 11, anchor: .middle, cls: "tick")
        }
        svg.close()
        svg.text("← slower than eager · eager time ÷ mode time · faster than eager →", x: left + plotW / 2,
                 y: top + plotH + 38, size: 12, anchor: .middle)

        var y = top + groupGap / 2
        for row in rows {
            let h = Double(row.bars.count) * barH
            svg.text(row.label, x: left - 10, y: y + h / 2 + 4, size: labelSize, anchor: .end)
            for (i, bar) in row.bars.enumerated() {
                let by = y + Double(i) * barH, mid = by + barH / 2, s = bar.s
                let x0 = min(x(1), x(s.estimate)), x1 = max(x(1), x(s.estimate))
                svg.rect(x: x0, y: by + 3, width: x1 - x0, height: barH - 6, fill: color(bar.mode),
                         title: "\(row.label) \(valueText(bar))", cls: "bar")
                let lo = x(s.low), hi = x(s.high)
                let clippedLow = !(s.low > 0 && s.low.isFinite) || log10(s.low) < lMin
                let clippedHigh = !s.high.isFinite || log10(s.high) > lMax
                svg.whisker((lo, mid), (hi, mid), cap: 8, capA: !clippedLow, capB: !clippedHigh)
                if clippedLow { svg.polygon([(lo, mid), (lo + 6, mid - 4), (lo + 6, mid + 4)], fill: "#222") }
                if clippedHigh { svg.polygon([(hi, mid), (hi - 6, mid - 4), (hi - 6, mid + 4)], fill: "#222") }
                svg.text(valueText(bar), x: left + plotW + 12, y: mid + 4, size: valueSize, fill: "#333", cls: "value")
            }
            y += h + groupGap
        }
        svg.line(left, top + plotH, left + plotW, top + plotH, stroke: "#333")
        return svg.render()
    }
}
