// MARK: - Paired bootstrap over rounds (hierarchical over workers)

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

        /// An interval that decides nothing: (−∞, +∞) around `estimate`.
        public static func unbounded(_ estimate: Double) -> Interval {
            Interval(estimate: estimate, low: -.infinity, high: .infinity)
        }
    }

    /// Percentile bootstrap of a statistic of several paired columns, resampling whole rows.
    ///
    /// Row `r` of every column was measured in the same round (the runner interleaves modes),
    /// so rows are resampled together: drift that hit one round hits every column alike and
    /// cancels in ratios and differences.
    /// - Parameters:
    ///   - columns: equal-length sample arrays (one per mode), already aligned by round.
    ///   - statistic: maps resampled columns to one number (e.g. a ratio of medians).
    /// - Returns: the statistic on the original columns and the `level` interval. Resamples
    ///   where the statistic is NaN are skipped; if more than the interval's tail share are
    ///   NaN the interval is unbounded (−∞, +∞), which every verdict reads as inconclusive.
    public static func pairedBootstrap(_ columns: [[Double]], level: Double = StatisticsPolicy.standard.level, resamples: Int = StatisticsPolicy.standard.resamples,
                                       seed: UInt64 = 1, statistic: ([[Double]]) -> Double) -> Interval {
        precondition(!columns.isEmpty, "pairedBootstrap: no columns")
        return pairedBootstrap(PairedRows(aligned: columns), level: level, resamples: resamples, seed: seed, statistic: statistic)
    }

    /// Percentile bootstrap of a statistic of rows matched by (worker, round).
    ///
    /// With one worker, rows are resampled with replacement. With several, the bootstrap is
    /// two-stage (hierarchical): workers are drawn with replacement, then rows within each drawn
    /// worker, so the interval carries the variation between processes, not only within them.
    /// NaN handling as in `pairedBootstrap(_:level:resamples:seed:statistic:)`.
    public static func pairedBootstrap(_ rows: PairedRows, level: Double = StatisticsPolicy.standard.level,
                                       resamples: Int = StatisticsPolicy.standard.resamples, seed: UInt64 = 1,
                                       statistic: ([[Double]]) -> Double) -> Interval {
        let estimate = rows.count == 0 ? .nan : statistic(rows.columns)
        guard rows.count > 1 else {
            return rows.count == 1 ? Interval(estimate: estimate, low: estimate, high: estimate) : .unbounded(estimate)
        }
        let stats = pairedReplicates(rows, resamples: resamples, seed: seed, statistic: statistic)
        return interval(estimate: estimate, replicates: stats, level: level, resamples: resamples)
    }

    /// Bootstrap replicates of `statistic` over `rows` (see `pairedBootstrap(_ rows:…)`), NaNs
    /// dropped, ascending.
    static func pairedReplicates(_ rows: PairedRows, resamples: Int, seed: UInt64,
                                 statistic: ([[Double]]) -> Double) -> [Double] {
        let groups = rows.rowsByWorker
        var rng = Xoshiro(seed: seed)
        var buffers = rows.columns.map { _ in [Double]() }
        var stats: [Double] = []
        stats.reserveCapacity(resamples)
        for _ in 0..<resamples {
            for c in buffers.indices { buffers[c].removeAll(keepingCapacity: true) }
            for _ in groups.indices {
                let g = groups.count > 1 ? groups[rng.below(groups.count)] : groups[0]
                for _ in g.indices {
                    let j = g[rng.below(g.count)]
                    for c in buffers.indices { buffers[c].append(rows.columns[c][j]) }
                }
            }
            let v = statistic(buffers)
            if !v.isNaN { stats.append(v) }
        }
        return stats.sorted()
    }

    /// Bootstrap replicates of `statistic(a, b)` resampling each side on its own (unpaired),
    /// NaNs dropped, ascending.
    static func unpairedReplicates(_ a: [Double], _ b: [Double], resamples: Int, seed: UInt64,
                                   statistic: ([Double], [Double]) -> Double) -> [Double] {
        var rng = Xoshiro(seed: seed)
        var ra = a, rb = b
        var stats: [Double] = []
        stats.reserveCapacity(resamples)
        for _ in 0..<resamples {
            for i in ra.indices { ra[i] = a[rng.below(a.count)] }
            for i in rb.indices { rb[i] = b[rng.below(b.count)] }
            let v = statistic(ra, rb)
            if !v.isNaN { stats.append(v) }
        }
        return stats.sorted()
    }

    /// The percentile interval of sorted replicates; unbounded when more than the tail share
    /// of the `resamples` gave no value.
    static func interval(estimate: Double, replicates stats: [Double], level: Double, resamples: Int) -> Interval {
        let tail = (1 - level) / 2
        guard !stats.isEmpty, Double(resamples - stats.count) <= tail * Double(resamples) else {
            return .unbounded(estimate)
        }
        return Interval(estimate: estimate, low: quantile(sorted: stats, tail), high: quantile(sorted: stats, 1 - tail))
    }

    /// The median of the row-wise ratios column 0 / column 1 (the paired speed-up statistic).
    public static func medianOfRatios(_ c: [[Double]]) -> Double {
        guard !c[0].isEmpty else { return .nan }
        return median(zip(c[0], c[1]).map { $0 / $1 })
    }

    /// The median of the row-wise differences column 0 − column 1.
    public static func medianOfDifferences(_ c: [[Double]]) -> Double {
        guard !c[0].isEmpty else { return .nan }
        return median(zip(c[0], c[1]).map { $0 - $1 })
    }

    /// The interval of the median of `x` (percentile bootstrap, seeded).
    public static func medianInterval(_ x: [Double], level: Double = StatisticsPolicy.standard.level, resamples: Int = StatisticsPolicy.standard.resamples,
                                      seed: UInt64 = 1) -> Interval {
        let ci = bootstrapCI(x, level: level, resamples: resamples, seed: seed)
        return Interval(estimate: median(x), low: ci.low, high: ci.high)
    }
}
