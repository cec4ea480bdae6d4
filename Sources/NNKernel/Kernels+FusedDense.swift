// MARK: - Fused dense-layer kernels (used by the fused mode)

extension Kernels {
    /// C = op(A)·op(B) + bias, then activation, in place on C: the bias is preloaded into every
    /// row of C and the GEMM runs with beta = 1, so no separate bias pass reads C again.
    /// Flops: 2mnk + mn (bias) + activation.
    public static func denseBiasActivation(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        bias: UnsafePointer<Float>, activation: Activation, c: UnsafeMutablePointer<Float>
    ) {
        countFlops(m &* n)
        for r in 0..<m { (c + r &* n).update(from: bias, count: n) }
        BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                  a: a, lda: lda, b: b, ldb: ldb, beta: 1, c: c, ldc: n)
        if activation != .identity { activate(activation, c, c, count: m &* n) }
    }

    /// dz = activation'(gy, y) and its column sums db in one pass over the rows: each row's
    /// gradient is summed into db while it is still in L1, instead of in a second sweep over dz.
    /// `dz` may alias `gy`. Flops: rows·cols·(backward + 1).
    ///
    /// Each row runs two plain loops (backward, then accumulate) rather than one loop that
    /// writes dz and db together: with four pointers that may alias, LLVM does not vectorize
    /// the single loop (measured: 10× slower at 256×512).
    public static func activationBackwardColumnSum(
        _ activation: Activation, _ gy: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
        dz: UnsafeMutablePointer<Float>, columnSums db: UnsafeMutablePointer<Float>, rows: Int, cols: Int
    ) {
        countFlops(rows &* cols &* 4)
        db.update(repeating: 0, count: cols)
        for r in 0..<rows {
            let o = r &* cols
            activationBackwardRow(activation, gy + o, y + o, dz + o, cols)
            accumulate(UnsafePointer(dz + o), into: db, count: cols)
        }
    }

    /// acc[i] += x[i].
    @inline(__always)
    static func accumulate(_ x: UnsafePointer<Float>, into acc: UnsafeMutablePointer<Float>, count n: Int) {
        for i in 0..<n { acc[i] += x[i] }
    }

    /// p_j −= learningRate · g_j for every (parameter, gradient) pair, in one launch.
    /// `pointers` interleaves them (p0, g0, p1, g1, …) and `shapes` gives each pointer's shape
    /// in the same order. Flops: 2 Σ |p_j|.
    public static func sgdMany(pointers: UnsafePointer<UnsafeMutablePointer<Float>>, shapes: UnsafePointer<Shape>,
                               pairs: Int, learningRate: Float) {
        var total = 0
        for j in 0..<pairs {
            let p = pointers[2 &* j], g = pointers[2 &* j &+ 1], n = shapes[2 &* j].count
            for i in 0..<n { p[i] -= learningRate * g[i] }
            total &+= n
        }
        countFlops(2 &* total)
    }
}
