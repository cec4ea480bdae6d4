// MARK: - Multiple comparisons

extension Statistics {
    /// Holm's step-down adjustment of p-values (family-wise error control for several tests).
    ///
    /// Sorted ascending, the i-th smallest p (0-based) becomes (k − i) · p, made non-decreasing
    /// along the order and capped at 1; a hypothesis is rejected at level α when its adjusted p
    /// is ≤ α. Controls the chance of any false rejection at α under any dependence.
    /// - Returns: adjusted p-values in the order given.
    public static func holm(_ p: [Double]) -> [Double] {
        let k = p.count
        let order = p.indices.sorted { p[$0] < p[$1] }
        var adjusted = [Double](repeating: 1, count: k)
        var running = 0.0
        for (i, j) in order.enumerated() {
            running = max(running, min(1, Double(k - i) * p[j]))
            adjusted[j] = running
        }
        return adjusted
    }
}
