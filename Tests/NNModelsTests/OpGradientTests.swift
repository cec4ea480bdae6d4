import Testing
import NNKernel
@testable import NNModels
import TestSupport
import NNVocabulary

/// Every differentiable op's gradient, run through the eager engine, against central finite
/// differences of the same op. The scalar under test is ⟨op(inputs), R⟩ for a fixed random R,
/// so every output element's gradient is exercised with a different weight.
///
/// Tolerance: the forward is Float32, so the finite difference of a Float32 function with
/// ε = 1e-2 carries ~1e-4 relative rounding noise plus O(ε²) truncation; 2e-2 relative to the
/// gradient's scale (atol 2e-3) separates right from wrong by orders of magnitude.
struct OpGradientTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let op: Op
        let shapes: [Shape]
        /// Inputs that are data (labels): fixed values, no gradient checked.
        var fixed: [Int: [Float]] = [:]
        var testDescription: String { "\(op.name) \(shapes)" }
    }

    static let cases: [Case] = [
        Case(op: .matmul(transposeA: false, transposeB: false), shapes: [Shape(3, 4), Shape(4, 5)]),
        Case(op: .matmul(transposeA: true, transposeB: false), shapes: [Shape(4, 3), Shape(4, 5)]),
        Case(op: .matmul(transposeA: false, transposeB: true), shapes: [Shape(3, 4), Shape(5, 4)]),
        Case(op: .matmul(transposeA: true, transposeB: true), shapes: [Shape(4, 3), Shape(5, 4)]),
        Case(op: .matmul(transposeA: false, transposeB: false), shapes: [Shape(1, 6), Shape(6, 2)]),
        Case(op: .addBias, shapes: [Shape(3, 4), Shape(4)]),
        Case(op: .columnSum, shapes: [Shape(3, 4)]),
        Case(op: .add, shapes: [Shape(2, 3), Shape(2, 3)]),
        Case(op: .sub, shapes: [Shape(2, 3), Shape(2, 3)]),
        Case(op: .mul, shapes: [Shape(2, 3), Shape(2, 3)]),
        Case(op: .scale(-0.7), shapes: [Shape(5)]),
        Case(op: .activation(.relu), shapes: [Shape(3, 5)]),
        Case(op: .activation(.tanh), shapes: [Shape(3, 5)]),
        Case(op: .activation(.sigmoid), shapes: [Shape(3, 5)]),
        Case(op: .softmaxCrossEntropy, shapes: [Shape(4, 5), Shape(4)], fixed: [1: [0, 4, 2, 2]]),
        Case(op: .softmaxCrossEntropy, shapes: [Shape(1, 3), Shape(1)], fixed: [1: [1]]),
        Case(op: .view(offset: 0, shape: Shape(6, 2)), shapes: [Shape(3, 4)]),
        Case(op: .conv2d(padding: 1), shapes: [Shape(2, 2, 5, 4), Shape(3, 2, 3, 3)]),
        Case(op: .conv2d(padding: 0), shapes: [Shape(1, 3, 4, 5), Shape(2, 3, 2, 2)]),
        Case(op: .conv2d(padding: 2), shapes: [Shape(1, 1, 3, 3), Shape(2, 1, 5, 5)]),
        Case(op: .addChannelBias, shapes: [Shape(2, 3, 2, 2), Shape(3)]),
        Case(op: .channelSum, shapes: [Shape(2, 3, 2, 3)]),
        // Recurrent ops (Rules+Recurrent.swift)
        Case(op: .view(offset: 2, shape: Shape(3, 2)), shapes: [Shape(3, 4)]),
        Case(op: .timeStep(1), shapes: [Shape(2, 3, 4)]),
        Case(op: .timeStepGrad(step: 2, steps: 3), shapes: [Shape(2, 4)]),
        Case(op: .stackTime, shapes: [Shape(2, 3), Shape(2, 3), Shape(2, 3)]),
        Case(op: .embed(offset: 3, shape: Shape(10)), shapes: [Shape(2, 3)]),
        Case(op: .lstmCell, shapes: [Shape(2, 12), Shape(2, 2, 3)]),
        Case(op: .paddingMask, shapes: [Shape(3, 4)]),
        Case(op: .maskedUpdate, shapes: [Shape(3, 2), Shape(3, 2), Shape(3)], fixed: [2: [1, 0, 1]]),
        Case(op: .maskedUpdate, shapes: [Shape(2, 2, 3), Shape(2, 2, 3), Shape(2)], fixed: [2: [0, 1]]),
        // An op defined outside the Op enum, as one value with its rule (CustomOp.swift).
        Case(op: Square().op, shapes: [Shape(3, 4)]),
    ]

    @Test(arguments: cases)
    func gradientMatchesFiniteDifferences(_ c: Case) {
        var rng = SplitMix64(seed: 7)
        var values = c.shapes.enumerated().map { i, s in
            c.fixed[i] ?? (0..<s.count).map { _ in rng.uniform(-1, 1) }
        }
        // Keep ReLU inputs away from the kink, where the derivative is undefined.
        if c.op == .activation(.relu) {
            values[0] = values[0].map { $0 >= 0 ? $0 + 0.1 : $0 - 0.1 }
        }
        let outShape = c.op.outputShape(c.shapes.enumerated().map { Value(id: $0, shape: $1) })
        let projection = (0..<outShape.count).map { _ in rng.uniform(-1, 1) }

        func objective(_ vs: [[Float]]) -> (loss: Float, grads: [[Float]]) {
            let e = EagerEngine()
            let inputs = zip(c.shapes, vs).enumerated().map { i, sv in
                e.bind(Tensor(shape: sv.0, values: sv.1), requiresGrad: c.fixed[i] == nil)
            }
            let y = e.apply(c.op, inputs)
            let r = e.bind(Tensor(shape: Shape(outShape.count, 1), values: projection), requiresGrad: false)
            let loss = e.reshape(e.matmul(e.reshape(y, Shape(1, outShape.count)), r), Shape())
            let lossValue = e.tensor(loss).data[0]
            let wrt = inputs.enumerated().filter { c.fixed[$0.offset] == nil }.map(\.element)
            let grads = e.gradients(of: loss, withRespectTo: wrt).map { e.tensor($0).array }
            return (lossValue, grads)
        }

        let wrt = values.indices.filter { c.fixed[$0] == nil }
        let report = FiniteDifference.check({ objective($0).loss }, at: values, wrt: wrt,
                                            analytic: objective(values).grads, epsilon: 1e-2, tolerance: 2e-2)
        #expect(report.passed, "\(report)")
    }

    @Test func gradientsAccumulateWhenAValueIsUsedTwice() {
        // loss = ⟨x ⊙ x, 1⟩ ⇒ d/dx = 2x: both uses of x contribute.
        let e = EagerEngine()
        let xs: [Float] = [0.5, -1.5, 2]
        let x = e.bind(Tensor(shape: Shape(1, 3), values: xs), requiresGrad: true)
        let sq = e.mul(x, x)
        let ones = e.bind(Tensor(shape: Shape(3, 1), repeating: 1), requiresGrad: false)
        let loss = e.reshape(e.matmul(sq, ones), Shape())
        let g = e.tensor(e.gradients(of: loss, withRespectTo: [x])[0]).array
        #expect(g == xs.map { 2 * $0 })
    }

    @Test func dataInputsGetNoGradientWork() {
        // The input batch does not require a gradient: the first layer's matmul rule must not
        // compute dX (one GEMM fewer), just as a framework skips it.
        let model = MLP(sizes: [4, 3, 2], activation: .relu)
        let e = EagerEngine()
        let params = model.initialParameters(seed: 1).map { e.bind($0, requiresGrad: true) }
        let batch = SyntheticData.batch(shape: Shape(5, 4), classes: 2, seed: 3)
        let x = e.bind(batch.x, requiresGrad: false)
        let y = e.bind(batch.labels, requiresGrad: false)
        KernelCounters.reset()
        let loss = e.softmaxCrossEntropy(model.logits(e, x, params), y)
        let forwardGemms = KernelCounters.gemmCalls
        _ = e.gradients(of: loss, withRespectTo: params)
        // Backward: layer 2 needs dW2 and dH1 (2 GEMMs), layer 1 only dW1 (1 GEMM).
        #expect(forwardGemms == 2)
        #expect(KernelCounters.gemmCalls - forwardGemms == 3)
    }
}

/// x ⊙ x written as a `CustomOp` outside NNModels: what a new elementwise op with its gradient
/// looks like (its kernel here is the existing `Kernels.mul`).
struct Square: CustomOp {
    var name: String { "square" }
    var canReuseInput0: Bool { true }

    func shape(_ inputs: [Value]) throws(ShapeError) -> Shape {
        try elementwiseShape(op, inputs, arity: 1)
    }

    func run(_ a: KernelArgs) { Kernels.mul(a[0], a[0], a.output, count: a.outputShape.count) }

    func gradient(_ g: Builder, _ inputs: [Value], _ output: Value, _ gy: Value, _ needs: [Bool]) -> [Value?] {
        [needs[0] ? g.scale(g.mul(gy, inputs[0]), 2) : nil]
    }
}
