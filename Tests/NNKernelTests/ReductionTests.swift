import Testing
import NNKernel
import TestSupport

/// Column sums and the full sum (Kernels+Reduction.swift) against Double references.
///
/// Tolerance: a Float32 sum of r terms in [-1, 1) errs by at most about r·2⁻²⁴ relative to
/// Σ|x|: rtol 1e-5 with atol 1e-5 covers r ≤ 64 comfortably.
struct ReductionTests {
    @Test(arguments: [Shape(1, 1), Shape(1, 6), Shape(9, 1), Shape(64, 10)])
    func columnSum(_ s: Shape) {
        let x = randomTensor(s, seed: 11)
        let out = Tensor(shape: Shape(s.last), repeating: .nan)   // old contents must not matter
        KernelCounters.reset()
        Kernels.columnSum(x.data, out.data, rows: s.rows, cols: s.last)
        #expect(KernelCounters.kernelLaunches == 1 && KernelCounters.flops == s.count)
        let result = closeness(out.array, Reference.columnSums(doubles(x.array), rows: s.rows, cols: s.last),
                               rtol: 1e-5, atol: 1e-5)
        #expect(result.isClose, "\(result)")
    }

    @Test(arguments: [1, 7, 1000])
    func sum(_ n: Int) {
        let x = randomTensor(Shape(n), seed: 12)
        KernelCounters.reset()
        let s = Kernels.sum(x.data, count: n)
        #expect(KernelCounters.kernelLaunches == 1 && KernelCounters.flops == n)
        #expect(closeness(Double(s), doubles(x.array).reduce(0, +), rtol: 1e-6, atol: 1e-6).isClose)
    }

    @Test func sumAccumulatesInDouble() {
        // 2²⁴ + 1 + 1 + …: a Float accumulator would lose every 1; Double keeps them.
        let x = Tensor(shape: Shape(5), values: [16_777_216, 1, 1, 1, 1])
        #expect(Kernels.sum(x.data, count: 5) == 16_777_220)
    }
}
