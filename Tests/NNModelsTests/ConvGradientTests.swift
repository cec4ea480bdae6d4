import Testing
import NNKernel
@testable import NNModels
import NNVocabulary

/// Gradients of max-pool and of a whole CNN against central finite differences, through the
/// eager engine. (conv2d, addChannelBias and channelSum are cases of OpGradientTests.)
///
/// Max-pool is piecewise linear: a finite difference is exact only when no perturbation changes
/// a window's argmax, so the inputs here are distinct values at least 0.05 apart and ε = 1e-2.
/// Tolerance as in OpGradientTests: 2e-2 relative to max(1, |numeric|).
struct ConvGradientTests {
    /// Central differences of `f` at `values` for every element, against `analytic`.
    static func expectMatchesFiniteDifferences(_ values: [Float], analytic: [Float], eps: Float = 1e-2,
                                               _ f: ([Float]) -> Float) {
        #expect(analytic.count == values.count)
        for j in values.indices {
            var plus = values, minus = values
            plus[j] += eps
            minus[j] -= eps
            let numeric = (f(plus) - f(minus)) / (2 * eps)
            #expect(abs(analytic[j] - numeric) <= 2e-2 * max(1, abs(numeric)),
                    "element \(j): analytic \(analytic[j]) vs numeric \(numeric)")
        }
    }

    @Test(arguments: [(Shape(2, 2, 4, 4), 2), (Shape(1, 3, 5, 7), 2), (Shape(1, 1, 6, 6), 3)])
    func maxPoolGradientMatchesFiniteDifferences(shape: Shape, window: Int) {
        // A shuffled ramp: distinct values 0.05 apart, so ε = 1e-2 never flips an argmax.
        var rng = SplitMix64(seed: 3)
        var xs = (0..<shape.count).map { Float($0) * 0.05 - 1 }
        for i in xs.indices.reversed() { xs.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        let pooled = Shape(shape[0], shape[1], shape[2] / window, shape[3] / window)
        let r = (0..<pooled.count).map { _ in rng.uniform(-1, 1) }

        func objective(_ v: [Float]) -> (loss: Float, grad: [Float]) {
            let e = EagerEngine()
            let x = e.bind(Tensor(shape: shape, values: v), requiresGrad: true)
            let y = e.reshape(e.maxPool(x, window: window), Shape(1, pooled.count))
            let proj = e.bind(Tensor(shape: Shape(pooled.count, 1), values: r), requiresGrad: false)
            let loss = e.reshape(e.matmul(y, proj), Shape())
            return (e.tensor(loss).data[0], e.tensor(e.gradients(of: loss, withRespectTo: [x])[0]).array)
        }
        let analytic = objective(xs).grad
        // Exactly one element per window receives a gradient; the rest of the input gets zero.
        #expect(analytic.filter { $0 != 0 }.count <= pooled.count)
        Self.expectMatchesFiniteDifferences(xs, analytic: analytic) { objective($0).loss }
    }

    @Test func wholeCNNGradientMatchesFiniteDifferences() {
        // conv (pad 1) + ReLU + pool, conv + ReLU + pool (with a floor), then dense layers.
        let model = CNN(input: [2, 6, 6], convs: [(3, 3, 1, 2), (4, 2, 0, 2)], dense: [5], classes: 3,
                        activation: .tanh)
        let params = model.initialParameters(seed: 5)
        let batch = SyntheticData.batch(shape: model.inputShape(batch: 2, sequenceLength: 0), classes: 3, seed: 6)

        func loss(_ p: [Tensor]) -> (Float, [[Float]]) {
            let e = EagerEngine()
            let pv = p.map { e.bind($0, requiresGrad: true) }
            let l = e.softmaxCrossEntropy(model.logits(e, e.bind(batch.x, requiresGrad: false), pv),
                                          e.bind(batch.labels, requiresGrad: false))
            return (e.tensor(l).data[0], e.gradients(of: l, withRespectTo: pv).map { e.tensor($0).array })
        }
        let analytic = loss(params).1
        // Both convolutions' weights and biases (tanh keeps the function smooth away from pool ties).
        for k in 0..<4 {
            let values = params[k].array
            Self.expectMatchesFiniteDifferences(values, analytic: analytic[k], eps: 5e-3) { v in
                var p = params.map { $0.copy() }
                p[k] = Tensor(shape: params[k].shape, values: v)
                return loss(p).0
            }
        }
    }
}
