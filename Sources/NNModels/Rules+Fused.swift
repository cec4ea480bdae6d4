import NNKernel

// MARK: - Fused ops: created by the fusion pass, run by the fused executor, never differentiated

enum FusedRule: OpRule {
    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        switch op {
        case .fusedDense(let ta, let tb, _):
            try expectArity(op, inputs, 3)
            let mm = try MatmulRule.shape(.matmul(transposeA: ta, transposeB: tb), Array(inputs[0..<2]))
            guard inputs[2].shape == Shape(mm[1]) else { throw ShapeError(op, inputs, "bias must be [\(mm[1])]") }
            return mm
        case .fusedActivationGradColumnSum:
            try expectArity(op, inputs, 2)
            try expectSameShape(op, inputs)
            let s = inputs[0].shape
            guard s.rank == 2 else { throw ShapeError(op, inputs, "needs 2-D inputs") }
            return Shape(s.count + s[1])
        case .fusedSoftmaxCrossEntropy:
            try expectArity(op, inputs, 2)
            _ = try SoftmaxCrossEntropyRule.shape(.softmaxCrossEntropy, inputs)
            return Shape(inputs[0].shape.count + 1)
        case .fusedSGD:
            guard inputs.count >= 2, inputs.count % 2 == 0 else {
                throw ShapeError(op, inputs, "expects (parameter, gradient) pairs")
            }
            for j in stride(from: 0, to: inputs.count, by: 2) where inputs[j].shape != inputs[j + 1].shape {
                throw ShapeError(op, inputs, "pair \(j / 2): shapes differ")
            }
            return inputs[0].shape
        case .fusedMatmulSGD(let ta, let tb, _):
            try expectArity(op, inputs, 3)
            let mm = try MatmulRule.shape(.matmul(transposeA: ta, transposeB: tb), Array(inputs[1..<3]))
            guard inputs[0].shape == mm else { throw ShapeError(op, inputs, "parameter must be \(mm)") }
            return mm
        default:
            preconditionFailure("FusedRule: \(op.name)")
        }
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        switch op {
        case .fusedDense(let ta, let tb, let act):
            let sa = a.shape(0), sb = a.shape(1)
            Kernels.denseBiasActivation(
                transposeA: ta, transposeB: tb, m: a.outputShape[0], n: a.outputShape[1],
                k: ta ? sa[0] : sa[1], a: a[0], lda: sa[1], b: a[1], ldb: sb[1], bias: a[2],
                activation: act, c: a.output)
        case .fusedActivationGradColumnSum(let act):
            let s = a.shape(0)
            Kernels.activationBackwardColumnSum(act, a[0], a[1], dz: a.output, columnSums: a.output + s.count,
                                                rows: s[0], cols: s[1])
        case .fusedSoftmaxCrossEntropy:
            let s = a.shape(0)
            Kernels.softmaxCrossEntropyWithGrad(a[0], a[1], loss: a.output + s.count, grad: a.output,
                                                rows: s[0], cols: s[1])
        case .fusedSGD(let lr):
            Kernels.sgdMany(pointers: a.inputs, shapes: a.inputShapes, pairs: a.inputCount / 2, learningRate: lr)
        case .fusedMatmulSGD(let ta, let tb, let lr):
            let sa = a.shape(1), sb = a.shape(2)
            BLAS.gemm(transposeA: ta, transposeB: tb, m: a.outputShape[0], n: a.outputShape[1],
                      k: ta ? sa[0] : sa[1], alpha: -lr, a: a[1], lda: sa[1], b: a[2], ldb: sb[1],
                      beta: 1, c: a.output, ldc: a.outputShape[1])
        default:
            preconditionFailure("FusedRule: \(op.name)")
        }
    }

    static func flops(_ op: Op, _ inputs: [Value], _ output: Shape) -> Int {
        switch op {
        case .fusedDense(let ta, let tb, let act):
            let mm = MatmulRule.flops(.matmul(transposeA: ta, transposeB: tb), Array(inputs[0..<2]), output)
            return mm + output.count * (1 + act.flopsPerElement)
        case .fusedActivationGradColumnSum: return 4 * inputs[0].shape.count
        case .fusedSoftmaxCrossEntropy: return 5 * inputs[0].shape.count
        case .fusedSGD: return stride(from: 0, to: inputs.count, by: 2).reduce(0) { $0 + 2 * inputs[$1].shape.count }
        case .fusedMatmulSGD(let ta, let tb, _):
            return MatmulRule.flops(.matmul(transposeA: ta, transposeB: tb), Array(inputs[1..<3]), output) + 2 * output.count
        default: return 0
        }
    }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] { notDifferentiable(op) }
}
