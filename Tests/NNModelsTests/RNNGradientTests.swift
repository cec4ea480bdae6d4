import Testing
import NNKernel
@testable import NNModels
import NNVocabulary

/// Backpropagation through time, end to end: the eager engine's parameter gradients of a small
/// Elman and LSTM network's loss against central finite differences of the loss.
///
/// Tolerance as in OpGradientTests (Float32 forward, ε = 1e-2): 2e-2 relative to max(1, |g|).
struct RNNGradientTests {
    static func loss(_ m: RNN, _ params: [[Float]], _ x: Tensor, _ labels: Tensor,
                     grads: Bool) -> (loss: Float, grads: [[Float]]) {
        let e = EagerEngine()
        let p = zip(m.parameters, params).map { e.bind(Tensor(shape: $0.shape, values: $1), requiresGrad: true) }
        let l = e.softmaxCrossEntropy(m.logits(e, e.bind(x, requiresGrad: false), p), e.bind(labels, requiresGrad: false))
        let value = e.tensor(l).data[0]
        guard grads else { return (value, []) }
        return (value, e.gradients(of: l, withRespectTo: p).map { e.tensor($0).array })
    }

    @Test(arguments: [RNN.Cell.elman, .lstm], [false, true])
    func bpttMatchesFiniteDifferences(cell: RNN.Cell, masked: Bool) {
        let m = RNN(cell: cell, inputs: 3, hidden: 2, classes: 2, masked: masked)
        let d = SyntheticData.batch(shape: m.inputShape(batch: 2, sequenceLength: 4), classes: 2, seed: 5)
        if masked {   // sample 1 is two steps long, padded with zero steps
            for t in 2..<4 { for f in 0..<3 { d.x.data[(4 + t) * 3 + f] = 0 } }
        }
        var rng = SplitMix64(seed: 8)
        // Non-zero biases so every gate's path is exercised.
        let params = m.initialParameters(seed: 2).map { t in t.array.map { $0 + rng.uniform(-0.3, 0.3) } }
        let analytic = Self.loss(m, params, d.x, d.labels, grads: true).grads
        let eps: Float = 1e-2
        for i in params.indices {
            for j in params[i].indices {
                var plus = params, minus = params
                plus[i][j] += eps
                minus[i][j] -= eps
                let numeric = (Self.loss(m, plus, d.x, d.labels, grads: false).loss
                    - Self.loss(m, minus, d.x, d.labels, grads: false).loss) / (2 * eps)
                #expect(abs(analytic[i][j] - numeric) <= 2e-2 * max(1, abs(numeric)),
                        "\(m.parameters[i].name)[\(j)]: analytic \(analytic[i][j]) vs numeric \(numeric)")
            }
        }
    }

    @Test func maskedModelIgnoresPaddedSteps() {
        // The padded sample's loss term must not depend on what a padded step would have done:
        // the masked model's loss on [x, 0, 0] equals the unmasked model's on [x] alone.
        let m = RNN(cell: .lstm, inputs: 3, hidden: 2, classes: 2)
        let d = SyntheticData.batch(shape: m.inputShape(batch: 1, sequenceLength: 2), classes: 2, seed: 5)
        let padded = Tensor(shape: Shape(1, 4, 3), repeating: 0)
        padded.data.update(from: d.x.data, count: 6)
        let params = m.initialParameters(seed: 2).map(\.array)
        let plain = Self.loss(m, params, d.x, d.labels, grads: false).loss
        let masked = Self.loss(m.masking(true), params, padded, d.labels, grads: false).loss
        let unmaskedPadded = Self.loss(m, params, padded, d.labels, grads: false).loss
        #expect(masked == plain)
        #expect(unmaskedPadded != plain)   // without the mask, zero steps do change the state
    }
}
