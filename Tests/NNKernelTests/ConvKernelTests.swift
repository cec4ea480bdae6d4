import Testing
import TestSupport
@testable import NNKernel

/// The convolution and pooling kernels against naive loops accumulated in Double.
///
/// Tolerance: a GEMM's Float32 sum of k products is within k·ε·Σ|products| of the exact value
/// (ε = Float.ulpOfOne), the textbook bound for recursive summation; the reference also returns
/// Σ|products| so each element is checked against its own bound.
struct ConvKernelTests {
    // MARK: - Helpers

    static func expectWithinBound(_ got: [Float], _ ref: [(value: Double, absSum: Double)], terms: Int,
                                  _ what: String) {
        #expect(got.count == ref.count)
        let eps = Double(Float.ulpOfOne)
        for (i, (g, r)) in zip(got, ref).enumerated() {
            let bound = Double(max(terms, 1)) * eps * r.absSum + 1e-12
            if abs(Double(g) - r.value) > bound {
                Issue.record("\(what)[\(i)]: \(g) vs \(r.value) (bound \(bound))")
                return
            }
        }
    }

    /// x[n, c, h, w] or 0 in the padding.
    static func at(_ x: [Float], _ g: ConvGeometry, _ n: Int, _ c: Int, _ h: Int, _ w: Int) -> Double {
        guard h >= 0, h < g.height, w >= 0, w < g.width else { return 0 }
        return Double(x[((n * g.channels + c) * g.height + h) * g.width + w])
    }

    static let geometries: [ConvGeometry] = [
        ConvGeometry(batch: 2, channels: 3, height: 7, width: 6, filters: 4, kernel: 3, padding: 1),
        ConvGeometry(batch: 1, channels: 1, height: 8, width: 8, filters: 6, kernel: 5, padding: 2),
        ConvGeometry(batch: 3, channels: 2, height: 6, width: 9, filters: 5, kernel: 5, padding: 0),
        ConvGeometry(batch: 2, channels: 4, height: 5, width: 5, filters: 3, kernel: 1, padding: 0),
        ConvGeometry(batch: 1, channels: 2, height: 3, width: 4, filters: 2, kernel: 3, padding: 2),
    ]

    // MARK: - Convolution

    @Test(arguments: geometries)
    func forwardMatchesNaiveLoop(_ g: ConvGeometry) {
        let x = randomValues(g.batch * g.imageCount, seed: 1)
        let w = randomValues(g.filters * g.patch, seed: 2)
        var out = [Float](repeating: .nan, count: g.batch * g.outImageCount)
        var col = [Float](repeating: .nan, count: g.columnCount)
        Kernels.conv2D(x, w, &out, col: &col, g)

        var ref: [(Double, Double)] = []
        for n in 0..<g.batch { for f in 0..<g.filters { for oh in 0..<g.outHeight { for ow in 0..<g.outWidth {
            var s = 0.0, a = 0.0
            for c in 0..<g.channels { for ki in 0..<g.kernel { for kj in 0..<g.kernel {
                let p = Self.at(x, g, n, c, oh + ki - g.padding, ow + kj - g.padding)
                    * Double(w[((f * g.channels + c) * g.kernel + ki) * g.kernel + kj])
                s += p; a += abs(p)
            } } }
            ref.append((s, a))
        } } } }
        Self.expectWithinBound(out, ref, terms: g.patch, "conv2D \(g)")
    }

    @Test(arguments: geometries)
    func inputGradientMatchesNaiveLoop(_ g: ConvGeometry) {
        let gy = randomValues(g.batch * g.outImageCount, seed: 3)
        let w = randomValues(g.filters * g.patch, seed: 4)
        var dx = [Float](repeating: .nan, count: g.batch * g.imageCount)
        var col = [Float](repeating: .nan, count: g.columnCount)
        Kernels.conv2DBackwardInput(gy, w, &dx, col: &col, g)

        var ref: [(Double, Double)] = []
        for n in 0..<g.batch { for c in 0..<g.channels { for ih in 0..<g.height { for iw in 0..<g.width {
            var s = 0.0, a = 0.0
            for f in 0..<g.filters { for ki in 0..<g.kernel { for kj in 0..<g.kernel {
                let oh = ih - ki + g.padding, ow = iw - kj + g.padding
                guard oh >= 0, oh < g.outHeight, ow >= 0, ow < g.outWidth else { continue }
                let p = Double(gy[((n * g.filters + f) * g.outHeight + oh) * g.outWidth + ow])
                    * Double(w[((f * g.channels + c) * g.kernel + ki) * g.kernel + kj])
                s += p; a += abs(p)
            } } }
            ref.append((s, a))
        } } } }
        // Each dx element sums F·K·K products: F in the GEMM, then K·K col2im additions.
        Self.expectWithinBound(dx, ref, terms: g.filters + g.kernel * g.kernel, "conv2DBackwardInput \(g)")
    }

    @Test(arguments: geometries)
    func weightGradientMatchesNaiveLoop(_ g: ConvGeometry) {
        let gy = randomValues(g.batch * g.outImageCount, seed: 5)
        let x = randomValues(g.batch * g.imageCount, seed: 6)
        var dw = [Float](repeating: .nan, count: g.filters * g.patch)
        var col = [Float](repeating: .nan, count: g.columnCount)
        Kernels.conv2DBackwardWeight(gy, x, &dw, col: &col, g)

        var ref: [(Double, Double)] = []
        for f in 0..<g.filters { for c in 0..<g.channels { for ki in 0..<g.kernel { for kj in 0..<g.kernel {
            var s = 0.0, a = 0.0
            for n in 0..<g.batch { for oh in 0..<g.outHeight { for ow in 0..<g.outWidth {
                let p = Double(gy[((n * g.filters + f) * g.outHeight + oh) * g.outWidth + ow])
                    * Self.at(x, g, n, c, oh + ki - g.padding, ow + kj - g.padding)
                s += p; a += abs(p)
            } } }
            ref.append((s, a))
        } } } }
        Self.expectWithinBound(dw, ref, terms: g.batch * g.positions, "conv2DBackwardWeight \(g)")
    }

    @Test func convolutionCountsItsGemmsAndFlops() {
        let g = Self.geometries[0]
        let x = randomValues(g.batch * g.imageCount, seed: 1), w = randomValues(g.filters * g.patch, seed: 2)
        var out = [Float](repeating: 0, count: g.batch * g.outImageCount)
        var col = [Float](repeating: 0, count: g.columnCount)
        KernelCounters.reset()
        Kernels.conv2D(x, w, &out, col: &col, g)
        #expect(KernelCounters.gemmCalls == g.batch)   // one GEMM per image
        #expect(KernelCounters.flops == 2 * g.batch * g.filters * g.outHeight * g.outWidth * g.channels * 9)
    }

    // MARK: - Per-channel bias

    @Test func channelBiasAndChannelSumMatchNaiveLoops() {
        let (n, c, plane) = (3, 4, 5)
        let x = randomValues(n * c * plane, seed: 7), b = randomValues(c, seed: 8)
        var y = [Float](repeating: .nan, count: x.count), s = [Float](repeating: .nan, count: c)
        Kernels.addChannelBias(x, b, &y, batch: n, channels: c, plane: plane)
        Kernels.channelSum(x, &s, batch: n, channels: c, plane: plane)
        for i in x.indices { #expect(y[i] == x[i] + b[(i / plane) % c]) }
        for ch in 0..<c {
            var ref = 0.0
            for i in x.indices where (i / plane) % c == ch { ref += Double(x[i]) }
            #expect(abs(Double(s[ch]) - ref) <= 1e-5)
        }
    }
}
