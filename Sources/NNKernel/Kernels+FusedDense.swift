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
        launched(flops: m &* n)
        for r in 0..<m { (c + r &* n).update(from: bias, count: n) }
        BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                  a: a, lda: lda, b: b, ldb: ldb, beta: 1, c: c, ldc: n)
        if activation != .identity { activate(activation, c, c, count: m &* n) }
    }

    /// dz = activation'(gy, y) and its column sums db in one pass over the rows.
    /// `dz` may alias `gy`. Flops: rows·cols·(backward + 1).
    public static func activationBackwardColumnSum(
        _ activation: Activation, _ gy: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
        dz: UnsafeMutablePointer<Float>, columnSums db: UnsafeMutablePointer<Float>, rows: Int, cols: Int
    ) {
        launched(flops: rows &* cols &* 4)
        db.update(repeating: 0, count: cols)
        for r in 0..<rows {
            let o = r &* cols
            switch activation {
            case .relu:
                for c in 0..<cols {
                    let v = y[o &+ c] > 0 ? gy[o &+ c] : 0
                    dz[o &+ c] = v
                    db[c] += v
                }
            case .tanh:
                for c in 0..<cols {
                    let t = y[o &+ c]
                    let v = gy[o &+ c] * (1 - t * t)
                    dz[o &+ c] = v
                    db[c] += v
                }
            case .sigmoid:
                for c in 0..<cols {
                    let s = y[o &+ c]
                    let v = gy[o &+ c] * s * (1 - s)
                    dz[o &+ c] = v
                    db[c] += v
                }
            case .identity:
                for c in 0..<cols {
                    let v = gy[o &+ c]
                    dz[o &+ c] = v
                    db[c] += v
                }
            }
        }
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
        launched(flops: 2 &* total)
    }
}
