// MARK: - Fused convolution block kernels (used by the fused mode)

extension Kernels {
    /// One convolution block in one pass per image: im2col, then the GEMM with the bias
    /// preloaded into C (beta = 1), then activation and window×window max-pool read straight
    /// from the hot GEMM output, writing only the pooled values and their argmax indices.
    /// The full-resolution activation is never stored.
    ///
    /// - Parameters:
    ///   - scratch: `g.columnCount + g.outImageCount` floats (im2col matrix, then one image's
    ///     pre-pool output).
    ///   - values, indices: [N, F, outHeight / window, outWidth / window] each; indices as in
    ///     `PoolGeometry`.
    /// - Flops: the GEMMs' 2·N·F·positions·patch, plus N·F·positions·(1 + activation) for bias
    ///   and activation, plus the pool's compares.
    public static func convBiasActivationPool(
        _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        activation: Activation, window: Int, values: UnsafeMutablePointer<Float>,
        indices: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>, _ g: ConvGeometry
    ) {
        let pool = PoolGeometry(batch: 1, channels: g.filters, height: g.outHeight, width: g.outWidth, window: window)
        countFlops(g.batch &* (g.outImageCount &* (1 &+ activation.flopsPerElement) &+ pool.compareFlops))
        let col = scratch, z = scratch + g.columnCount
        for n in 0..<g.batch {
            im2col(x + n &* g.imageCount, col, g)
            for f in 0..<g.filters { (z + f &* g.positions).update(repeating: bias[f], count: g.positions) }
            BLAS.gemm(transposeA: false, transposeB: false, m: g.filters, n: g.positions, k: g.patch,
                      a: w, lda: g.patch, b: col, ldb: g.positions, beta: 1, c: z, ldc: g.positions)
            let v = values + n &* pool.outputCount, i = indices + n &* pool.outputCount
            activation.withFunctions { f, _ in activatedPool(z, v, i, pool, f) }
        }
    }

    /// Max-pool of f(z) with first-maximum argmax, f applied element by element exactly as the
    /// activation kernels do, so values and indices match activation followed by `maxPool2D`.
    @inline(__always)
    static func activatedPool(_ z: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                              _ indices: UnsafeMutablePointer<Float>, _ g: PoolGeometry,
                              _ f: (Float) -> Float) {
        let oh = g.outHeight, ow = g.outWidth, w = g.width, k = g.window
        for pl in 0..<g.planes {
            let plane = z + pl &* g.height &* w, out = pl &* oh &* ow
            for r in 0..<oh {
                for c in 0..<ow {
                    var at = r &* k &* w &+ c &* k
                    var best = f(plane[at])
                    for i in 0..<k {
                        let o = (r &* k &+ i) &* w &+ c &* k
                        for j in 0..<k {
                            let v = f(plane[o &+ j])
                            if v > best { best = v; at = o &+ j }
                        }
                    }
                    y[out &+ r &* ow &+ c] = best
                    indices[out &+ r &* ow &+ c] = Float(at)
                }
            }
        }
    }

    /// The backward of a fused block's pool and activation, and the bias gradient, in one pass:
    /// ga = gp·f′(p) scattered to each window's argmax (zero elsewhere) and db[c] = Σ ga[·, c].
    /// f′ is read from the pooled output p, which equals the activation output at the argmax.
    /// - Parameter g: the pool's geometry (its input is the pre-pool activation).
    /// - Flops: 3·outputCount (derivative and sum; the zero fill is not counted).
    public static func poolActivationBackwardChannelSum(
        _ gp: UnsafePointer<Float>, _ p: UnsafePointer<Float>, indices: UnsafePointer<Float>,
        activation: Activation, ga: UnsafeMutablePointer<Float>, db: UnsafeMutablePointer<Float>, _ g: PoolGeometry
    ) {
        countFlops(3 &* g.outputCount)
        ga.update(repeating: 0, count: g.inputCount)
        let plane = g.height &* g.width, out = g.outHeight &* g.outWidth
        for c in 0..<g.channels { db[c] = 0 }
        activation.withFunctions { _, derivative in
            for n in 0..<g.batch {
                for c in 0..<g.channels {
                    let pl = n &* g.channels &+ c
                    var s: Float = 0
                    for i in 0..<out {
                        let o = pl &* out &+ i
                        let d = derivative(gp[o], p[o])
                        ga[pl &* plane &+ Int(indices[o])] += d
                        s += d
                    }
                    db[c] += s
                }
            }
        }
    }
}
