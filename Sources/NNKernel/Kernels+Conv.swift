// MARK: - Convolution geometry

/// The sizes of a stride-1, zero-padded 2-D convolution over NCHW tensors with square kernels.
///
/// x is [batch, channels, height, width], w is [filters, channels, kernel, kernel], the output is
/// [batch, filters, outHeight, outWidth]. One image's im2col matrix is [patch, positions]: row
/// (c·K + ki)·K + kj, column oh·outWidth + ow holds x[c, oh + ki − padding, ow + kj − padding]
/// (zero outside the image), so the convolution of image n is the GEMM w[F, patch] · col.
public struct ConvGeometry: Hashable, Sendable {
    public let batch, channels, height, width, filters, kernel, padding: Int

    public init(batch: Int, channels: Int, height: Int, width: Int, filters: Int, kernel: Int, padding: Int) {
        precondition(kernel >= 1 && padding >= 0 && padding < kernel,
                     "ConvGeometry: kernel \(kernel) with padding \(padding)")
        self.batch = batch; self.channels = channels; self.height = height; self.width = width
        self.filters = filters; self.kernel = kernel; self.padding = padding
        precondition(outHeight >= 1 && outWidth >= 1, "ConvGeometry: kernel \(kernel) exceeds \(height)×\(width)")
    }

    /// The one output-size rule of a stride-1 convolution: size + 2·padding − kernel + 1.
    @inline(__always)
    public static func outputSize(_ size: Int, kernel: Int, padding: Int) -> Int { size &+ 2 &* padding &- kernel &+ 1 }

    /// The input size whose output size is `outputSize` (the inverse of `outputSize(_:kernel:padding:)`).
    @inline(__always)
    public static func inputSize(_ outputSize: Int, kernel: Int, padding: Int) -> Int { outputSize &+ kernel &- 1 &- 2 &* padding }

    public var outHeight: Int { Self.outputSize(height, kernel: kernel, padding: padding) }
    public var outWidth: Int { Self.outputSize(width, kernel: kernel, padding: padding) }
    /// Rows of one image's im2col matrix: C·K·K.
    public var patch: Int { channels &* kernel &* kernel }
    /// Columns of one image's im2col matrix: output positions per image.
    public var positions: Int { outHeight &* outWidth }
    /// Floats of one image's im2col matrix (the conv kernels' scratch).
    public var columnCount: Int { patch &* positions }
    /// Floats of one input image and one output image.
    public var imageCount: Int { channels &* height &* width }
    public var outImageCount: Int { filters &* positions }
    /// 2·N·F·positions·patch: the GEMM flops of the forward (and of each backward).
    public var gemmFlops: Int { 2 &* batch &* filters &* positions &* patch }
}

// MARK: - im2col and col2im

extension Kernels {
    /// Writes one image's im2col matrix `col` [patch, positions] (see `ConvGeometry`).
    /// Each row is copied as contiguous runs of the input row; padding is written as zeros.
    static func im2col(_ x: UnsafePointer<Float>, _ col: UnsafeMutablePointer<Float>, _ g: ConvGeometry) {
        let k = g.kernel, p = g.padding, oh = g.outHeight, ow = g.outWidth, h = g.height, w = g.width
        var row = col
        for c in 0..<g.channels {
            let plane = x + c &* h &* w
            for ki in 0..<k {
                for kj in 0..<k {
                    // Output columns ow0..<ow1 read inside the image for this kj.
                    let ow0 = Swift.max(0, p &- kj), ow1 = Swift.min(ow, w &+ p &- kj)
                    for r in 0..<oh {
                        let dst = row + r &* ow
                        let ih = r &+ ki &- p
                        if ih < 0 || ih >= h || ow0 >= ow1 {
                            dst.update(repeating: 0, count: ow)
                            continue
                        }
                        // Short runs (one output row): no library call, see `copyRun`.
                        let src: UnsafePointer<Float> = plane + (ih &* w &+ kj &- p)
                        for j in 0..<ow0 { dst[j] = 0 }
                        copyRun(src + ow0, dst + ow0, ow1 &- ow0)
                        for j in ow1..<ow { dst[j] = 0 }
                    }
                    row += g.positions
                }
            }
        }
    }

    /// The adjoint of `im2col`: adds every entry of `col` [patch, positions] into the input
    /// position it was read from (entries that came from padding are dropped). Does not zero `dx`.
    static func col2imAdd(_ col: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ g: ConvGeometry) {
        let k = g.kernel, p = g.padding, oh = g.outHeight, ow = g.outWidth, h = g.height, w = g.width
        var row = col
        for c in 0..<g.channels {
            let plane = dx + c &* h &* w
            for ki in 0..<k {
                for kj in 0..<k {
                    let ow0 = Swift.max(0, p &- kj), ow1 = Swift.min(ow, w &+ p &- kj)
                    for r in 0..<oh {
                        let ih = r &+ ki &- p
                        guard ih >= 0, ih < h, ow0 < ow1 else { continue }
                        let src: UnsafePointer<Float> = row + r &* ow
                        let dst: UnsafeMutablePointer<Float> = plane + (ih &* w &+ kj &- p)
                        addRun(src + ow0, dst + ow0, ow1 &- ow0)
                    }
                    row += g.positions
                }
            }
        }
    }
}

extension Kernels {
    /// dst[0..<n] = src[0..<n] for the short runs of im2col (one output row, 10–28 floats here):
    /// 8 at a time, then one by one. A library call costs more than such a copy, and the
    /// vectorizer's own loop takes 32 floats per turn with AVX2, so a 28-float run went scalar
    /// (im2col +12% instructions under callgrind).
    @inline(__always)
    static func copyRun(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        var j = 0
        while j &+ 8 <= n { store8(load8(src + j), dst + j); j &+= 8 }
        while j < n { dst[j] = src[j]; j &+= 1 }
    }

    /// dst[0..<n] += src[0..<n], as `copyRun` (col2im's runs).
    @inline(__always)
    static func addRun(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        var j = 0
        while j &+ 8 <= n { store8(load8(dst + j) + load8(src + j), dst + j); j &+= 8 }
        while j < n { dst[j] += src[j]; j &+= 1 }
    }
}

// MARK: - Convolution forward and backward (im2col + GEMM, one GEMM per image)

extension Kernels {
    /// out[n] = w[F, patch] · im2col(x[n]) for every image: NCHW, stride 1, zero padding.
    /// - Parameter col: scratch of `g.columnCount` floats.
    /// Flops: 2·N·F·positions·patch (counted by the GEMMs).
    public static func conv2D(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                              col: UnsafeMutablePointer<Float>, _ g: ConvGeometry) {
        for n in 0..<g.batch {
            im2col(x + n &* g.imageCount, col, g)
            BLAS.gemm(transposeA: false, transposeB: false, m: g.filters, n: g.positions, k: g.patch,
                      a: w, lda: g.patch, b: col, ldb: g.positions, c: out + n &* g.outImageCount, ldc: g.positions)
        }
    }

    /// dx[n] = col2im(wᵀ · gy[n]): the input's gradient. The GEMM reads w [F, patch] with the
    /// transpose flag (no transposed copy).
    /// - Parameter col: scratch of `g.columnCount` floats.
    /// Flops: 2·N·F·positions·patch (GEMMs) + N·patch·positions (col2im adds, upper bound).
    public static func conv2DBackwardInput(_ gy: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
                                           _ dx: UnsafeMutablePointer<Float>,
                                           col: UnsafeMutablePointer<Float>, _ g: ConvGeometry) {
        countFlops(g.batch &* g.columnCount)
        dx.update(repeating: 0, count: g.batch &* g.imageCount)
        for n in 0..<g.batch {
            BLAS.gemm(transposeA: true, transposeB: false, m: g.patch, n: g.positions, k: g.filters,
                      a: w, lda: g.patch, b: gy + n &* g.outImageCount, ldb: g.positions, c: col, ldc: g.positions)
            col2imAdd(col, dx + n &* g.imageCount, g)
        }
    }

    /// dw = Σ_n gy[n] · im2col(x[n])ᵀ: the weights' gradient [F, C, K, K], accumulated by the
    /// GEMM itself (beta = 1 after the first image); the transpose flag reads col as colᵀ.
    /// - Parameter col: scratch of `g.columnCount` floats.
    /// Flops: 2·N·F·positions·patch (counted by the GEMMs).
    public static func conv2DBackwardWeight(_ gy: UnsafePointer<Float>, _ x: UnsafePointer<Float>,
                                            _ dw: UnsafeMutablePointer<Float>,
                                            col: UnsafeMutablePointer<Float>, _ g: ConvGeometry) {
        if g.batch == 0 { dw.update(repeating: 0, count: g.filters &* g.patch) }
        for n in 0..<g.batch {
            im2col(x + n &* g.imageCount, col, g)
            BLAS.gemm(transposeA: false, transposeB: true, m: g.filters, n: g.patch, k: g.positions,
                      a: gy + n &* g.outImageCount, lda: g.positions, b: col, ldb: g.positions,
                      beta: n == 0 ? 0 : 1, c: dw, ldc: g.patch)
        }
    }
}

// MARK: - Per-channel bias and its gradient

extension Kernels {
    /// out[n, c, i] = x[n, c, i] + bias[c] over planes of `plane` elements. `out` may alias `x`.
    /// Flops: batch·channels·plane.
    public static func addChannelBias(_ x: UnsafePointer<Float>, _ bias: UnsafePointer<Float>,
                                      _ out: UnsafeMutablePointer<Float>, batch: Int, channels: Int, plane: Int) {
        countFlops(batch &* channels &* plane)
        for n in 0..<batch {
            for c in 0..<channels {
                let o = (n &* channels &+ c) &* plane, b = bias[c]
                for i in 0..<plane { out[o &+ i] = x[o &+ i] + b }
            }
        }
    }

    /// out[c] = Σ_{n, i} x[n, c, i]: the per-channel bias gradient. Each plane is summed in a
    /// vectorizable Float loop and the planes are accumulated in Double. Flops: batch·channels·plane.
    public static func channelSum(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                                  batch: Int, channels: Int, plane: Int) {
        countFlops(batch &* channels &* plane)
        for c in 0..<channels {
            var s = 0.0
            for n in 0..<batch {
                let row = x + (n &* channels &+ c) &* plane
                var t: Float = 0
                for i in 0..<plane { t += row[i] }
                s += Double(t)
            }
            out[c] = Float(s)
        }
    }
}
