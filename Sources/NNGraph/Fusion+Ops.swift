import NNKernel
import NNModels

// MARK: - The fused ops `fuse` creates (dense layer, loss, SGD)

/// op(a)·op(b) + bias then `activation`, with the bias preloaded into C (beta = 1).
/// Inputs (a, b, bias).
public struct FusedDense: FusedOp {
    public let transposeA: Bool, transposeB: Bool
    public let activation: Activation

    public var name: String { "fused.dense" + transposeMarks(transposeA, transposeB) + "+bias+\(activation.rawValue)" }

    public func shape(_ inputs: [Value]) throws(ShapeError) -> Shape {
        try expectArity(op, inputs, 3)
        let mm = try Op.matmul(transposeA: transposeA, transposeB: transposeB).inferShape(Array(inputs[0..<2]))
        guard inputs[2].shape == Shape(mm[1]) else { throw ShapeError(op, inputs, "bias must be [\(mm[1])]") }
        return mm
    }

    public func run(_ a: KernelArgs) {
        let sa = a.shape(0), sb = a.shape(1)
        Kernels.denseBiasActivation(
            transposeA: transposeA, transposeB: transposeB, m: a.outputShape[0], n: a.outputShape[1],
            k: transposeA ? sa[0] : sa[1], a: a[0], lda: sa[1], b: a[1], ldb: sb[1], bias: a[2],
            activation: activation, c: a.output)
    }
}

/// Inputs (gradOutput, activation output); output packs [N·C gradient | C column sums]:
/// the activation backward and the bias gradient in one pass.
public struct FusedActivationGradColumnSum: FusedOp {
    public let activation: Activation

    public var name: String { "fused.\(activation.rawValue)Grad+columnSum" }

    public func shape(_ inputs: [Value]) throws(ShapeError) -> Shape {
        try expectArity(op, inputs, 2)
        try expectSameShape(op, inputs)
        let s = inputs[0].shape
        guard s.rank == 2 else { throw ShapeError(op, inputs, "needs 2-D inputs") }
        return Shape(s.count + s[1])
    }

    public func run(_ a: KernelArgs) {
        let s = a.shape(0)
        Kernels.activationBackwardColumnSum(activation, a[0], a[1], dz: a.output, columnSums: a.output + s.count,
                                            rows: s[0], cols: s[1])
    }
}

/// Inputs (logits, labels); output packs [1 loss | N·C gradient of the logits for seed 1].
public struct FusedSoftmaxCrossEntropy: FusedOp {
    public var name: String { "fused.softmaxCrossEntropy+grad" }

    public func shape(_ inputs: [Value]) throws(ShapeError) -> Shape {
        try expectArity(op, inputs, 2)
        _ = try Op.softmaxCrossEntropy.inferShape(inputs)
        return Shape(inputs[0].shape.count + 1)
    }

    public func run(_ a: KernelArgs) {
        let s = a.shape(0)
        Kernels.softmaxCrossEntropyWithGrad(a[0], a[1], loss: a.output + s.count, grad: a.output,
                                            rows: s[0], cols: s[1])
    }
}

/// Inputs (p0, g0, p1, g1, …): every parameter's SGD update in one pass; output: p0.
public struct FusedSGD: FusedOp {
    public let learningRate: Float

    public var name: String { "fused.sgd(lr: \(learningRate))" }
    public var storage: OutputStorage { .inPlace }
    public var inPlaceInputs: StrideTo<Int> { stride(from: 0, to: Int.max, by: 2) }

    public func shape(_ inputs: [Value]) throws(ShapeError) -> Shape {
        guard inputs.count >= 2, inputs.count % 2 == 0 else {
            throw ShapeError(op, inputs, "expects (parameter, gradient) pairs")
        }
        for j in stride(from: 0, to: inputs.count, by: 2) where inputs[j].shape != inputs[j + 1].shape {
            throw ShapeError(op, inputs, "pair \(j / 2): shapes differ")
        }
        return inputs[0].shape
    }

    public func run(_ a: KernelArgs) {
        Kernels.sgdMany(pointers: a.inputs, shapes: a.inputShapes, pairs: a.inputCount / 2, learningRate: learningRate)
    }
}

/// Inputs (parameter, a, b): parameter −= learningRate · op(a)·op(b), in place, as one GEMM
/// with alpha = −learningRate and beta = 1, so the weight gradient is never materialized.
public struct FusedMatmulSGD: FusedOp {
    public let transposeA: Bool, transposeB: Bool
    public let learningRate: Float

    public var name: String { "fused.matmul" + transposeMarks(transposeA, transposeB) + "+sgd(lr: \(learningRate))" }
    public var storage: OutputStorage { .inPlace }
    public var inPlaceInputs: StrideTo<Int> { stride(from: 0, to: 1, by: 1) }

    public func shape(_ inputs: [Value]) throws(ShapeError) -> Shape {
        try expectArity(op, inputs, 3)
        let mm = try Op.matmul(transposeA: transposeA, transposeB: transposeB).inferShape(Array(inputs[1..<3]))
        guard inputs[0].shape == mm else { throw ShapeError(op, inputs, "parameter must be \(mm)") }
        return mm
    }

    public func run(_ a: KernelArgs) {
        let sa = a.shape(1), sb = a.shape(2)
        BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: a.outputShape[0], n: a.outputShape[1],
                  k: transposeA ? sa[0] : sa[1], alpha: -learningRate, a: a[1], lda: sa[1], b: a[2], ldb: sb[1],
                  beta: 1, c: a.output, ldc: a.outputShape[1])
    }
}
