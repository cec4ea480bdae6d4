// MARK: - Paired bootstrap over rounds

extension Statistics {
    /// A statistic's value and its bootstrap confidence interval.
    public struct Interval: Sendable, Equatable {
        public var estimate: Double
        public var low: Double
        public var high: Double

        public init(estimate: Double, low: Double, high: Double) {
            self.estimate = estimate; self.low = low; self.high = high
        }

        /// True when `value` lies inside the closed interval.
        public func contains(_ value: Double) -> Bool { low <= value && value <= high }
    }

    /// Percentile bootstrap of a statistic of several paired columns, resampling whole rows.
    ///
    /// Row `r` of every column was measured in the same round (the runner interleaves modes),
    /// so rows are resampled together: drift that hit one round hits every column alike and
    /// cancels in ratios and differences.
    /// - Parameters:
    ///   - columns: equal-length sample arrays (one per mode).
    ///   - statistic: maps resampled columns to one number (e.g. a ratio of medians).
    /// - Returns: the statistic on the original columns and the `level` interval. Resamples
    ///   where the statistic is NaN are skipped; if more than the interval's tail share are
    ///   NaN the interval is unbounded (−∞, +∞), which every verdict reads as inconclusive.
    public static func pairedBootstrap(_ columns: [[Double]], level: Double = StatisticsPolicy.standard.level, resamples: Int = StatisticsPolicy.standard.resamples,
                                       seed: UInt64 = 1, statistic: ([[Double]]) -> Double) -> Interval {
        precondition(!columns.isEmpty, "pairedBootstrap: no columns")
        let n = columns[0].count
        precondition(columns.allSatisfy { $0.count == n }, "pairedBootstrap: columns need equal counts")
        let estimate = statistic(columns)
        guard n > 1 else { return Interval(estimate: estimate, low: estimate, high: estimate) }
        var rng = Xoshiro(seed: seed)
        var buffers = columns.map { [Double](repeating: 0, count: $0.count) }
        var stats: [Double] = []
        stats.reserveCapacity(resamples)
        for _ in 0..<resamples {
            for i in 0..<n {
                let j = rng.below(n)
                for c in buffers.indices { buffers[c][i] = columns[c][j] }
            }
            let v = statistic(buffers)
            if !v.isNaN { stats.append(v) }
        }
        let tail = (1 - level) / 2
        guard !stats.isEmpty, Double(resamples - stats.count) <= tail * Double(resamples) else {
            return Interval(estimate: estimate, low: -.infinity, high: .infinity)
        }
        stats.sort()
        return Interval(estimate: estimate, low: quantile(sorted: stats, tail), high: quantile(sorted: stats, 1 - tail))
    }

    /// The interval of the median of `x` (percentile bootstrap, seeded).
    public static func medianInterval(_ x: [Double], level: Double = StatisticsPolicy.standard.level, resamples: Int = StatisticsPolicy.standard.resamples,
                                      seed: UInt64 = 1) -> Interval {
        let ci = bootstrapCI(x, level: level, resamples: resamples, seed: seed)
        return Interval(estimate: median(x), low: ci.low, high: ci.high)
    }
}
