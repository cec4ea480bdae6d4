import Foundation
import NNKernel

// MARK: - Naive reference kernels, in Double

/// The obvious, loop-by-loop versions of nnbench's kernels, computed in Double: the expected
/// answers kernel tests compare against. Each follows its textbook definition, not the kernel's
/// code, so a shared bug cannot hide. Matrices are row-major with explicit row strides.
public enum Reference {
    /// C = alpha · op(A) · op(B) + beta · C, for row-major A, B, C with row strides lda, ldb, ldc.
    ///
    /// op(A) is m×k: A itself (stored m×k) or, with `transposeA`, Aᵀ of A stored k×m; likewise
    /// op(B) is k×n. Elements of C outside the m×n block (row padding) are returned unchanged.
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                            alpha: Double = 1, a: [Double], lda: Int, b: [Double], ldb: Int,
                            beta: Double = 0, c: [Double], ldc: Int) -> [Double] {
        func opA(_ i: Int, _ p: Int) -> Double { transposeA ? a[p * lda + i] : a[i * lda + p] }
        func opB(_ p: Int, _ j: Int) -> Double { transposeB ? b[j * ldb + p] : b[p * ldb + j] }
        var out = c
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0
                for p in 0..<k { s += opA(i, p) * opB(p, j) }
                // beta = 0 must ignore C entirely (BLAS semantics: C may hold garbage or NaN).
                out[i * ldc + j] = alpha * s + (beta == 0 ? 0 : beta * c[i * ldc + j])
            }
        }
        return out
    }

    /// out[r, c] = x[r, c] + bias[c].
    public static func addBias(_ x: [Double], _ bias: [Double], rows: Int, cols: Int) -> [Double] {
        (0..<rows * cols).map { x[$0] + bias[$0 % cols] }
    }

    /// The activation applied to every element.
    public static func activate(_ f: Activation, _ x: [Double]) -> [Double] {
        x.map { v in
            switch f {
            case .identity: return v
            case .relu: return Swift.max(v, 0)
            case .tanh: return Foundation.tanh(v)
            case .sigmoid: return 1 / (1 + Foundation.exp(-v))
            }
        }
    }

    /// The derivative of the activation at its input `x`, times `gy`. (Written in terms of x,
    /// where the kernels use the output y: the two forms are checked against each other.)
    public static func activateBackward(_ f: Activation, gy: [Double], x: [Double]) -> [Double] {
        zip(gy, x).map { g, v in
            switch f {
            case .identity: return g
            case .relu: return v > 0 ? g : 0
            case .tanh:
                let c = Foundation.cosh(v)
                return g / (c * c)
            case .sigmoid:
                let e = Foundation.exp(-v)
                return g * e / ((1 + e) * (1 + e))
            }
        }
    }

    /// out[c] = Σ_r x[r, c].
    public static func columnSums(_ x: [Double], rows: Int, cols: Int) -> [Double] {
        (0..<cols).map { c in (0..<rows).reduce(0.0) { $0 + x[$1 * cols + c] } }
    }

    /// The softmax of every row.
    public static func softmax(_ logits: [Double], rows: Int, cols: Int) -> [Double] {
        var out: [Double] = []
        for r in 0..<rows {
            let row = Array(logits[r * cols..<(r + 1) * cols])
            let m = row.max() ?? 0   // shift for stability; softmax is shift-invariant
            let e = row.map { Foundation.exp($0 - m) }
            let s = e.reduce(0, +)
            out += e.map { $0 / s }
        }
        return out
    }

    /// Mean over rows of −log softmax(row)[label].
    public static func softmaxCrossEntropy(_ logits: [Double], labels: [Int], rows: Int, cols: Int) -> Double {
        let p = softmax(logits, rows: rows, cols: cols)
        return (0..<rows).reduce(0.0) { $0 - Foundation.log(p[$1 * cols + labels[$1]]) } / Double(rows)
    }

    /// The gradient of `seed` · mean cross-entropy with respect to the logits:
    /// seed · (softmax − onehot) / rows.
    public static func softmaxCrossEntropyGradient(_ logits: [Double], labels: [Int], rows: Int, cols: Int,
                                                   seed: Double = 1) -> [Double] {
        var g = softmax(logits, rows: rows, cols: cols)
        for r in 0..<rows { g[r * cols + labels[r]] -= 1 }
        return g.map { $0 * seed / Double(rows) }
    }

    /// One SGD step: p − learningRate · g.
    public static func sgd(_ p: [Double], _ g: [Double], learningRate: Double) -> [Double] {
        zip(p, g).map { $0 - learningRate * $1 }
    }
}

/// Widens Float values to Double (for feeding `Reference`).
public func doubles(_ x: [Float]) -> [Double] { x.map(Double.init) }
