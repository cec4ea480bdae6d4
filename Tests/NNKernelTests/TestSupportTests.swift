import Testing
import TestSupport

/// The shared test helpers catch what they exist to catch: a checker that always passes would
/// make every kernel test worthless.
struct TestSupportTests {
    @Test func closenessReportsTheFirstMismatch() {
        let r = closeness([1, 2, 3.5, 9] as [Double], [1, 2, 3, 4], rtol: 1e-3, atol: 0)
        #expect(!r.isClose && r.mismatches == 2)
        #expect(r.firstMismatch?.index == 2)
        #expect(r.description.contains("[2]") && r.description.contains("3.5"))
        #expect(r.maxAbsoluteError == 5)
    }

    @Test func closenessToleranceAndSpecialValues() {
        #expect(closeness([100.05] as [Double], [100], rtol: 1e-3, atol: 0).isClose)   // 0.05 ≤ 0.1
        #expect(!closeness([100.2] as [Double], [100], rtol: 1e-3, atol: 0).isClose)
        #expect(closeness([1e-7] as [Double], [0], rtol: 0, atol: 1e-6).isClose)
        #expect(!closeness([Double.nan], [Double.nan]).isClose, "NaN is never close")
        #expect(closeness([Double.infinity], [Double.infinity]).isClose)
        #expect(!closeness([Double.infinity], [1e300]).isClose)
        let sizes = closeness([1, 2] as [Double], [1])
        #expect(!sizes.isClose && sizes.description.contains("size mismatch"))
    }

    @Test func referenceGemmByHand() {
        // [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50]; Aᵀ·B = [26 30; 38 44].
        let a: [Double] = [1, 2, 3, 4], b: [Double] = [5, 6, 7, 8], zero = [Double](repeating: 0, count: 4)
        #expect(Reference.gemm(transposeA: false, transposeB: false, m: 2, n: 2, k: 2, a: a, lda: 2, b: b, ldb: 2,
                               c: zero, ldc: 2) == [19, 22, 43, 50])
        #expect(Reference.gemm(transposeA: true, transposeB: false, m: 2, n: 2, k: 2, a: a, lda: 2, b: b, ldb: 2,
                               c: zero, ldc: 2) == [26, 30, 38, 44])
        // A·Bᵀ = [17 23; 39 53].
        #expect(Reference.gemm(transposeA: false, transposeB: true, m: 2, n: 2, k: 2, a: a, lda: 2, b: b, ldb: 2,
                               c: zero, ldc: 2) == [17, 23, 39, 53])
    }

    @Test func referenceSoftmaxCrossEntropyByHand() {
        // Two classes with logits (0, ln 3): p = (1/4, 3/4); label 1 ⇒ loss −ln(3/4).
        let logits: [Double] = [0, 1.0986122886681098]
        let loss = Reference.softmaxCrossEntropy(logits, labels: [1], rows: 1, cols: 2)
        #expect(abs(loss - 0.2876820724517809) < 1e-12)
        let g = Reference.softmaxCrossEntropyGradient(logits, labels: [1], rows: 1, cols: 2)
        #expect(closeness(g, [0.25, -0.25], rtol: 0, atol: 1e-12).isClose)
    }

    @Test func finiteDifferencesFindRightAndWrongGradients() {
        // f(x, y) = Σ x_i² y_i: ∂f/∂x_i = 2 x_i y_i, ∂f/∂y_i = x_i².
        let x: [Float] = [0.5, -1, 2], y: [Float] = [1.5, 0.25, -0.5]
        let f: ([[Float]]) -> Float = { v in (0..<3).reduce(0) { $0 + v[0][$1] * v[0][$1] * v[1][$1] } }
        let right = [(0..<3).map { 2 * x[$0] * y[$0] }, x.map { $0 * $0 }]
        #expect(FiniteDifference.check(f, at: [x, y], wrt: [0, 1], analytic: right).passed)
        var wrong = right
        wrong[1][2] *= -1   // a sign error in one element
        let report = FiniteDifference.check(f, at: [x, y], wrt: [0, 1], analytic: wrong)
        #expect(!report.passed && report.mismatches.count == 1)
        #expect(report.mismatches.first?.input == 1 && report.mismatches.first?.element == 2)
        // Only the inputs listed are perturbed and checked.
        let onlyY = FiniteDifference.check(f, at: [x, y], wrt: [1], analytic: [right[1]])
        #expect(onlyY.passed && onlyY.checked == 3)
    }

    @Test func randomInputsAreSeeded() {
        #expect(randomValues(5, seed: 9) == randomValues(5, seed: 9))
        #expect(randomValues(5, seed: 9) != randomValues(5, seed: 10))
        #expect(randomValues(100, seed: 1, in: 2..<3).allSatisfy { $0 >= 2 && $0 < 3 })
        let labels = randomLabels(50, classes: 4, seed: 2)
        #expect(labels.allSatisfy { $0 >= 0 && $0 < 4 && $0 == $0.rounded() })
        #expect(Set(labels).count == 4, "50 draws hit every one of 4 classes")
    }
}
