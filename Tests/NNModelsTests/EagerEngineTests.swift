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

    @Test func sgdUpdatesParametersInPlace() {
        let e = EagerEngine()
        let w = Tensor(shape: Shape(3), values: [1, 2, 3])
        let g = Tensor(shape: Shape(3), values: [10, 0, -10])
        let out = e.sgdUpdate(e.bind(w, requiresGrad: true), e.bind(g, requiresGrad: false), learningRate: 0.1)
        #expect(e.tensor(out) === w)
        #expect(w.array == [0, 2, 4])
    }
}
