import Testing
import NNKernel
import NNModels
@testable import NNGraph
import NNVocabulary

/// Elman and LSTM compute the same numbers in all three modes, padded batches with masking give
/// the per-length results, and the graph modes' steady state allocates nothing.
///
/// Tolerance 1e-5 relative (atol 1e-6), as for the MLP: static replays the eager kernels in the
/// same order (bit for bit); fused reorders additions (the bias and the input projection are
/// preloaded into the recurrent GEMM's C, and weight gradients are summed over time inside one
/// GEMM instead of T GEMMs and T − 1 adds), which moves float32 results by a few ulps per step.
/// Over 10 steps of a short sequence this stays ~1e-6 relative, an order inside the bound.
struct RNNModeEquivalenceTests {
    static func model(_ cell: RNN.Cell, masked: Bool = false) -> RNN {
        RNN(cell: cell, inputs: 5, hidden: 4, classes: 3, masked: masked)
    }

    static func train(_ model: RNN, _ mode: Mode, x: Tensor, labels: Tensor, steps: Int,
                      lr: Float = 0.1) -> (losses: [Float], params: [[Float]]) {
        let params = model.initialParameters(seed: 3)
        let s = Session(model: model, mode: mode, kind: .training(learningRate: lr), parameters: params,
                        verifyPasses: true)
        let losses = (0..<steps).map { _ in s.step(x: x, labels: labels) }
        return (losses, params.map(\.array))
    }

    static func expectClose(_ a: [Float], _ b: [Float], _ what: String) {
        #expect(a.count == b.count)
        for (i, (x, y)) in zip(a, b).enumerated() where abs(x - y) > 1e-6 + 1e-5 * abs(y) {
            Issue.record("\(what)[\(i)]: \(x) vs \(y)")
            return
        }
    }

    static func expectSame(_ a: (losses: [Float], params: [[Float]]), _ b: (losses: [Float], params: [[Float]]),
                           _ what: String) {
        expectClose(a.losses, b.losses, "\(what) loss")
        for (i, (p, q)) in zip(a.params, b.params).enumerated() { expectClose(p, q, "\(what) parameter \(i)") }
    }

    /// A batch [B, length, 5] zero-padded to `padded` steps.
    static func padded(_ x: Tensor, to steps: Int) -> Tensor {
        let b = x.shape[0], t = x.shape[1], f = x.shape[2]
        let out = Tensor(shape: Shape(b, steps, f), repeating: 0)
        for r in 0..<b { (out.data + r * steps * f).update(from: x.data + r * t * f, count: t * f) }
        return out
    }

    @Test(arguments: [RNN.Cell.elman, .lstm], [Mode.static, .fused])
    func trainingMatchesEagerAfterTenSteps(cell: RNN.Cell, mode: Mode) {
        let m = Self.model(cell)
        let d = SyntheticData.batch(shape: m.inputShape(batch: 3, sequenceLength: 6), classes: 3, seed: 9)
        let eager = Self.train(m, .eager, x: d.x, labels: d.labels, steps: 10)
        Self.expectSame(Self.train(m, mode, x: d.x, labels: d.labels, steps: 10), eager, "\(cell) \(mode)")
        #expect(eager.losses[9] < eager.losses[0], "\(cell) does not learn: \(eager.losses)")
    }

    @Test(arguments: [RNN.Cell.elman, .lstm])
    func realSizeModesAgreeOnAFewSteps(cell: RNN.Cell) {
        let m = RNN(cell: cell, inputs: 64, hidden: 128, classes: 10)
        let d = SyntheticData.batch(shape: m.inputShape(batch: 16, sequenceLength: 32), classes: 10, seed: 4)
        let eager = Self.train(m, .eager, x: d.x, labels: d.labels, steps: 2, lr: 0.01)
        for mode in [Mode.static, .fused] {
            Self.expectSame(Self.train(m, mode, x: d.x, labels: d.labels, steps: 2, lr: 0.01), eager, "\(cell) \(mode)")
        }
    }

    @Test(arguments: [RNN.Cell.elman, .lstm], Mode.allCases)
    func paddedAndMaskedMatchesPerLength(cell: RNN.Cell, mode: Mode) {
        let m = Self.model(cell)
        let d = SyntheticData.batch(shape: m.inputShape(batch: 3, sequenceLength: 4), classes: 3, seed: 2)
        let perLength = Self.train(m, .eager, x: d.x, labels: d.labels, steps: 3)
        let pad = Self.train(m.masking(true), mode, x: Self.padded(d.x, to: 7), labels: d.labels, steps: 3)
        Self.expectSame(pad, perLength, "\(cell) \(mode) padded")
    }

    @Test(arguments: [RNN.Cell.elman, .lstm], [Mode.static, .fused])
    func steadyStateStepsAllocateNothing(cell: RNN.Cell, mode: Mode) {
        let m = Self.model(cell)
        let d = SyntheticData.batch(shape: m.inputShape(batch: 2, sequenceLength: 5), classes: 3, seed: 1)
        let s = Session(model: m, mode: mode, kind: .training(learningRate: 0.01), parameters: m.initialParameters(seed: 1))
        s.step(x: d.x, labels: d.labels)
        #expect(AllocationCounter.isActive)
        let (_, stats) = AllocationCounter.measure { for _ in 0..<3 { s.step(x: d.x, labels: d.labels) } }
        #expect(stats.allocations == 0, "\(cell) \(mode): \(stats.allocations) allocations in 3 steps")
    }

    @Test(arguments: [RNN.Cell.elman, .lstm])
    func fusionBatchesTheInputProjectionAndWeightGradients(cell: RNN.Cell) {
        // T = 6: static runs 6 input-projection GEMMs forward and 6 + 5 weight-gradient GEMMs
        // backward; fused runs one of each kind (plus the per-step recurrent GEMMs both share).
        let m = Self.model(cell)
        let d = SyntheticData.batch(shape: m.inputShape(batch: 3, sequenceLength: 6), classes: 3, seed: 9)
        var gemms: [Mode: Int] = [:]
        for mode in [Mode.static, .fused] {
            let s = Session(model: m, mode: mode, kind: .training(learningRate: 0.1), parameters: m.initialParameters(seed: 3))
            s.step(x: d.x, labels: d.labels)
            KernelCounters.reset()
            s.step(x: d.x, labels: d.labels)
            gemms[mode] = KernelCounters.gemmCalls
        }
        // Static: forward 6 (x·Wx) + 5 (h·Wh) + 1 (dense); backward 6 (dWx) + 5 (dWh) + 5 (dh) + 2 (dense).
        #expect(gemms[.static] == 30)
        // Fused: forward 1 + 5 + 1; backward 1 (dWx) + 1 (dWh) + 5 (dh) + 2 (dense).
        #expect(gemms[.fused] == 16)
    }

    @Test func recurrentFusionLeavesAnMLPAlone() {
        let mlp = MLP(sizes: [6, 5, 3], activation: .tanh)
        let s = Session(model: mlp, mode: .static, kind: .training(learningRate: 0.1),
                        parameters: mlp.initialParameters(seed: 1), verifyPasses: true)
        let g = s.compile(xShape: Shape(4, 6), labelShape: Shape(4)).executor.graph
        #expect(fuseRecurrent(g).dump() == g.dump())
    }
}
