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
        case .sgdUpdate, .fusedSGD: return .inPlace
        case .view(let offset, _): return .view(offset: offset)
        default: return .fresh
        }
    }

    /// The inputs an op updates in place (the output aliases the first of them).
    public var inPlaceInputs: StrideTo<Int> {
        switch self {
        case .sgdUpdate: return stride(from: 0, to: 1, by: 1)
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
        default: return false
        }
    }

    /// Whether the op exists only after fusion.
    public var isFused: Bool {
        switch self {
        case .fusedDense, .fusedActivationGradColumnSum, .fusedSoftmaxCrossEntropy, .fusedSGD: return true
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
        case .fusedDense(let ta, let tb, let a):
            return "fused.dense" + (ta ? "ᵀ" : "") + (tb ? "·ᵀ" : "") + "+bias+\(a.rawValue)"
        case .fusedActivationGradColumnSum(let a): return "fused.\(a.rawValue)Grad+columnSum"
        case .fusedSoftmaxCrossEntropy: return "fused.softmaxCrossEntropy+grad"
        case .fusedSGD(let lr): return "fused.sgd(lr: \(lr))"
        case .timeStep, .timeStepGrad, .stackTime, .embed, .lstmCell, .lstmCellGrad, .paddingMask,
             .maskedUpdate, .maskedUpdateGrad, .fusedRecurrentStep:
            return recurrentName
        }
    }
}
