import Testing
import NNKernel
import NNModels
@testable import NNGraph
import NNVocabulary

/// The three modes must compute the same numbers.
///
/// Tolerance 1e-5 relative (atol 1e-6): static replays exactly the eager kernels in the same
/// order, so it matches bit for bit; fused changes the order of additions (the bias is preloaded
/// into the GEMM's C instead of added after it), which moves results by a few float32 ulps per
/// step (~1e-7 relative), far inside 1e-5 after 10 steps.
struct ModeEquivalenceTests {
    static let model = MLP(sizes: [30, 24, 16, 5], activation: .relu)

    static func expectAgree(_ kind: StepKind, modes: [Mode], batch: Int, steps: Int) -> [Float] {
        ModeAgreement.expectAgreeWithEager(model, modes: modes, kind: kind, batch: batch, steps: steps,
                                           parameterSeed: 11, dataSeed: 5)
    }

    @Test(arguments: [Mode.static, .fused], [1, 8])
    func trainingMatchesEagerAfterTenSteps(mode: Mode, batch: Int) {
        let eager = Self.expectAgree(.training(learningRate: 0.05), modes: [mode], batch: batch, steps: 10)
        #expect(eager[9] < eager[0])
    }

    @Test(arguments: [Mode.static, .fused])
    func inferenceMatchesEager(mode: Mode) {
        let eager = Self.expectAgree(.inference, modes: [mode], batch: 3, steps: 2)
        #expect(eager.count == 2)
    }

    @Test(arguments: [Mode.static, .fused])
    func steadyStateStepsAllocateNothing(mode: Mode) {
        let allocations = ModeAgreement.allocations(Self.model, mode, batch: 4, steps: 5)
        #expect(allocations == 0, "\(mode): \(allocations) allocations in 5 steps")
    }

    @Test func eagerStepsDoAllocate() {
        // The counter sees eager's real per-op allocations, so a zero above means something.
        #expect(ModeAgreement.allocations(Self.model, .eager, batch: 4, steps: 1) >= 20)
    }

    @Test func newShapeIsARetrace() {
        let params = Self.model.initialParameters(seed: 1)
        let s = Session(model: Self.model, mode: .static, kind: .training(learningRate: 0.01), parameters: params)
        for b in [2, 3, 2, 3, 4] {
            let d = SyntheticData.batch(shape: Shape(b, 30), classes: 5, seed: 2)
            s.step(x: d.x, labels: d.labels)
        }
        #expect(s.traces == 3)
        #expect(s.retraces == 2)
    }
}
