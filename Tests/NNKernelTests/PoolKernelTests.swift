import Testing
import TestSupport
@testable import NNKernel

/// Max-pool kernels against naive loops, and the fused convolution-block kernels against the
/// unfused kernels they replace.
struct PoolKernelTests {
    static let geometries: [PoolGeometry] = [
        PoolGeometry(batch: 2, channels: 3, height: 4, width: 6, window: 2),
        PoolGeometry(batch: 1, channels: 2, height: 7, width: 5, window: 2),   // floor: last row/column dropped
        PoolGeometry(batch: 2, channels: 1, height: 9, width: 9, window: 3),
    ]

    /// Naive reference: each window's first maximum (row-major) and its plane position.
    static func naivePool(_ x: [Float], _ g: PoolGeometry) -> (values: [Float], at: [Int]) {
        var values: [Float] = [], at: [Int] = []
        for pl in 0..<g.planes { for r in 0..<g.outHeight { for c in 0..<g.outWidth {
            var best = -Float.infinity, pos = -1
            for i in 0..<g.window { for j in 0..<g.window {
                let p = (r * g.window + i) * g.width + c * g.window + j
                if pos < 0 || x[pl * g.height * g.width + p] > best { best = x[pl * g.height * g.width + p]; pos = p }
            } }
            values.append(best); at.append(pos)
        } } }
        return (values, at)
    }

    @Test(arguments: geometries)
    func forwardMatchesNaiveLoopWithFirstMaximumOnTies(_ g: PoolGeometry) {
        // Coarse values (multiples of 0.25 in [-1, 1]) make ties common.
        var x = randomValues(g.inputCount, seed: 9).map { ($0 * 4).rounded() / 4 }
        x[1] = x[0]
        let ref = Self.naivePool(x, g)
        var y = [Float](repeating: .nan, count: g.outputCount), idx = y
        Kernels.maxPool2D(x, &y, indices: &idx, g)
        #expect(y == ref.values)
        #expect(idx == ref.at.map(Float.init))
    }

    @Test(arguments: geometries)
    func backwardScattersToTheStoredArgmax(_ g: PoolGeometry) {
        // The one pool backward of every mode (no form recomputes the argmax from x).
        let x = randomValues(g.inputCount, seed: 10).map { ($0 * 4).rounded() / 4 }
        let gy = randomValues(g.outputCount, seed: 11)
        let ref = Self.naivePool(x, g)
        var expected = [Float](repeating: 0, count: g.inputCount)
        let out = g.outHeight * g.outWidth
        for i in gy.indices { expected[(i / out) * g.height * g.width + ref.at[i]] += gy[i] }

        var y = [Float](repeating: 0, count: g.outputCount), idx = y
        Kernels.maxPool2D(x, &y, indices: &idx, g)
        var gx = [Float](repeating: .nan, count: g.inputCount)
        Kernels.maxPool2DBackward(gy, indices: idx, &gx, g)
        #expect(gx == expected)
    }

    // MARK: - Fused convolution block

    @Test(arguments: Activation.allCases)
    func fusedBlockMatchesTheUnfusedKernels(_ f: Activation) {
        let g = ConvGeometry(batch: 2, channels: 3, height: 8, width: 7, filters: 4, kernel: 3, padding: 1)
        let pool = PoolGeometry(batch: 2, channels: 4, height: g.outHeight, width: g.outWidth, window: 2)
        let x = randomValues(g.batch * g.imageCount, seed: 12)
        let w = randomValues(g.filters * g.patch, seed: 13)
        let b = randomValues(g.filters, seed: 14)

        // Unfused: conv, bias, activation, pool.
        var conv = [Float](repeating: 0, count: g.batch * g.outImageCount), col = [Float](repeating: 0, count: g.columnCount)
        Kernels.conv2D(x, w, &conv, col: &col, g)
        var biased = conv, z = conv
        Kernels.addChannelBias(conv, b, &biased, batch: g.batch, channels: g.filters, plane: g.positions)
        Kernels.activate(f, biased, &z, count: z.count)
        var y = [Float](repeating: 0, count: pool.outputCount), idx = y
        Kernels.maxPool2D(z, &y, indices: &idx, pool)

        var values = [Float](repeating: .nan, count: pool.outputCount), indices = values
        var scratch = [Float](repeating: .nan, count: g.columnCount + g.outImageCount)
        Kernels.convBiasActivationPool(x, w, bias: b, activation: f, window: 2, values: &values,
                                       indices: &indices, scratch: &scratch, g)
        // The bias is added before the GEMM's sum instead of after: a few ulps apart.
        for i in y.indices { #expect(abs(values[i] - y[i]) <= 1e-5 * max(1, abs(y[i])), "value \(i)") }
        #expect(indices == idx)

        // Backward: gp → pool scatter → activation backward → channel sums.
        let gp = randomValues(pool.outputCount, seed: 15)
        var gr = [Float](repeating: 0, count: pool.inputCount), db = [Float](repeating: 0, count: g.filters)
        Kernels.maxPool2DBackward(gp, indices: idx, &gr, pool)
        var gz = gr
        Kernels.activateBackward(f, gr, z, &gz, count: gz.count)
        Kernels.channelSum(gz, &db, batch: g.batch, channels: g.filters, plane: g.positions)

        var packed = [Float](repeating: .nan, count: pool.inputCount + g.filters)
        packed.withUnsafeMutableBufferPointer { p in
            Kernels.poolActivationBackwardChannelSum(gp, y, indices: idx, activation: f, ga: p.baseAddress!,
                                                     db: p.baseAddress! + pool.inputCount, pool)
        }
        #expect(Array(packed[0..<pool.inputCount]) == gz)
        for c in 0..<g.filters {
            #expect(abs(packed[pool.inputCount + c] - db[c]) <= 1e-5 * max(1, abs(db[c])), "db \(c)")
        }
    }
}
