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
            cx += 17 + SVG.textWidth(m.rawValue, size: 12) + 14
        }
    }

    // MARK: - Ticks

    /// 1-2-5 ticks on a log axis whose first tick is at or below `lo` and whose last is at or
    /// above `hi`, so every value in lo…hi lies inside the tick range. Thinned to powers of ten
    /// (still covering) when there would be more than `maxCount`.
    static func coveringLogTicks(lo: Double, hi: Double, maxCount: Int = 7) -> [Double] {
        guard lo > 0, hi.isFinite, lo.isFinite else { return [1, 10] }
        func sequence(_ mantissas: [Double]) -> [Double] {
            let first = Int(log10(lo).rounded(.down)) - 1, last = Int(log10(max(hi, lo)).rounded(.up)) + 1
            let all = (first...last).flatMap { e in mantissas.map { $0 * pow(10, Double(e)) } }
            let start = all.last { $0 <= lo * (1 + 1e-9) } ?? all[0]
            let end = all.first { $0 >= hi * (1 - 1e-9) && $0 > start } ?? all[all.count - 1]
            return all.filter { $0 >= start && $0 <= end }
        }
        let fine = sequence([1, 2, 5])
        if fine.count < 3 { return sequence([1, 1.5, 2, 3, 4, 5, 7]) }   // a narrow range still gets ticks inside
        return fine.count <= maxCount ? fine : sequence([1])
    }

    /// Ticks of a speed-up axis: symmetric in log space around 1× (0.5, 1, 2; 0.2, 0.5, 1, 2,
    /// 5; …), wide enough for every value in `values`, with 1× always among them.
    static func speedupTicks(covering values: [Double], maxCount: Int = 9) -> [Double] {
        let reach = values.filter { $0 > 0 && $0.isFinite }.map { abs(log10($0)) }.max() ?? 0
        let steps: [Double] = [2, 5, 10, 20, 50, 100, 200, 500, 1000]
        let top = steps.first { log10($0) >= reach - 1e-12 } ?? 1000
        var up = steps.filter { $0 <= top }
        if 2 * up.count + 1 > maxCount { up = up.filter { log10($0) == log10($0).rounded() || $0 == top } }
        return up.reversed().map { 1 / $0 } + [1] + up
    }

    /// A speed-up as `1.35×`.
    /// A round tick value of a time axis, without trailing zeros: `2 ms`, `1.5 ms`, `50 µs`.
    static func tickDuration(_ ns: Double) -> String {
        let u = UnitScale.choose(UnitScale.time, for: [ns])
        return plainNumber((ns / u.factor * 1000).rounded() / 1000) + " " + u.name
    }

    /// A speed-up as `1.35×` (three significant digits).
    static func times(_ x: Double) -> String { NumberFormat.sig3(x) + "×" }

    /// A tick value of a speed-up axis: `0.5×`, `1×`, `20×` (no trailing zeros: ticks are round).
    static func tickTimes(_ x: Double) -> String { plainNumber(x) + "×" }
}
