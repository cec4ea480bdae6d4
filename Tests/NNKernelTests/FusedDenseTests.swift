import Testing
import NNKernel
import TestSupport

/// The fused dense-layer kernels (Kernels+FusedDense.swift) against the unfused Double
/// composition: GEMM, then bias, then activation; activation backward, then column sums.
struct FusedDenseTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let transposeA: Bool, transposeB: Bool
        let m: Int, n: Int, k: Int
        let activation: Activation
        var testDescription: String {
            "\(transposeA ? "T" : "N")\(transposeB ? "T" : "N") \(m)×\(n)×\(k) \(activation)"
        }
    }

    static let cases: [Case] = {
        var all: [Case] = []
        for f in Activation.allCases {
            all.append(Case(transposeA: false, transposeB: false, m: 1, n: 6, k: 5, activation: f))
            all.append(Case(transposeA: false, transposeB: true, m: 7, n: 3, k: 4, activation: f))
            all.append(Case(transposeA: true, transposeB: false, m: 4, n: 9, k: 2, activation: f))
            all.append(Case(transposeA: true, transposeB: true, m: 5, n: 1, k: 8, activation: f))
        }
        return all
    }()

    @Test(arguments: cases)
    func denseBiasActivation(_ c: Case) {
        let a = randomValues(c.m * c.k, seed: 90), b = randomValues(c.k * c.n, seed: 91)
        let bias = randomValues(c.n, seed: 92)
        let lda = c.transposeA ? c.m : c.k, ldb = c.transposeB ? c.k : c.n
        let product = Reference.gemm(transposeA: c.transposeA, transposeB: c.transposeB, m: c.m, n: c.n, k: c.k,
                                     a: doubles(a), lda: lda, b: doubles(b), ldb: ldb,
                                     c: [Double](repeating: 0, count: c.m * c.n), ldc: c.n)
        let expected = Reference.activate(c.activation, Reference.addBias(product, doubles(bias), rows: c.m, cols: c.n))
        let at = Tensor(shape: Shape(a.count), values: a), bt = Tensor(shape: Shape(b.count), values: b)
        let biasT = Tensor(shape: Shape(c.n), values: bias)
        let out = Tensor(shape: Shape(c.m, c.n), repeating: .nan)   // C's old contents must not leak
        KernelCounters.reset()
        Kernels.denseBiasActivation(transposeA: c.transposeA, transposeB: c.transposeB, m: c.m, n: c.n, k: c.k,
                                    a: at.data, lda: lda, b: bt.data, ldb: ldb, bias: biasT.data,
                                    activation: c.activation, c: out.data)
        let r = closeness(out.array, expected, rtol: 1e-4, atol: 1e-5)
        #expect(r.isClose, "\(r)")
        // One GEMM inside (launches are counted by the engine that runs the op, not by kernels).
        let mn = c.m * c.n
        #expect(KernelCounters.gemmCalls == 1)
        #expect(KernelCounters.flops == 2 * mn * c.k + mn + c.activation.flopsPerElement * mn)
    }

    @Test(arguments: Activation.allCases, [(1, 5), (6, 4)])
    func activationBackwardColumnSum(_ f: Activation, _ size: (Int, Int)) {
        let (rows, cols) = size
        let x = awayFromZero(randomValues(rows * cols, seed: 93, in: -2..<2))
        let gy = randomValues(rows * cols, seed: 94)
        let xt = Tensor(shape: Shape(rows, cols), values: x), y = Tensor(uninitialized: Shape(rows, cols))
        Kernels.activate(f, xt.data, y.data, count: rows * cols)
        let dzExpected = Reference.activateBackward(f, gy: doubles(gy), x: doubles(x))
        let dbExpected = Reference.columnSums(dzExpected, rows: rows, cols: cols)

        let gyt = Tensor(shape: Shape(rows, cols), values: gy)
        let dz = Tensor(uninitialized: Shape(rows, cols)), db = Tensor(shape: Shape(cols), repeating: .nan)
        KernelCounters.reset()
        Kernels.activationBackwardColumnSum(f, gyt.data, y.data, dz: dz.data, columnSums: db.data, rows: rows, cols: cols)
        #expect(KernelCounters.flops == 4 * rows * cols)
        let rz = closeness(dz.array, dzExpected, rtol: 1e-5, atol: 1e-6)
        let rb = closeness(db.array, dbExpected, rtol: 1e-5, atol: 1e-6)
        #expect(rz.isClose, "dz: \(rz)")
        #expect(rb.isClose, "db: \(rb)")
        // Documented: dz may alias gy; the result matches the out-of-place one bit for bit.
        let db2 = Tensor(uninitialized: Shape(cols))
        Kernels.activationBackwardColumnSum(f, gyt.data, y.data, dz: gyt.data, columnSums: db2.data, rows: rows, cols: cols)
        #expect(gyt.array == dz.array && db2.array == db.array)
    }
}
