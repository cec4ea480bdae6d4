// MARK: - Robust spread and outlier flags

extension Statistics {
    /// The indices of samples outside median ± k · 1.4826 · MAD (the "MAD-median rule"; k is
    /// `policy.outlierMADs`, 3 by default).
    ///
    /// Outliers are flagged, never dropped: every statistic in nnbench uses all samples (the
    /// median and its bootstrap interval are robust to a few stray values anyway). When more than
    /// half the samples are tied the MAD is 0; the scale then falls back to 0.1% of the median so
    /// that a clock-resolution wobble is not called an outlier.
    /// - Returns: ascending indices into `x`; empty for fewer than 3 samples.
    public static func outlierIndices(_ x: [Double], policy: StatisticsPolicy = .standard) -> [Int] {
        guard x.count >= 3 else { return [] }
        let m = median(x)
        let scale = max(StatisticsPolicy.madToSigma * mad(x), 1e-3 * abs(m))
        guard scale > 0 else { return [] }
        let limit = policy.outlierMADs * scale
        return x.indices.filter { abs(x[$0] - m) > limit }
    }

    /// Order statistics and moments of one set of samples, computed once.
    public struct Description: Sendable, Equatable {
        public var count: Int
        public var median: Double
        public var mad: Double
        public var min: Double
        public var max: Double
        public var p10: Double
        public var p90: Double
        public var mean: Double

        /// Describes `x`. - Precondition: `x` is non-empty.
        public init(_ x: [Double]) {
            precondition(!x.isEmpty, "Statistics.Description of no samples")
            let s = x.sorted()
            count = s.count
            let m = Statistics.quantile(sorted: s, 0.5)
            median = m
            mad = Statistics.median(s.map { abs($0 - m) })
            min = s[0]
            max = s[s.count - 1]
            p10 = Statistics.quantile(sorted: s, 0.1)
            p90 = Statistics.quantile(sorted: s, 0.9)
            mean = Statistics.mean(s)
        }
    }
}
