import Testing
import NNKernel
import NNModels
import NNGraph
import TestSupport
import NNVocabulary

// MARK: - Running one model in every mode from the same start

/// What the mode-equivalence tests of every model share: run a model in a mode from seeded
/// parameters and a seeded batch, and check that the modes agree.
///
/// Tolerance 1e-5 relative, 1e-6 absolute (see each suite for why its fused pipeline stays
/// inside it).
enum ModeAgreement {
    /// The losses (the first logit for inference) of `steps` steps of `model` in `mode`, and the
    /// parameters after them. Parameters come from `parameterSeed`; every step uses one input
    /// batch drawn from `dataSeed`. Passes are verified after each one.
    static func run(_ model: any Model, _ mode: Mode, kind: StepKind, batch: Int, steps: Int,
                    parameterSeed: UInt64, dataSeed: UInt64) -> (losses: [Float], params: [[Float]]) {
        let params = model.initialParameters(seed: parameterSeed)
        let data = SyntheticData.batch(shape: model.inputShape(batch: batch, sequenceLength: 0),
                                       classes: model.classes, seed: dataSeed)
        let s = Session(model: model, mode: mode, kind: kind, parameters: params, verifyPasses: true)
        let losses = (0..<steps).map { _ in s.step(x: data.x, labels: data.labels) }
        return (losses, params.map(\.array))
    }

    /// Expects `a` to equal `b` within the tolerance, naming `what` and the first element that is not.
    static func expectClose(_ a: [Float], _ b: [Float], _ what: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        let c = closeness(a, b, rtol: 1e-5, atol: 1e-6)
        #expect(c.isClose, "\(what): \(c)", sourceLocation: sourceLocation)
    }

    /// Runs `model` eagerly and in each of `modes` for `steps` steps and expects the losses (the
    /// first logits for inference) and the parameters after the steps to agree with eager's.
    /// - Returns: eager's losses.
    @discardableResult
    static func expectAgreeWithEager(_ model: any Model, modes: [Mode], kind: StepKind, batch: Int,
                                     steps: Int, parameterSeed: UInt64, dataSeed: UInt64,
                                     sourceLocation: SourceLocation = #_sourceLocation) -> [Float] {
        let eager = run(model, .eager, kind: kind, batch: batch, steps: steps,
                        parameterSeed: parameterSeed, dataSeed: dataSeed)
        let output = kind == .inference ? "first logit" : "loss"
        for mode in modes {
            let other = run(model, mode, kind: kind, batch: batch, steps: steps,
                            parameterSeed: parameterSeed, dataSeed: dataSeed)
            expectClose(other.losses, eager.losses, "\(mode) \(output)", sourceLocation: sourceLocation)
            #expect(other.params.count == eager.params.count, sourceLocation: sourceLocation)
            for (i, (p, q)) in zip(other.params, eager.params).enumerated() {
                expectClose(p, q, "\(mode) parameter \(i)", sourceLocation: sourceLocation)
            }
        }
        return eager.losses
    }

    /// Heap allocations in `steps` training steps of `model` in `mode` after a first step (which
    /// compiles); parameters from seed 1, the batch from seed 2. Expects the counter to be active.
    static func allocations(_ model: any Model, _ mode: Mode, batch: Int, steps: Int,
                            sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        let params = model.initialParameters(seed: 1)
        let data = SyntheticData.batch(shape: model.inputShape(batch: batch, sequenceLength: 0),
                                       classes: model.classes, seed: 2)
        let s = Session(model: model, mode: mode, kind: .training(learningRate: 0.01), parameters: params)
        s.step(x: data.x, labels: data.labels)   // first step compiles
        #expect(AllocationCounter.isActive, sourceLocation: sourceLocation)
        let (_, stats) = AllocationCounter.measure {
            for _ in 0..<steps { s.step(x: data.x, labels: data.labels) }
        }
        return stats.allocations
    }
}
