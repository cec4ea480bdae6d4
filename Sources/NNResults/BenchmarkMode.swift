import NNVocabulary

// MARK: - The mode column of a result: a mode, padded or not

/// How a benchmark ran: a `Mode`, and for stream workloads (claim C7) whether every batch was
/// padded to the stream's longest length (`static+pad`, `fused+pad`) instead of retraced.
public struct BenchmarkMode: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var mode: Mode
    public var padded: Bool

    public init(_ mode: Mode, padded: Bool = false) {
        self.mode = mode
        self.padded = padded
    }

    /// `eager`, `static`, `fused`, `static+pad`, `fused+pad`.
    public var rawValue: String { mode.rawValue + (padded ? BenchmarkMode.padSuffix : "") }

    public init?(rawValue: String) {
        let padded = rawValue.hasSuffix(BenchmarkMode.padSuffix)
        guard let m = Mode(rawValue: padded ? String(rawValue.dropLast(BenchmarkMode.padSuffix.count)) : rawValue) else {
            return nil
        }
        self.init(m, padded: padded)
    }

    public var description: String { rawValue }

    private static let padSuffix = "+pad"

    public static let eager = BenchmarkMode(.eager)
    public static let `static` = BenchmarkMode(.static)
    public static let fused = BenchmarkMode(.fused)
    public static let staticPadded = BenchmarkMode(.static, padded: true)
    public static let fusedPadded = BenchmarkMode(.fused, padded: true)

    /// Pipeline order: eager, static, fused, then the padded stream variants.
    public static func < (a: BenchmarkMode, b: BenchmarkMode) -> Bool { a.rank < b.rank }

    private var rank: Int {
        let i = Mode.allCases.firstIndex(of: mode) ?? Mode.allCases.count
        return padded ? Mode.allCases.count + i : i
    }
}
