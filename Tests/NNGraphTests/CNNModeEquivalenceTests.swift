import Testing
import NNKernel
import NNModels
@testable import NNGraph
import NNVocabulary

/// The CNN in the three modes: same numbers, no steady-state allocation, and the fusion pass
/// doing what it claims.
///
/// Tolerance 1e-5 relative (atol 1e-6), as in ModeEquivalenceTests: static replays the eager
/// kernels in the same order; fused preloads the convolution and dense biases into the GEMM's C
/// (beta = 1) and sums the bias gradient over the pooled positions only, which changes the order
/// of a few float32 additions per element (~1e-7 relative per step), far inside 1e-5 after
/// 10 steps. Max-pool picks the same window element in every mode unless two candidates lie
/// within a few ulps, which these seeded inputs do not produce.
struct CNNModeEquivalenceTests {
    /// A small CNN: padding, a floor in the second pool, two dense layers.
    static let small = CNN(input: [2, 10, 10], convs: [(4, 3, 1, 2), (6, 3, 0, 2)], dense: [8], classes: 4,
                           activation: .relu)
    /// The workload's LeNet: 1×28×28, conv5-6 pad 2 pool 2, conv5-16 pool 2, 120, 84, 10.
    static let lenet = CNN(input: [1, 28, 28], convs: [(6, 5, 2, 2), (16, 5, 0, 2)], dense: [120, 84],
                           classes: 10, activation: .relu)

    static func expectModesAgree(_ model: CNN, batch: Int, learningRate: Float) {
        let eager = ModeAgreement.expectAgreeWithEager(model, modes: [.static, .fused],
                                                       kind: .training(learningRate: learningRate), batch: batch,
                                                       steps: 10, parameterSeed: 21, dataSeed: 8)
        #expect(eager[9] < eager[0], "training does not reduce the loss: \(eager)")
    }

    // MARK: - Same numbers

    @Test(arguments: [1, 3])
    func smallCNNTrainingAgreesAfterTenSteps(batch: Int) {
        Self.expectModesAgree(Self.small, batch: batch, learningRate: 0.05)
    }

    @Test func lenetTrainingAgreesAfterTenStepsAtBatchTwo() {
        Self.expectModesAgree(Self.lenet, batch: 2, learningRate: 0.01)
    }

    @Test(arguments: [Mode.static, .fused])
    func inferenceAgrees(mode: Mode) {
        let eager = ModeAgreement.expectAgreeWithEager(Self.small, modes: [mode], kind: .inference, batch: 3,
                                                       steps: 2, parameterSeed: 21, dataSeed: 8)
        #expect(eager.count == 2)
    }

    // MARK: - No steady-state allocation

    /// The small CNN, not LeNet: OpenBLAS itself mallocs once per `cblas_sgemm` call on some
    /// paths (measured: with SkylakeX kernels for LeNet's 16×100×150 convolution GEMM and its
    /// 400×120 dense GEMM even at batch 1; with any kernels once a GEMM goes multi-threaded),
    /// which no planner can prevent. The small CNN's GEMMs stay below those paths with every
    /// core type, so any allocation seen here is nnbench's own.
    @Test(arguments: [Mode.static, .fused], [1, 4])
    func steadyStateStepsAllocateNothing(mode: Mode, batch: Int) {
        let allocations = ModeAgreement.allocations(Self.small, mode, batch: batch, steps: 3)
        #expect(allocations == 0, "\(mode): \(allocations) allocations in 3 steps")
    }

    @Test func eagerCNNStepsDoAllocate() {
        // Eager allocates every output and every im2col scratch buffer: the zero above means something.
        #expect(ModeAgreement.allocations(Self.small, .eager, batch: 2, steps: 1) >= 30)
    }

    // MARK: - The fusion pass

    static func ops(_ g: Graph) -> [Op] { g.nodes.compactMap(\.kind.op) }

    @Test func fusedTrainingGraphHasOneKernelPerBlockEachWay() {
        let params = Self.lenet.initialParameters(seed: 1)
        let data = SyntheticData.batch(shape: Self.lenet.inputShape(batch: 2, sequenceLength: 0), classes: 10, seed: 2)
        let s = Session(model: Self.lenet, mode: .fused, kind: .training(learningRate: 0.01), parameters: params)
        s.step(x: data.x, labels: data.labels)
        guard let g = s.graph(for: data.x.shape) else { Issue.record("no compiled graph"); return }
        let ops = Self.ops(g)
        #expect(ops.filter { $0.custom(as: FusedConvBlock.self) != nil }.count == 2)
        #expect(ops.filter { $0.custom(as: FusedConvBlockGrad.self) != nil }.count == 2)
        for op in ops {
            switch op {
            case .conv2d, .addChannelBias, .maxPool, .maxPoolGrad, .channelSum:
                Issue.record("\(op.name) survived fusion")
            case .activation, .activationGrad:
                Issue.record("\(op.name) survived fusion (the dense ones fuse too)")
            default: break
            }
        }
        // The gradient convolutions stay: dW for both blocks, dX only for the second (x is data).
        #expect(ops.filter { if case .conv2dWeightGrad = $0 { return true } else { return false } }.count == 2)
        #expect(ops.filter { if case .conv2dInputGrad = $0 { return true } else { return false } }.count == 1)
    }

    @Test func everyModePoolsWithStoredIndices() {
        // One algorithm per op in every mode: the unfused pool's backward scatters through the
        // indices the pool stored (as the fused block's does), never recomputing the argmax
        // from the pool's input (which it once read instead of the pool).
        let params = Self.lenet.initialParameters(seed: 1)
        let data = SyntheticData.batch(shape: Self.lenet.inputShape(batch: 2, sequenceLength: 0), classes: 10, seed: 2)
        let s = Session(model: Self.lenet, mode: .static, kind: .training(learningRate: 0.01), parameters: params)
        s.step(x: data.x, labels: data.labels)
        guard let g = s.graph(for: data.x.shape) else { Issue.record("no compiled graph"); return }
        let grads = g.nodes.filter { if case .maxPoolGrad? = $0.kind.op { return true } else { return false } }
        #expect(grads.count == 2)
        for n in grads {
            guard case .maxPool? = g.nodes[n.inputs[1]].kind.op else {
                Issue.record("maxPoolGrad reads \(g.nodes[n.inputs[1]].kind), not the pool's stored indices")
                continue
            }
        }
    }

    @Test func blockWhoseActivationIsAlsoAnOutputIsLeftAlone() {
        // The full-resolution activation is read outside the block: fusing would lose it.
        let t = Tracer()
        let x = t.argument("x", Shape(1, 1, 6, 6), isParameter: false)
        let w = t.argument("w", Shape(2, 1, 3, 3), isParameter: false)
        let b = t.argument("b", Shape(2), isParameter: false)
        let r = t.relu(t.addChannelBias(t.conv2d(x, w, padding: 1), b))
        let p = t.maxPool(r, window: 2)
        let g = t.graph(outputs: [p, r])
        #expect(Self.ops(fuseConvBlocks(g)) == Self.ops(g))

        let fusable = t.graph(outputs: [p])
        let fused = eliminateDeadCode(fuseConvBlocks(fusable))
        #expect(Self.ops(fused).contains(FusedConvBlock(padding: 1, activation: .relu, window: 2).op))
        #expect(fused.kernelNodeCount == 1)
    }
}
