import Testing
import NNKernel
import NNModels
@testable import NNGraph

/// The three modes must compute the same numbers.
///
/// Tolerance 1e-5 relative (atol 1e-6): static replays exactly the eager kernels in the same
/// order, so it matches bit for bit; fused changes the order of additions (the bias is preloaded
/// into the GEMM's C instead of added after it), which moves results by a few float32 ulps per
/// step (~1e-7 relative), far inside 1e-5 after 10 steps.
struct ModeEquivalenceTests {
    static let model = MLP(sizes: [30, 24, 16, 5], activation: .relu)

    static func run(_ mode: ExecutionMode, kind: StepKind, batch: Int, steps: Int) -> (losses: [Float], params: [[Float]]) {
        let params = model.initialParameters(seed: 11)
        let data = SyntheticData.batch(shape: Shape(batch, 30), classes: 5, seed: 5)
        let s = Session(model: model, mode: mode, kind: kind, parameters: params, verifyPasses: true)
        let losses = (0..<steps).map { _ in s.step(x: data.x, labels: data.labels) }
        return (losses, params.map(\.array))
    }

    static func expectClose(_ a: [Float], _ b: [Float], _ what: String) {
        #expect(a.count == b.count)
        for (i, (x, y)) in zip(a, b).enumerated() where abs(x - y) > 1e-6 + 1e-5 * abs(y) {
            Issue.record("\(what)[\(i)]: \(x) vs \(y)")
            return
        }
    }

    @Test(arguments: [ExecutionMode.static, .fused], [1, 8])
    func trainingMatchesEagerAfterTenSteps(mode: ExecutionMode, batch: Int) {
        let eager = Self.run(.eager, kind: .training(learningRate: 0.05), batch: batch, steps: 10)
        let other = Self.run(mode, kind: .training(learningRate: 0.05), batch: batch, steps: 10)
        Self.expectClose(other.losses, eager.losses, "\(mode) loss")
        for (i, (p, q)) in zip(other.params, eager.params).enumerated() {
            Self.expectClose(p, q, "\(mode) parameter \(i)")
        }
        #expect(eager.losses[9] < eager.losses[0])
    }

    @Test(arguments: [ExecutionMode.static, .fused])
    func inferenceMatchesEager(mode: ExecutionMode) {
        let eager = Self.run(.eager, kind: .inference, batch: 3, steps: 2)
        let other = Self.run(mode, kind: .inference, batch: 3, steps: 2)
        Self.expectClose(other.losses, eager.losses, "\(mode) first logit")
    }

    @Test(arguments: [ExecutionMode.static, .fused])
    func steadyStateStepsAllocateNothing(mode: ExecutionMode) {
        let params = Self.model.initialParameters(seed: 1)
        let data = SyntheticData.batch(shape: Shape(4, 30), classes: 5, seed: 2)
        let s = Session(model: Self.model, mode: mode, kind: .training(learningRate: 0.01), parameters: params)
        s.step(x: data.x, labels: data.labels)   // first step compiles
        #expect(AllocationCounter.isActive)
        let (_, stats) = AllocationCounter.measure {
            for _ in 0..<5 { s.step(x: data.x, labels: data.labels) }
        }
        #expect(stats.allocations == 0, "\(mode): \(stats.allocations) allocations in 5 steps")
    }

    @Test func eagerStepsDoAllocate() {
        // The counter sees eager's real per-op allocations, so a zero above means something.
        let params = Self.model.initialParameters(seed: 1)
        let data = SyntheticData.batch(shape: Shape(4, 30), classes: 5, seed: 2)
        let s = Session(model: Self.model, mode: .eager, kind: .training(learningRate: 0.01), parameters: params)
        s.step(x: data.x, labels: data.labels)
        let (_, stats) = AllocationCounter.measure { s.step(x: data.x, labels: data.labels) }
        #expect(stats.allocations >= 20)
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
