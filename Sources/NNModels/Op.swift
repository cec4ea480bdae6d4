import NNKernel

// MARK: - The op set

/// Every operation a model (or a gradient rule, or the fusion pass) can ask for.
///
/// An op is a value: equal ops with equal inputs compute equal results unless `hasSideEffects`.
/// Each op's shape rule, kernel call, memory use and gradient live side by side in one `OpRule`
/// (files `Rules+*.swift`); `Op.rule` is the table that maps an op to its rule. The cases are
/// the ops models and gradients emit (passes pattern-match them); ops defined elsewhere, such
/// as the graph layer's fused ops, are `.custom` values that carry their own rule.
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
    /// window×window max-pool, stride = window: [N, C, H, W] → [N, C, H/window, W/window]. The
    /// output's buffer also holds each window's argmax, after the values (`outputFloats`).
    case maxPool(window: Int)
    /// Inputs (gradOutput, the pool's output with its indices): the gradient of the pool's
    /// input [N, C, height, width], gradOutput scattered to the stored argmax.
    case maxPoolGrad(window: Int, height: Int, width: Int)
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

    // Open
    /// An op defined outside this module as one value carrying its own rule (`CustomOp`): the
    /// graph layer's fused ops, or any op a later module adds without touching this enum.
    case custom(AnyCustomOp)
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
    public var storage: OutputStorage { rule.storage(self) }

    /// The inputs an op updates in place (the output aliases the first of them).
    public var inPlaceInputs: StrideTo<Int> { rule.inPlaceInputs(self) }

    /// Ops that write state outside their output (parameter updates): never removed or merged.
    public var hasSideEffects: Bool {
        if case .inPlace = storage { return true }
        return false
    }

    /// Ops whose output may reuse input 0's buffer when input 0 dies at this op.
    public var canReuseInput0: Bool { rule.canReuseInput0(self) }

    /// Whether constant folding may evaluate the op at compile time.
    public var isFoldable: Bool { rule.isFoldable(self) }

    /// The custom op inside, when this is a `.custom` op of type `T`.
    public func custom<T: CustomOp>(as type: T.Type) -> T? {
        if case .custom(let c) = self { return c.base as? T }
        return nil
    }

    /// A short name for dumps and counters.
    public var name: String {
        switch self {
        case .fill(let v, _): return "fill(\(v))"
        case .matmul(let ta, let tb): return "matmul" + transposeMarks(ta, tb)
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
        case .maxPoolGrad(let w, _, _): return "maxPoolGrad(\(w))"
        case .timeStep(let t): return "timeStep(\(t))"
        case .timeStepGrad(let t, let n): return "timeStepGrad(\(t)/\(n))"
        case .stackTime: return "stackTime"
        case .embed(let o, let s): return "embed(+\(o), \(s))"
        case .lstmCell: return "lstmCell"
        case .lstmCellGrad: return "lstmCellGrad"
        case .paddingMask: return "paddingMask"
        case .maskedUpdate: return "maskedUpdate"
        case .maskedUpdateGrad(let toNew): return "maskedUpdateGrad(\(toNew ? "new" : "previous"))"
        case .custom(let c): return c.base.name
        }
    }
}

/// "ᵀ" after a transposed left operand and "·ᵀ" after a transposed right one, for op names.
public func transposeMarks(_ transposeA: Bool, _ transposeB: Bool) -> String {
    (transposeA ? "ᵀ" : "") + (transposeB ? "·ᵀ" : "")
}
