import ArgumentParser

// MARK: - Bounds of count-like command-line options

/// Range checks for options that count things (`--batch`, `--samples`, `--workers`, `--threads`), with the bad value in
/// the message. The ranges are `NNWorkloads.Limits`, the same a workload file must respect.
enum CountOption {
    /// `--workers`: fresh processes per benchmark, run one after another.
    static let workers = 1...64
    /// `--threads`: OpenBLAS threads (far beyond any core count is a typo).
    static let threads = 1...1024

    /// Throws a `ValidationError` (exit 64) when `value` is outside `range`.
    static func check(_ option: String, _ value: Int, _ range: ClosedRange<Int>) throws {
        guard !range.contains(value) else { return }
        throw ValidationError("\(option) \(value): must be between \(range.lowerBound) and \(range.upperBound)")
    }
}
