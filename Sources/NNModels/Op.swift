import NNKernel

// MARK: - The op set

/// Every operation a model (or a gradient rule, or the fusion pass) can ask for.
///
/// An op is a value: equal ops with equal inputs compute equal results unless `hasSideEffects`.
/// Each op's shape rule, kernel call, flop count and gradient live side by side in one `OpRule`
/// (files `Rules+*.swift`); `Op.rule` is the table that maps an op to its rule.
public enum Op: Hashable, Sendable {
    // Sources
    /// A tensor of `shape` filled with `value`. No inputs.
    case fill(value: Float, shape: Shape)

    // Linear algebra
    /// op(a) · op(b) for 2-D a and b, through `BLAS.gemm` with its transpose flags.
    case matmul(transposeA: Bool, transposeB: Bool)
    /// x + bias, bias broadcast over the rows of the 2-D view of x.
    case addBias
    /// The column sums of the 2-D view of x: the bias gradient.
    case columnSum

    // Elementwise
    case add, sub, mul
    case scale(Float)
    case activation(Activation)
    /// Inputs (gradOutput, output of the activation).
    case activationGrad(Activation)

    // Loss
    /// Inputs (logits [N, C], labels [N]); output: the mean loss, shape [].
    case softmaxCrossEntropy
    /// Inputs (logits, labels, gradLoss []); output: gradient of the logits.
    case softmaxCrossEntropyGrad

    // Optimizer
    /// Inputs (parameter, gradient): updates the parameter in place and returns it.
    case sgdUpdate(learningRate: Float)

    // Views
    /// A view of the input's storage at element `offset` with `shape`; no copy.
    case view(offset: Int, shape: Shape)

    // Convolution and pooling (NCHW, stride 1; Rules+Conv.swift)
    /// x [N, C, H, W] ⊛ w [F, C, K, K] with `padding` zeros: [N, F, H+2p−K+1, W+2p−K+1],
    /// by im2col + GEMM per image (the im2col buffer is the rule's scratch).
    case conv2d(padding: Int)
    /// Inputs (gradOutput, w): the convolution input's gradient (GEMM with wᵀ, then col2im).
    case conv2dInputGrad(padding: Int)
    /// Inputs (gradOutput, x): the convolution weights' gradient [F, C, kernel, kernel].
    case conv2dWeightGrad(kernel: Int, padding: Int)
    /// x [N, C, H, W] + bias [C], the bias broadcast over each channel's plane.
    case addChannelBias
    /// The per-channel sums of [N, C, H, W]: [C] (the gradient of a per-channel bias).
    case channelSum
    /// window×window max-pool, stride = window: [N, C, H, W] → [N, C, H/window, W/window].
    case maxPool(window: Int)
    /// Inputs (gradOutput, x): the pool input's gradient, argmax recomputed from x.
    case maxPoolGrad(window: Int)
    // Recurrent (Rules+Recurrent.swift; layouts in Kernels+Recurrent.swift)
    /// Step `t` of a batch-first sequence [B, T, F] as a [B, F] matrix (a strided copy).
    case timeStep(Int)
    /// Zeros [B, T, F] with step `step` set to the input [B, F]: the gradient of `timeStep`.
    case timeStepGrad(step: Int, steps: Int)
    /// T matrices [B, F] stacked along time into [B, T, F].
    case stackTime
    /// Zeros of `shape` with the input written at element `offset`: the gradient of a view.
    case embed(offset: Int, shape: Shape)
    /// Inputs (z [B, 4H], previous state [2, B, H]); output: the new LSTM state [2, B, H].
    case lstmCell
    /// Inputs (gradient of the state, z, previous state, state); output packs
    /// [B·4H gradient of z | 2·B·H gradient of the previous state].
    case lstmCellGrad
    /// Input a step [B, F]; output [B]: 1 where the row has a non-zero element, 0 for padding.
    case paddingMask
    /// Inputs (new, previous, mask [B]): mask·new + (1 − mask)·previous, per row b.
    case maskedUpdate
    /// Inputs (gradient, mask): the gradient of maskedUpdate's new (toNew) or previous input.
    case maskedUpdateGrad(toNew: Bool)

    // MARK: Fused ops (produced only by the fusion pass of the fused mode)
    /// op(a)·op(b) + bias then `activation`, with the bias preloaded into C (beta = 1).
    /// Inputs (a, b, bias).
    case fusedDense(transposeA: Bool, transposeB: Bool, activation: Activation)
    /// Inputs (gradOutput, activation output); output packs [N·C gradient | C column sums]:
    /// the activation backward and the bias gradient in one pass.
    case fusedActivationGradColumnSum(Activation)
    /// Inputs (logits, labels); output packs [1 loss | N·C gradient of the logits for seed 1].
    case fusedSoftmaxCrossEntropy
    /// Inputs (p0, g0, p1, g1, …): every parameter's SGD update in one pass; output: p0.
    case fusedSGD(learningRate: Float)
    /// Inputs (parameter, a, b): parameter −= learningRate · op(a)·op(b), in place, as one GEMM
    /// with alpha = −learningRate and beta = 1, so the weight gradient is never materialized.
    case fusedMatmulSGD(transposeA: Bool, transposeB: Bool, learningRate: Float)
    /// Inputs (x, w, bias): conv2d + addChannelBias + activation + maxPool in one pass per
    /// image; output packs [pooled values | argmax indices], each [N, F, H', W'] elements.
    case fusedConvBlock(padding: Int, activation: Activation, window: Int)
    /// Inputs (gradPooled, pooled values, argmax indices); output packs [gradient of the
    /// pre-activation [N, C, height, width] | C channel sums]: pool, activation and bias backward.
    case fusedConvBlockGrad(activation: Activation, window: Int, height: Int, width: Int)
    /// Inputs (projections [B·T, G], bias[, h [B, H], W [H, G]]): activation(xp[:, step] + bias
    /// + h·W) in one kernel, the input projection of every step computed beforehand.
    case fusedRecurrentStep(activation: Activation, step: Int)
}

// MARK: - How an op uses memory

/// Where an op's output lives.
public enum OutputStorage: Sendable {
    /// A fresh buffer.
    case fresh
    /// Input 0's buffer, updated in place (the op has side effects).
    case inPlace
    /// Input 0's buffer at an element offset: a view, no kernel runs.
    case view(offset: Int)
}

extension Op {
    /// Where the output lives.
    public var storage: OutputStorage {
        switch self {
        case .sgdUpdate, .fusedSGD, .fusedMatmulSGD: return .inPlace
        case .view(let offset, _): return .view(offset: offset)
        default: return .fresh
        }
    }

    /// The inputs an op updates in place (the output aliases the first of them).
    public var inPlaceInputs: StrideTo<Int> {
        switch self {
        case .sgdUpdate, .fusedMatmulSGD: return stride(from: 0, to: 1, by: 1)
        case .fusedSGD: return stride(from: 0, to: Int.max, by: 2)
        default: return stride(from: 0, to: 0, by: 1)
        }
    }

    /// Ops that write state outside their output (parameter updates): never removed or merged.
    public var hasSideEffects: Bool {
        if case .inPlace = storage { return true }
        return false
    }

    /// Ops whose output may reuse input 0's buffer when input 0 dies at this op.
    public var canReuseInput0: Bool {
        switch self {
        case .addBias, .add, .sub, .mul, .scale, .activation, .activationGrad: return true
        case .addChannelBias: return true
        default: return false
        }
    }

    /// Whether the op exists only after fusion.
    public var isFused: Bool {
        switch self {
        case .fusedDense, .fusedActivationGradColumnSum, .fusedSoftmaxCrossEntropy, .fusedSGD, .fusedMatmulSGD:
            return true
        case .fusedConvBlock, .fusedConvBlockGrad: return true
        case .fusedRecurrentStep: return true
        default: return false
        }
    }

    /// A short name for dumps and counters.
    public var name: String {
        switch self {
        case .fill(let v, _): return "fill(\(v))"
        case .matmul(let ta, let tb): return "matmul" + (ta ? "ᵀ" : "") + (tb ? "·ᵀ" : "")
        case .addBias: return "addBias"
        case .columnSum: return "columnSum"
        case .add: return "add"
        case .sub: return "sub"
        case .mul: return "mul"
        case .scale(let s): return "scale(\(s))"
        case .activation(let a): return a.rawValue
        case .activationGrad(let a): return a.rawValue + "Grad"
        case .softmaxCrossEntropy: return "softmaxCrossEntropy"
        case .softmaxCrossEntropyGrad: return "softmaxCrossEntropyGrad"
        case .sgdUpdate(let lr): return "sgd(lr: \(lr))"
        case .view(let o, let s): return "view(+\(o), \(s))"
        case .conv2d(let p): return "conv2d(pad: \(p))"
        case .conv2dInputGrad(let p): return "conv2dInputGrad(pad: \(p))"
        case .conv2dWeightGrad(let k, let p): return "conv2dWeightGrad(k: \(k), pad: \(p))"
        case .addChannelBias: return "addChannelBias"
        case .channelSum: return "channelSum"
        case .maxPool(let w): return "maxPool(\(w))"
        case .maxPoolGrad(let w): return "maxPoolGrad(\(w))"
        case .fusedDense(let ta, let tb, let a):
            return "fused.dense" + (ta ? "ᵀ" : "") + (tb ? "·ᵀ" : "") + "+bias+\(a.rawValue)"
        case .fusedActivationGradColumnSum(let a): return "fused.\(a.rawValue)Grad+columnSum"
        case .fusedSoftmaxCrossEntropy: return "fused.softmaxCrossEntropy+grad"
        case .fusedSGD(let lr): return "fused.sgd(lr: \(lr))"
        case .fusedMatmulSGD(let ta, let tb, let lr):
            return "fused.matmul" + (ta ? "ᵀ" : "") + (tb ? "·ᵀ" : "") + "+sgd(lr: \(lr))"
        case .fusedConvBlock(let p, let a, let w):
            return "fused.conv2d(pad: \(p))+bias+\(a.rawValue)+maxPool(\(w))"
        case .fusedConvBlockGrad(let a, let w, _, _): return "fused.maxPool(\(w))Grad+\(a.rawValue)Grad+channelSum"
        case .timeStep, .timeStepGrad, .stackTime, .embed, .lstmCell, .lstmCellGrad, .paddingMask,
             .maskedUpdate, .maskedUpdateGrad, .fusedRecurrentStep:
            return recurrentName
        }
    }
}
