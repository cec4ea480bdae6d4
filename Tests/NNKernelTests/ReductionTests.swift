import Testing
import NNKernel
import TestSupport

/// Column sums (Kernels+Reduction.swift) against Double references.
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
        #expect(KernelCounters.flops == s.count)
        let result = closeness(out.array, Reference.columnSums(doubles(x.array), rows: s.rows, cols: s.last),
                               rtol: 1e-5, atol: 1e-5)
        #expect(result.isClose, "\(result)")
    }

}
