// MARK: - Reductions

extension Kernels {
    /// out[c] = Σ_r x[r, c]: the column sums (the bias gradient of a dense layer).
    /// Accumulates row by row so the inner loop is contiguous and vectorizes. Flops: rows·cols.
    public static func columnSum(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                                 rows: Int, cols: Int) {
        countFlops(rows &* cols)
        out.update(repeating: 0, count: cols)
        for r in 0..<rows {
            let o = r &* cols
            for c in 0..<cols { out[c] += x[o &+ c] }
        }
    }

}
