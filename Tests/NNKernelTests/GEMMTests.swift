import Testing
import NNKernel
import TestSupport

/// `BLAS.gemm` (the only cblas_sgemm call) against the naive Double product, for every
/// transpose combination, non-square and degenerate (1) sizes, padded row strides, alpha/beta.
///
/// Tolerance: a Float32 dot product of length k has relative error about k·2⁻²⁴ in the worst
/// case; with inputs in [-1, 1) and k ≤ 70, rtol 1e-4 plus atol 1e-5 is far above rounding
/// and far below any indexing mistake (which changes values by O(1)).
struct GEMMTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let transposeA: Bool, transposeB: Bool
        let m: Int, n: Int, k: Int
        /// Extra elements at the end of every stored row (0: tightly packed).
        var pad = 0
        var alpha: Float = 1, beta: Float = 0
        var testDescription: String {
            "\(transposeA ? "T" : "N")\(transposeB ? "T" : "N") m\(m) n\(n) k\(k) pad\(pad) α\(alpha) β\(beta)"
        }
    }

    static let sizes: [(Int, Int, Int)] = [(1, 1, 1), (1, 10, 7), (5, 1, 3), (4, 6, 1), (7, 3, 5), (17, 9, 70)]
    static let cases: [Case] = {
        var all: [Case] = []
        for ta in [false, true] {
            for tb in [false, true] {
                for (m, n, k) in sizes { all.append(Case(transposeA: ta, transposeB: tb, m: m, n: n, k: k)) }
                all.append(Case(transposeA: ta, transposeB: tb, m: 6, n: 5, k: 4, pad: 3))
                all.append(Case(transposeA: ta, transposeB: tb, m: 3, n: 8, k: 2, pad: 1, alpha: -0.5, beta: 1))
                all.append(Case(transposeA: ta, transposeB: tb, m: 5, n: 5, k: 5, pad: 2, alpha: 2, beta: 0.25))
            }
        }
        return all
    }()

    @Test(arguments: cases)
    func matchesNaiveProduct(_ c: Case) {
        // Stored shapes: A is m×k (or k×m transposed), B is k×n (or n×k), C is m×n.
        let (aRows, aCols) = c.transposeA ? (c.k, c.m) : (c.m, c.k)
        let (bRows, bCols) = c.transposeB ? (c.n, c.k) : (c.k, c.n)
        let lda = aCols + c.pad, ldb = bCols + c.pad, ldc = c.n + c.pad
        let a = randomValues(aRows * lda, seed: 1)
        let b = randomValues(bRows * ldb, seed: 2)
        let c0 = randomValues(c.m * ldc, seed: 3)
        let expected = Reference.gemm(transposeA: c.transposeA, transposeB: c.transposeB, m: c.m, n: c.n, k: c.k,
                                      alpha: Double(c.alpha), a: doubles(a), lda: lda, b: doubles(b), ldb: ldb,
                                      beta: Double(c.beta), c: doubles(c0), ldc: ldc)
        let out = Tensor(shape: Shape(c0.count), values: c0)
        let at = Tensor(shape: Shape(a.count), values: a), bt = Tensor(shape: Shape(b.count), values: b)
        KernelCounters.reset()
        BLAS.gemm(transposeA: c.transposeA, transposeB: c.transposeB, m: c.m, n: c.n, k: c.k, alpha: c.alpha,
                  a: at.data, lda: lda, b: bt.data, ldb: ldb, beta: c.beta, c: out.data, ldc: ldc)
        let result = closeness(out.array, expected, rtol: 1e-4, atol: 1e-5)
        #expect(result.isClose, "\(result)")
        // Padding columns of C are outside the product: untouched, bit for bit.
        for r in 0..<c.m {
            for p in c.n..<ldc { #expect(out.data[r * ldc + p] == c0[r * ldc + p], "C padding at row \(r) changed") }
        }
        // Counted as one GEMM with 2mnk flops, and not as an extra kernel launch.
        #expect(KernelCounters.gemmCalls == 1)
        #expect(KernelCounters.flops == 2 * c.m * c.n * c.k)
        #expect(KernelCounters.kernelLaunches == 0)
    }

    @Test func betaZeroIgnoresWhatCHeld() {
        // BLAS semantics: with beta = 0, C is write-only, so NaN left in it must not leak.
        let a = Tensor(shape: Shape(2, 3), values: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: Shape(3, 2), values: [1, 0, 0, 1, 1, 1])
        let c = Tensor(shape: Shape(2, 2), repeating: .nan)
        BLAS.gemm(transposeA: false, transposeB: false, m: 2, n: 2, k: 3,
                  a: a.data, lda: 3, b: b.data, ldb: 2, c: c.data, ldc: 2)
        let expected = Reference.gemm(transposeA: false, transposeB: false, m: 2, n: 2, k: 3,
                                      a: doubles(a.array), lda: 3, b: doubles(b.array), ldb: 2,
                                      c: [.nan, .nan, .nan, .nan], ldc: 2)
        #expect(expected == [4, 5, 10, 11])   // the reference itself: [1+3, 2+3; 4+6, 5+6]
        #expect(closeness(c.array, expected).isClose, "\(closeness(c.array, expected))")
    }

    @Test func countersAccumulateAcrossCallsAndReset() {
        let a = randomTensor(Shape(3, 4), seed: 5), b = randomTensor(Shape(4, 2), seed: 6)
        let c = Tensor(shape: Shape(3, 2), repeating: 0)
        KernelCounters.reset()
        for _ in 0..<3 {
            BLAS.gemm(transposeA: false, transposeB: false, m: 3, n: 2, k: 4,
                      a: a.data, lda: 4, b: b.data, ldb: 2, c: c.data, ldc: 2)
        }
        #expect(KernelCounters.gemmCalls == 3)
        #expect(KernelCounters.flops == 3 * 2 * 3 * 2 * 4)
        KernelCounters.reset()
        #expect(KernelCounters.gemmCalls == 0 && KernelCounters.flops == 0 && KernelCounters.kernelLaunches == 0)
    }

    @Test func runtimeFactsAreReported() {
        #expect(!BLAS.coreName.isEmpty)
        #expect(BLAS.config.lowercased().contains("openblas"))
        #expect(BLAS.threads >= 1)
    }
}
