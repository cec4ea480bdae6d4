// MARK: - The statistical rules, as values: what the statistics use and what reports state

/// The knobs of nnbench's statistics: bootstrap resamples, interval coverage and the outlier
/// rule. The statistics take their defaults from `standard`, and reports render their
/// methodology lines from the policy they are given, so the text always states the rules the
/// numbers were computed with.
public struct StatisticsPolicy: Sendable, Equatable {
    /// Bootstrap replicates per interval (2000 gives stable 95% bounds).
    public var resamples: Int
    /// Coverage of every bootstrap interval (0.95 for 95% intervals).
    public var level: Double
    /// How far from the median, in scaled MADs, a sample must lie to be flagged an outlier.
    public var outlierMADs: Double
    /// Workers disagree when the largest worker median exceeds the smallest by more than this
    /// fraction, or a worker's last third of rounds differs from its first third by more (the
    /// report warns: bimodal or drifting).
    public var workerDisagreement: Double

    /// The factor that turns a MAD into a consistent estimate of a normal standard deviation
    /// (a property of the normal distribution, not a setting).
    public static let madToSigma = 1.4826

    public init(resamples: Int = 2000, level: Double = 0.95, outlierMADs: Double = 3, workerDisagreement: Double = 0.10) {
        precondition(resamples >= 1 && level > 0 && level < 1 && outlierMADs > 0 && workerDisagreement > 0,
                     "StatisticsPolicy: bad values")
        self.resamples = resamples
        self.level = level
        self.outlierMADs = outlierMADs
        self.workerDisagreement = workerDisagreement
    }

    /// The policy every run uses.
    public static let standard = StatisticsPolicy()
}

// MARK: - Rules as text

/// A fraction as a percentage without trailing zeros: 0.95 → "95%", 0.999 → "99.9%".
public func percentText(_ fraction: Double) -> String {
    plainNumber(fraction * 100) + "%"
}

/// A number without exponent or trailing zeros: 3 → "3", 1.4826 → "1.4826", 0.05 → "0.05".
public func plainNumber(_ x: Double) -> String {
    let rounded = (x * 1e6).rounded() / 1e6
    if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int(rounded)) }
    return String(describing: rounded)
}

/// A small count as a word ("three"), larger ones as digits.
public func countWord(_ n: Int) -> String {
    let words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    return words.indices.contains(n) ? words[n] : String(n)
}
