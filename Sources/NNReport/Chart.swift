import Foundation
import NNResults

// MARK: - Charts of a run, as SVG text

/// The two charts written next to each Markdown report. Views only: every figure comes from
/// `Summary` and `BenchmarkResult.speedup`, the same numbers as the tables.
public enum Charts {
    /// One colour per mode (colour-blind-safe Tableau-like palette), in legend order.
    static let palette: [(mode: BenchmarkMode, color: String)] = [
        (.eager, "#4C72B0"), (.static, "#DD8452"), (.fused, "#55A868"),
        (.staticPadded, "#C44E52"), (.fusedPadded, "#8172B3"),
    ]

    static func color(_ mode: BenchmarkMode) -> String {
        palette.first { $0.mode == mode }?.color ?? "#7F7F7F"
    }

    /// Modes in legend order, then any unknown ones in first-seen order.
    static func orderedModes(_ modes: [BenchmarkMode]) -> [BenchmarkMode] {
        let known = palette.map(\.mode).filter(modes.contains)
        var rest: [BenchmarkMode] = []
        for m in modes where !known.contains(m) && !rest.contains(m) { rest.append(m) }
        return known + rest
    }

    /// A horizontal legend of coloured squares starting at (x, y).
    static func legend(_ svg: inout SVG, modes: [BenchmarkMode], x: Double, y: Double) {
        var cx = x
        for m in modes {
            svg.rect(x: cx, y: y - 10, width: 12, height: 12, fill: color(m))
            svg.text(m.rawValue, x: cx + 17, y: y, size: 12)
            cx += 30 + Double(m.rawValue.count) * 7
        }
    }

    // MARK: - Ticks

    /// About `count` round tick values (1, 2, 5 × 10ᵏ steps) covering 0…max.
    static func linearTicks(max: Double, count: Int = 5) -> [Double] {
        guard max > 0, max.isFinite else { return [0, 1] }
        let raw = max / Double(count)
        let mag = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        let top = (max / step).rounded(.up) * step
        return stride(from: 0, through: top + step / 2, by: step).map { $0 }
    }

    /// 1-2-5 ticks per decade between lo and hi (both > 0), thinned to at most ~8.
    static func logTicks(lo: Double, hi: Double) -> [Double] {
        guard lo > 0, hi > lo else { return [lo] }
        var ticks: [Double] = []
        var decade = pow(10, log10(lo).rounded(.down))
        while decade <= hi {
            for m in [1.0, 2, 5] where decade * m >= lo && decade * m <= hi { ticks.append(decade * m) }
            decade *= 10
        }
        if ticks.count > 8 { ticks = ticks.filter { abs(log10($0) - log10($0).rounded()) < 1e-9 } }
        return ticks
    }

    /// A speed-up as `1.35×`.
    static func times(_ x: Double) -> String { String(format: "%.2f×", x) }
}
