import Testing
import NNKernel
import NNModels
import NNGraph
import NNVocabulary

/// `kernels_per_step` is a launch count with one definition in every mode: one per kernel call
/// an engine makes (an eager op, an executor instruction), GEMM-only ops included, nothing a
/// kernel calls inside counted again.
struct LaunchCountTests {
    /// Launches and GEMM calls of one training step (after a first step that compiles).
    static func counts(_ model: any Model, _ mode: Mode, batch: Int) -> (launches: Int, gemms: Int) {
        let params = model.initialParameters(seed: 1)
        let data = SyntheticData.batch(shape: model.inputShape(batch: batch, sequenceLength: 0),
                                       classes: model.classes, seed: 2)
        let s = Session(model: model, mode: mode, kind: .training(learningRate: 0.01), parameters: params)
        s.step(x: data.x, labels: data.labels)
        KernelCounters.reset()
        s.step(x: data.x, labels: data.labels)
        return (KernelCounters.kernelLaunches, KernelCounters.gemmCalls)
    }

    @Test func mlpTrainingStepAtBatch32InEveryMode() {
        // The mlp workload: 784 → 512 ReLU → 256 ReLU → 10, SGD.
        let mlp = MLP(sizes: [784, 512, 256, 10], activation: .relu)

        // Eager runs every op of the step as written:
        //   forward  8 = 3 × (matmul, addBias) + 2 relu         (3 GEMMs)
        //   loss     1 = softmaxCrossEntropy
        //   backward 12 = fill (the loss's seed gradient 1) + softmaxCrossEntropyGrad
        //              + layer 3: columnSum, dW matmul, dx matmul  + reluGrad
        //              + layer 2: columnSum, dW matmul, dx matmul  + reluGrad
        //              + layer 1: columnSum, dW matmul (x is data: no dx)   (5 GEMMs)
        //   update   6 = one sgd per parameter
        // = 27 launches, 8 of them GEMMs (a GEMM-only op is a launch like any other; the old
        // count left them out and reported 19).
        #expect(Self.counts(mlp, .eager, batch: 32) == (27, 8))
        // Static replays the same 27 ops (no pass removes one here: CSE finds no duplicate,
        // folding nothing but the constant seed, which stays a fill kernel).
        #expect(Self.counts(mlp, .static, batch: 32) == (27, 8))
        // Fused, one launch per fused kernel whatever it calls inside (the old count added the
        // inner activation of each fused dense and left out GEMM-only ops: 10):
        //   3 fused dense+bias+activation (a GEMM each), 1 softmaxCrossEntropy+grad,
        //   layer 3's columnSum and dx matmul, 2 × (reluGrad+columnSum, then a dx matmul for
        //   layer 2 only: 1), 3 fused dW matmul+sgd, 1 sgd of the three biases
        //   = 3 + 1 + 2 + 2 + 1 + 3 + 1 = 13 launches, 8 GEMMs.
        #expect(Self.counts(mlp, .fused, batch: 32) == (13, 8))
    }

    @Test func aLaunchIsAnInstructionInTheGraphModes() {
        // The graph modes run one launch per kernel instruction (views run none).
        let mlp = MLP(sizes: [20, 16, 4], activation: .tanh)
        for mode in [Mode.static, .fused] {
            let params = mlp.initialParameters(seed: 1)
            let data = SyntheticData.batch(shape: Shape(3, 20), classes: 4, seed: 2)
            let s = Session(model: mlp, mode: mode, kind: .training(learningRate: 0.1), parameters: params)
            s.step(x: data.x, labels: data.labels)
            KernelCounters.reset()
            s.step(x: data.x, labels: data.labels)
            #expect(KernelCounters.kernelLaunches == s.opsPerStep, "\(mode)")
        }
    }
}
