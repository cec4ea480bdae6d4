import Testing
import NNKernel
import TestSupport

/// The elementwise kernels (Kernels+Elementwise.swift) against Double references, in and out
/// of place, with their launch and flop counts.
///
/// Tolerance: one Float32 operation per element: rtol 1e-6 (about 8 ulps) with atol 1e-7.
struct ElementwiseTests {
    /// (rows, cols) views: batch 1, a single column, non-square.
    static let shapes: [Shape] = [Shape(1, 1), Shape(1, 9), Shape(7, 1), Shape(5, 13)]

    @Test(arguments: shapes)
    func addBias(_ s: Shape) {
        let x = randomTensor(s, seed: 1), bias = randomTensor(Shape(s.last), seed: 2)
        let expected = Reference.addBias(doubles(x.array), doubles(bias.array), rows: s.rows, cols: s.last)
        let out = Tensor(uninitialized: s)
        KernelCounters.reset()
        Kernels.addBias(x.data, bias.data, out.data, rows: s.rows, cols: s.last)
        #expect(KernelCounters.flops == s.count)
        #expect(closeness(out.array, expected, rtol: 1e-6, atol: 1e-7).isClose)
        Kernels.addBias(x.data, bias.data, x.data, rows: s.rows, cols: s.last)   // documented: out may alias x
        #expect(closeness(x.array, expected, rtol: 1e-6, atol: 1e-7).isClose)
    }

    enum Binary: String, CaseIterable, Sendable { case add, sub, mul }

    @Test(arguments: Binary.allCases, [1, 8, 33])
    func binary(_ op: Binary, _ n: Int) {
        let a = randomValues(n, seed: 3), b = randomValues(n, seed: 4)
        let expected: [Double] = zip(doubles(a), doubles(b)).map { x, y in
            switch op {
            case .add: return x + y
            case .sub: return x - y
            case .mul: return x * y
            }
        }
        func run(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>) {
            switch op {
            case .add: Kernels.add(x, y, out, count: n)
            case .sub: Kernels.sub(x, y, out, count: n)
            case .mul: Kernels.mul(x, y, out, count: n)
            }
        }
        let at = Tensor(shape: Shape(n), values: a), bt = Tensor(shape: Shape(n), values: b)
        let out = Tensor(uninitialized: Shape(n))
        KernelCounters.reset()
        run(at.data, bt.data, out.data)
        #expect(KernelCounters.flops == n)
        #expect(closeness(out.array, expected, rtol: 1e-6, atol: 1e-7).isClose, "\(op) out of place")
        // Documented: out may alias either input.
        let a1 = Tensor(shape: Shape(n), values: a)
        run(a1.data, bt.data, a1.data)
        #expect(closeness(a1.array, expected, rtol: 1e-6, atol: 1e-7).isClose, "\(op) into a")
        let b1 = Tensor(shape: Shape(n), values: b)
        run(at.data, b1.data, b1.data)
        #expect(closeness(b1.array, expected, rtol: 1e-6, atol: 1e-7).isClose, "\(op) into b")
    }

    @Test func scaleFillCopy() {
        let x = randomTensor(Shape(3, 7), seed: 5)
        let out = Tensor(uninitialized: x.shape)
        KernelCounters.reset()
        Kernels.scale(x.data, by: -2.5, out.data, count: x.count)
        #expect(KernelCounters.flops == x.count)
        #expect(closeness(out.array, doubles(x.array).map { -2.5 * $0 }, rtol: 1e-6, atol: 1e-7).isClose)
        let inPlace = x.copy()
        Kernels.scale(inPlace.data, by: -2.5, inPlace.data, count: x.count)
        #expect(inPlace.array == out.array)

        KernelCounters.reset()
        Kernels.fill(out.data, with: 0.75, count: 20)
        Kernels.copy(x.data, out.data + 20, count: 1)   // only the last element
        #expect(KernelCounters.flops == 0)
        #expect(out.array == [Float](repeating: 0.75, count: 20) + [x.data[0]])
    }

    // MARK: - Activations

    static let activations: [Activation] = Activation.allCases

    @Test(arguments: activations, [Shape(1, 1), Shape(4, 11)])
    func activationForward(_ f: Activation, _ s: Shape) {
        // Inputs span the saturated regions too: sigmoid and tanh must stay finite and exact-ish.
        var values = randomValues(s.count, seed: 6, in: -4..<4)
        if s.count > 2 { values[0] = 40; values[1] = -40 }
        let x = Tensor(shape: s, values: values)
        let expected = Reference.activate(f, doubles(values))
        let out = Tensor(uninitialized: s)
        KernelCounters.reset()
        Kernels.activate(f, x.data, out.data, count: s.count)
        #expect(closeness(out.array, expected, rtol: 2e-6, atol: 1e-7).isClose, "\(closeness(out.array, expected, rtol: 2e-6, atol: 1e-7))")
        // identity copies (no flops); the others count flopsPerElement per element.
        #expect(KernelCounters.flops == f.flopsPerElement * s.count)
        // Documented: out may alias x (identity in place does no work at all).
        KernelCounters.reset()
        Kernels.activate(f, x.data, x.data, count: s.count)
        #expect(closeness(x.array, expected, rtol: 2e-6, atol: 1e-7).isClose)
    }

    @Test(arguments: activations)
    func activationBackward(_ f: Activation) {
        let n = 23
        // Keep ReLU inputs off the kink, where the derivative is undefined.
        let x = awayFromZero(randomValues(n, seed: 7, in: -3..<3))
        let gy = randomValues(n, seed: 8)
        // The kernels take the forward's output y; the reference differentiates at x.
        let y = Tensor(uninitialized: Shape(n))
        let xt = Tensor(shape: Shape(n), values: x)
        Kernels.activate(f, xt.data, y.data, count: n)
        let expected = Reference.activateBackward(f, gy: doubles(gy), x: doubles(x))
        let gyt = Tensor(shape: Shape(n), values: gy), out = Tensor(uninitialized: Shape(n))
        KernelCounters.reset()
        Kernels.activateBackward(f, gyt.data, y.data, out.data, count: n)
        let backwardFlops: [Activation: Int] = [.identity: 0, .relu: n, .tanh: 3 * n, .sigmoid: 3 * n]
        #expect(KernelCounters.flops == backwardFlops[f])
        // y carries the forward's Float rounding (relative 2⁻²⁴ ≈ 6e-8); 1 − y² loses a few
        // more digits near saturation: rtol 1e-5.
        let result = closeness(out.array, expected, rtol: 1e-5, atol: 1e-6)
        #expect(result.isClose, "\(f): \(result)")
        // Documented: out may alias gy.
        Kernels.activateBackward(f, gyt.data, y.data, gyt.data, count: n)
        #expect(gyt.array == out.array)
    }

    @Test func reluBackwardPassesNothingAtOrBelowZero() {
        let y = Tensor(shape: Shape(4), values: [0, 0, 2, 0.5])
        let gy = Tensor(shape: Shape(4), values: [5, -5, 3, -1])
        let out = Tensor(uninitialized: Shape(4))
        Kernels.activateBackward(.relu, gy.data, y.data, out.data, count: 4)
        #expect(out.array == [0, 0, 3, -1])
    }

    @Test func sigmoidSaturatesWithoutNaN() {
        let x = Tensor(shape: Shape(4), values: [-1000, -90, 90, 1000])
        Kernels.activate(.sigmoid, x.data, x.data, count: 4)
        #expect(x.array.allSatisfy { $0.isFinite })
        #expect(x.array[0] == 0 && x.array[3] == 1)
    }
}
