import NNKernel

/// The machine's own sgemm rate at the thread count in use: the yardstick for "% of peak".
public enum SgemmPeak {
    /// The best GFLOP/s of square n×n×n products, n = 512 and 1024, over about `seconds`.
    /// - Returns: the best rate and the size it was reached at.
    public static func measure(seconds: Double) -> (gflops: Double, n: Int) {
        var best = (gflops: 0.0, n: 0)
        for n in [512, 1024] {
            let a = Tensor(shape: Shape(n, n), repeating: 0.5)
            let b = Tensor(shape: Shape(n, n), repeating: 0.25)
            let c = Tensor(shape: Shape(n, n), repeating: 0)
            let deadline = monotonicNanoseconds() + UInt64(seconds / 2 * 1e9)
            repeat {
                let t0 = monotonicNanoseconds()
                BLAS.gemm(transposeA: false, transposeB: false, m: n, n: n, k: n,
                          a: a.data, lda: n, b: b.data, ldb: n, c: c.data, ldc: n)
                let dt = Double(monotonicNanoseconds() - t0)
                let rate = 2 * Double(n * n * n) / dt
                if rate > best.gflops { best = (rate, n) }
            } while monotonicNanoseconds() < deadline
        }
        return best
    }
}
