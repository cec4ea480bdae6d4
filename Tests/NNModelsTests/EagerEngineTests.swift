import Testing
import NNKernel
@testable import NNModels

struct EagerEngineTests {
    @Test func mlpLearnsASyntheticBatch() {
        // The loss on a fixed, learnable batch must fall by at least half in 200 SGD steps.
        let model = MLP(sizes: [20, 32, 16, 4], activation: .relu)
        let params = model.initialParameters(seed: 42)
        let batch = SyntheticData.batch(shape: Shape(32, 20), classes: 4, seed: 9)
        let e = EagerEngine()
        var losses: [Float] = []
        for _ in 0..<200 {
            e.reset()
            let p = params.map { e.bind($0, requiresGrad: true) }
            let loss = Steps.training(e, model: model, x: e.bind(batch.x, requiresGrad: false),
                                      labels: e.bind(batch.labels, requiresGrad: false),
                                      parameters: p, learningRate: 0.1)
            losses.append(e.tensor(loss).data[0])
        }
        #expect(losses[0].isFinite)
        #expect(losses[199] <= losses[0] / 2, "loss \(losses[0]) → \(losses[199])")
    }

    @Test func backwardFreesActivationsAsItGoes() {
        // After the backward, only parameters, data, the loss and the gradients may be alive.
        let model = MLP(sizes: [8, 16, 4], activation: .tanh)
        let params = model.initialParameters(seed: 1)
        let batch = SyntheticData.batch(shape: Shape(4, 8), classes: 4, seed: 2)
        let e = EagerEngine()
        let p = params.map { e.bind($0, requiresGrad: true) }
        let before = MemoryStats.liveBytes
        let loss = e.softmaxCrossEntropy(model.logits(e, e.bind(batch.x, requiresGrad: false), p),
                                         e.bind(batch.labels, requiresGrad: false))
        let grads = e.gradients(of: loss, withRespectTo: p)
        let gradBytes = grads.reduce(0) { $0 + $1.shape.count * 4 }
        // loss scalar (4 bytes, rounded to one element) + gradients; every activation freed.
        #expect(MemoryStats.liveBytes - before == gradBytes + 4)
    }

    @Test func inferenceKeepsOnlyWhatModelCodeHolds() {
        // Like PyTorch: once the forward returns, only the logits are alive; every intermediate
        // was freed when the next op had consumed it (the engine once kept them all to the reset).
        let model = MLP(sizes: [8, 16, 12, 4], activation: .relu)
        let params = model.initialParameters(seed: 1)
        let batch = SyntheticData.batch(shape: Shape(5, 8), classes: 4, seed: 2)
        let e = EagerEngine()
        let p = params.map { e.bind($0, requiresGrad: false) }
        let x = e.bind(batch.x, requiresGrad: false)
        let before = MemoryStats.liveBytes
        MemoryStats.resetPeak()
        let logits = model.logits(e, x, p)
        #expect(MemoryStats.liveBytes - before == 5 * 4 * 4)
        // The high-water mark: layer 1's matmul and bias outputs (5×16 each) while the ReLU
        // runs (it reads one and writes another: 3 × 5×16 at most, whatever the build keeps).
        #expect(MemoryStats.peakBytes - before <= 3 * 5 * 16 * 4, "\(MemoryStats.peakBytes - before)")
        withExtendedLifetime(logits) {}
    }

    @Test func trainingForwardKeepsOnlyTheSavedInputs() {
        // After the forward and the loss, only what a backward rule reads is alive: the ReLU's
        // output (its own gradient and layer 2's dW read it), the logits (the loss gradient
        // recomputes the softmax) and the loss. The matmul and bias outputs are gone.
        let model = MLP(sizes: [8, 16, 4], activation: .relu)
        let params = model.initialParameters(seed: 1)
        let batch = SyntheticData.batch(shape: Shape(4, 8), classes: 4, seed: 2)
        let e = EagerEngine()
        let p = params.map { e.bind($0, requiresGrad: true) }
        let x = e.bind(batch.x, requiresGrad: false), labels = e.bind(batch.labels, requiresGrad: false)
        let before = MemoryStats.liveBytes
        let loss = e.softmaxCrossEntropy(model.logits(e, x, p), labels)
        #expect(MemoryStats.liveBytes - before == (4 * 16 + 4 * 4 + 1) * 4)
        withExtendedLifetime(loss) {}
    }

    @Test func sgdUpdatesParametersInPlace() {
        let e = EagerEngine()
        let w = Tensor(shape: Shape(3), values: [1, 2, 3])
        let g = Tensor(shape: Shape(3), values: [10, 0, -10])
        let out = e.sgdUpdate(e.bind(w, requiresGrad: true), e.bind(g, requiresGrad: false), learningRate: 0.1)
        #expect(e.tensor(out) === w)
        #expect(w.array == [0, 2, 4])
    }
}
