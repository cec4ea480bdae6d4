#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Softmax cross-entropy

extension Kernels {
    /// Flops of the softmax of one row of `cols` logits (max, exp, sum, divide).
    static func softmaxRowFlops(_ cols: Int) -> Int { 4 &* cols }

    /// Mean over rows of −log softmax(logits[r])[labels[r]].
    ///
    /// Labels are class indices stored as Float (exact for indices below 2²⁴).
    /// Numerically stable: subtracts each row's max before exponentiating.
    /// - Precondition: every label is an integer in 0..<cols.
    public static func softmaxCrossEntropy(_ logits: UnsafePointer<Float>, _ labels: UnsafePointer<Float>,
                                           _ out: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        countFlops(rows &* softmaxRowFlops(cols))
        var total = 0.0
        for r in 0..<rows {
            let row = logits + r &* cols
            let label = checkedLabel(labels[r], cols)
            var m = row[0]
            for c in 1..<cols where row[c] > m { m = row[c] }
            var s: Float = 0
            for c in 0..<cols { s += expf(row[c] - m) }
            total += Double(logf(s) + m - row[label])
        }
        out[0] = Float(total / Double(rows))
    }

    /// out = gLoss · (softmax(logits) − onehot(labels)) / rows: the gradient of the mean loss.
    /// `out` may alias `logits`.
    public static func softmaxCrossEntropyBackward(_ logits: UnsafePointer<Float>, _ labels: UnsafePointer<Float>,
                                                   _ gLoss: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                                                   rows: Int, cols: Int) {
        countFlops(rows &* (softmaxRowFlops(cols) &+ cols))
        let g = gLoss[0] / Float(rows)
        for r in 0..<rows {
            // Only the gradient is wanted here; the row's loss (its return value) is not.
            _ = softmaxRowGrad(logits + r &* cols, checkedLabel(labels[r], cols), g, out + r &* cols, cols)
        }
    }

    /// Loss and gradient in one pass over the logits (the fused kernel): out[0] = mean loss,
    /// grad = (softmax − onehot) / rows, the gradient for a loss seed of 1.
    public static func softmaxCrossEntropyWithGrad(_ logits: UnsafePointer<Float>, _ labels: UnsafePointer<Float>,
                                                   loss: UnsafeMutablePointer<Float>, grad: UnsafeMutablePointer<Float>,
                                                   rows: Int, cols: Int) {
        countFlops(rows &* (softmaxRowFlops(cols) &+ cols))
        let g = 1 / Float(rows)
        var total = 0.0
        for r in 0..<rows {
            let label = checkedLabel(labels[r], cols)
            total += Double(softmaxRowGrad(logits + r &* cols, label, g, grad + r &* cols, cols))
        }
        loss[0] = Float(total / Double(rows))
    }

    /// Writes g·(softmax(row) − onehot(label)) into out and returns the row's loss.
    @inline(__always)
    private static func softmaxRowGrad(_ row: UnsafePointer<Float>, _ label: Int, _ g: Float,
                                       _ out: UnsafeMutablePointer<Float>, _ cols: Int) -> Float {
        var m = row[0]
        for c in 1..<cols where row[c] > m { m = row[c] }
        let target = row[label]
        var s: Float = 0
        for c in 0..<cols {
            let e = expf(row[c] - m)
            out[c] = e
            s += e
        }
        let k = g / s
        for c in 0..<cols { out[c] *= k }
        out[label] -= g
        return logf(s) + m - target
    }

    @inline(__always)
    private static func checkedLabel(_ x: Float, _ cols: Int) -> Int {
        let i = Int(x)
        precondition(Float(i) == x && i >= 0 && i < cols, "softmaxCrossEntropy: label \(x) not a class in 0..<\(cols)")
        return i
    }
}
