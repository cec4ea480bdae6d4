import Foundation

// MARK: - One number format for every view

/// The one way nnbench prints a number: three significant digits (trailing zeros kept, so
/// `1.80` says as much as `1.83`), no exponent, a Unicode minus (−), `–` for "does not apply"
/// and `∞` for unbounded. Tables pick one unit per column (`UnitScale`) and print bare numbers
/// under a heading that names the unit.
public enum NumberFormat {
    /// `x` with three significant digits: 0.00123 → `0.00123`, 1.8 → `1.80`, 90 → `90.0`,
    /// 997.4 → `997`, 1190.2 → `1190`, −0.5 → `−0.500`.
    public static func sig3(_ x: Double) -> String {
        if x.isNaN { return "–" }
        if x.isInfinite { return x > 0 ? "∞" : "−∞" }
        if x == 0 { return "0" }
        let magnitude = abs(x)
        let exponent = Int(log10(magnitude).rounded(.down))
        var decimals = max(0, 2 - exponent)
        // Rounding can carry into the next power of ten (9.996 → 10.0): one decimal fewer then.
        let rounded = (magnitude * pow(10, Double(decimals))).rounded() / pow(10, Double(decimals))
        if rounded >= pow(10, Double(exponent + 1)) { decimals = max(0, decimals - 1) }
        let text = String(format: "%.\(decimals)f", magnitude)
        return (x < 0 ? "−" : "") + text
    }

    /// A signed number with an explicit sign: `+12.0`, `−3.40`.
    public static func signed(_ x: Double) -> String {
        x > 0 ? "+" + sig3(x) : sig3(x)
    }

    /// An exact count: digits, no separators (`1234`, `−3`), `–` when absent.
    public static func count(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "–" }
        let i = Int(x.rounded())
        return i < 0 ? "−\(-i)" : String(i)
    }

    /// A speed-up or ratio with its interval: `1.48× [1.46, 1.52]`; an unbounded end reads
    /// `≥ 128` / `≤ 0.5` instead of a bracket with ∞ in it.
    public static func ratio(_ estimate: Double, low: Double, high: Double, suffix: String = "×") -> String {
        let e = sig3(estimate) + suffix
        if low == high && low == estimate { return e }
        switch (low.isFinite, high.isFinite) {
        case (true, true): return "\(e) [\(sig3(low)), \(sig3(high))]"
        case (true, false): return "\(e) (≥ \(sig3(low)))"
        case (false, true): return "\(e) (≤ \(sig3(high)))"
        case (false, false): return "\(e) (unbounded)"
        }
    }
}

// MARK: - One unit per column

/// A unit a column is printed in: the factor that turns the stored value into it, and its name.
public struct UnitScale: Sendable, Equatable {
    public var factor: Double
    public var name: String

    /// Durations stored in nanoseconds.
    public static let time: [UnitScale] = [.init(factor: 1, name: "ns"), .init(factor: 1e3, name: "µs"),
                                           .init(factor: 1e6, name: "ms"), .init(factor: 1e9, name: "s")]
    /// Sizes stored in bytes (binary prefixes).
    public static let bytes: [UnitScale] = [.init(factor: 1, name: "B"), .init(factor: 1024, name: "KiB"),
                                            .init(factor: 1024 * 1024, name: "MiB"), .init(factor: 1024 * 1024 * 1024, name: "GiB")]
    /// Rates and counts (samples/s): plain, thousands, millions.
    public static let rate: [UnitScale] = [.init(factor: 1, name: ""), .init(factor: 1e3, name: "k"),
                                           .init(factor: 1e6, name: "M")]

    /// The largest unit in which the middle of `values` (their lower median) is still ≥ 1, so
    /// that most cells read 1…999 with three significant digits; the first unit when there is
    /// no finite positive value.
    public static func choose(_ units: [UnitScale], for values: [Double]) -> UnitScale {
        let positive = values.filter { $0.isFinite && $0 > 0 }.sorted()
        guard let first = units.first else { return UnitScale(factor: 1, name: "") }
        guard !positive.isEmpty else { return first }
        let middle = positive[(positive.count - 1) / 2]
        return units.last { middle / $0.factor >= 1 } ?? first
    }

    /// `value` in this unit, three significant digits, no unit name.
    public func format(_ value: Double?) -> String {
        guard let value else { return "–" }
        return NumberFormat.sig3(value / factor)
    }

    /// `value` in the unit that suits it alone, with the unit's name: `12.3 µs`.
    public static func text(_ value: Double, in units: [UnitScale]) -> String {
        guard value.isFinite else { return NumberFormat.sig3(value) }
        let u = choose(units, for: [abs(value)])
        return NumberFormat.sig3(value / u.factor) + (u.name.isEmpty ? "" : " " + u.name)
    }
}
