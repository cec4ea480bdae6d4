import Testing
import NNKernel
import TestSupport

/// Softmax cross-entropy, its backward and the fused loss-with-gradient kernel
/// (Kernels+SoftmaxCrossEntropy.swift) against the Double definitions.
///
/// Tolerance: exp/log in Float32 over ≤ 10 classes: rtol 1e-5, atol 1e-6.
struct SoftmaxCrossEntropyTests {
    /// (rows, classes): batch 1, two classes, non-square.
    static let sizes: [(Int, Int)] = [(1, 2), (1, 10), (4, 3), (16, 10)]

    struct Input {
        let logits: Tensor, labels: Tensor, intLabels: [Int], rows: Int, cols: Int
        init(rows: Int, cols: Int, seed: UInt64, scale: Float = 3) {
            self.rows = rows
            self.cols = cols
            logits = randomTensor(Shape(rows, cols), seed: seed, in: -scale..<scale)
            let l = randomLabels(rows, classes: cols, seed: seed + 1)
            labels = Tensor(shape: Shape(rows), values: l)
            intLabels = l.map { Int($0) }
        }
        var expectedLoss: Double {
            Reference.softmaxCrossEntropy(doubles(logits.array), labels: intLabels, rows: rows, cols: cols)
        }
        func expectedGradient(seed: Double) -> [Double] {
            Reference.softmaxCrossEntropyGradient(doubles(logits.array), labels: intLabels, rows: rows, cols: cols, seed: seed)
        }
    }

    @Test(arguments: sizes)
    func loss(_ rows: Int, _ cols: Int) {
        let x = Input(rows: rows, cols: cols, seed: 50)
        let out = Tensor(uninitialized: Shape())
        KernelCounters.reset()
        Kernels.softmaxCrossEntropy(x.logits.data, x.labels.data, out.data, rows: rows, cols: cols)
        #expect(KernelCounters.flops == rows * 4 * cols)
        let r = closeness(Double(out.data[0]), x.expectedLoss, rtol: 1e-5, atol: 1e-6)
        #expect(r.isClose, "\(r)")
    }

    @Test(arguments: sizes)
    func backward(_ rows: Int, _ cols: Int) {
        let x = Input(rows: rows, cols: cols, seed: 60)
        let seed = Tensor(shape: Shape(), values: [0.7])
        let out = Tensor(uninitialized: x.logits.shape)
        KernelCounters.reset()
        Kernels.softmaxCrossEntropyBackward(x.logits.data, x.labels.data, seed.data, out.data, rows: rows, cols: cols)
        #expect(KernelCounters.flops == rows * 5 * cols)
        let expected = x.expectedGradient(seed: 0.7)
        let r = closeness(out.array, expected, rtol: 1e-5, atol: 1e-6)
        #expect(r.isClose, "\(r)")
        // Documented: out may alias the logits.
        let inPlace = x.logits.copy()
        Kernels.softmaxCrossEntropyBackward(inPlace.data, x.labels.data, seed.data, inPlace.data, rows: rows, cols: cols)
        #expect(closeness(inPlace.array, expected, rtol: 1e-5, atol: 1e-6).isClose)
    }

    @Test(arguments: sizes)
    func fusedLossAndGradient(_ rows: Int, _ cols: Int) {
        let x = Input(rows: rows, cols: cols, seed: 70)
        let loss = Tensor(uninitialized: Shape()), grad = Tensor(uninitialized: x.logits.shape)
        KernelCounters.reset()
        Kernels.softmaxCrossEntropyWithGrad(x.logits.data, x.labels.data, loss: loss.data, grad: grad.data,
                                            rows: rows, cols: cols)
        #expect(KernelCounters.flops == rows * 5 * cols)
        #expect(closeness(Double(loss.data[0]), x.expectedLoss, rtol: 1e-5, atol: 1e-6).isClose)
        let r = closeness(grad.array, x.expectedGradient(seed: 1), rtol: 1e-5, atol: 1e-6)
        #expect(r.isClose, "\(r)")
    }

    @Test func gradientRowsSumToZero() {
        // softmax sums to 1 and the one-hot to 1: each row of the gradient sums to 0.
        let x = Input(rows: 5, cols: 7, seed: 80)
        let loss = Tensor(uninitialized: Shape()), grad = Tensor(uninitialized: x.logits.shape)
        Kernels.softmaxCrossEntropyWithGrad(x.logits.data, x.labels.data, loss: loss.data, grad: grad.data, rows: 5, cols: 7)
        for r in 0..<5 {
            let s = (0..<7).reduce(0.0) { $0 + Double(grad.data[r * 7 + $1]) }
            #expect(abs(s) < 1e-6, "row \(r) sums to \(s)")
        }
    }

    @Test func stableForHugeLogits() {
        // Without the max shift, exp(1000) overflows to inf and the loss becomes NaN.
        let logits = Tensor(shape: Shape(2, 3), values: [1000, 999, 998, -1000, -1000, 0])
        let labels = Tensor(shape: Shape(2), values: [1, 2])
        let loss = Tensor(uninitialized: Shape()), grad = Tensor(uninitialized: Shape(2, 3))
        Kernels.softmaxCrossEntropyWithGrad(logits.data, labels.data, loss: loss.data, grad: grad.data, rows: 2, cols: 3)
        let expected = Reference.softmaxCrossEntropy(doubles(logits.array), labels: [1, 2], rows: 2, cols: 3)
        #expect(loss.data[0].isFinite && grad.array.allSatisfy(\.isFinite))
        #expect(closeness(Double(loss.data[0]), expected, rtol: 1e-5, atol: 1e-6).isClose)
    }

    @Test func uniformLogitsGiveLogOfClassCount() {
        // Equal logits: every class has probability 1/c, so the loss is log c exactly.
        let logits = Tensor(shape: Shape(3, 4), repeating: 0.3)
        let labels = Tensor(shape: Shape(3), values: [0, 3, 1])
        let out = Tensor(uninitialized: Shape())
        Kernels.softmaxCrossEntropy(logits.data, labels.data, out.data, rows: 3, cols: 4)
        #expect(abs(Double(out.data[0]) - 1.3862943611198906) < 1e-6)   // ln 4
    }
}
