import NNKernel

// MARK: - Rules: shape, kernel, memory use and gradient of an op, side by side

/// Pointers and shapes an op's kernel runs on. Built on the stack by the eager engine and once
/// per instruction by the graph executor, so running an op never allocates.
public struct KernelArgs {
    public let inputs: UnsafePointer<UnsafeMutablePointer<Float>>
    public let inputShapes: UnsafePointer<Shape>
    public let inputCount: Int
    public let output: UnsafeMutablePointer<Float>
    public let outputShape: Shape
    /// Scratch memory of at least the rule's `scratchCount` floats (nil when it needs none).
    public let scratch: UnsafeMutablePointer<Float>?

    public init(inputs: UnsafePointer<UnsafeMutablePointer<Float>>, inputShapes: UnsafePointer<Shape>,
                inputCount: Int, output: UnsafeMutablePointer<Float>, outputShape: Shape,
                scratch: UnsafeMutablePointer<Float>?) {
        self.inputs = inputs; self.inputShapes = inputShapes; self.inputCount = inputCount
        self.output = output; self.outputShape = outputShape; self.scratch = scratch
    }

    @inline(__always) public subscript(i: Int) -> UnsafeMutablePointer<Float> { inputs[i] }
    @inline(__always) public func shape(_ i: Int) -> Shape { inputShapes[i] }
}

/// An op's shape inference failed: a bug in model code (or an unvalidated size).
public struct ShapeError: Error, CustomStringConvertible {
    public let description: String
    public init(_ op: Op, _ inputs: [Value], _ why: String) {
        description = "\(op.name)(\(inputs.map { $0.shape.description }.joined(separator: ", "))): \(why)"
    }
}

/// The values an op's gradient reads besides the output's gradient: what the eager tape keeps
/// alive until the backward has run that op's rule (PyTorch's saved tensors). Everything else an
/// op touched is freed as soon as model code drops it.
public struct SavedValues: Sendable, Equatable {
    /// Bit i set: the gradient reads input i.
    public var inputMask: UInt32
    /// Whether the gradient reads the output.
    public var output: Bool

    /// Nothing but shapes (add, bias, views, reductions, time steps).
    public static let nothing = SavedValues(inputMask: 0, output: false)

    /// The listed inputs (the first up to three) and, when `output`, the output.
    public static func inputs(_ i0: Bool, _ i1: Bool = false, _ i2: Bool = false, output: Bool = false) -> SavedValues {
        SavedValues(inputMask: (i0 ? 1 : 0) | (i1 ? 2 : 0) | (i2 ? 4 : 0), output: output)
    }

    /// Whether input `i` is saved.
    @inline(__always) public func savesInput(_ i: Int) -> Bool { i < 32 && inputMask & (1 << UInt32(i)) != 0 }
}

/// The rule of one op family. All functions are pure except `run`.
public protocol OpRule {
    /// The output shape, or why the inputs do not fit.
    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape
    /// Runs the kernel(s) on `args`.
    static func run(_ op: Op, _ args: KernelArgs)
    /// Gradients of the inputs given the output's gradient, emitted through `g` (so eager runs
    /// them at once and tracing records them). `needs[i]` false means input i needs none: return nil.
    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gradOutput: Value, _ needs: [Bool]) -> [Value?]
    /// What `gradient` reads when input i needs a gradient iff `needs[i]` (a requirement: a rule
    /// that reads a value it does not declare traps in eager mode, so the tests catch it).
    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues
    /// Floats of scratch memory the kernel needs (0 by default).
    static func scratchCount(_ op: Op, _ inputs: [Value]) -> Int
    /// Floats of the output's buffer: `shape.count` by default; more when the op keeps data for
    /// its backward after the output's elements (max-pool's argmax indices).
    static func outputFloats(_ op: Op, _ shape: Shape) -> Int
    /// Where the output lives (a fresh buffer by default).
    static func storage(_ op: Op) -> OutputStorage
    /// The inputs the op updates in place; the output aliases the first (none by default).
    static func inPlaceInputs(_ op: Op) -> StrideTo<Int>
    /// Whether the output may reuse input 0's buffer when input 0 dies at this op (false by default).
    static func canReuseInput0(_ op: Op) -> Bool
    /// Whether constant folding may evaluate the op (true by default).
    static func isFoldable(_ op: Op) -> Bool
}

extension OpRule {
    /// Runs the op's kernel as one launch (`KernelCounters`): how the eager engine and the graph
    /// executor run every op, so a launch means the same in every mode.
    @inline(__always) public static func launch(_ op: Op, _ args: KernelArgs) {
        KernelCounters.countLaunch()
        run(op, args)
    }

    public static func scratchCount(_ op: Op, _ inputs: [Value]) -> Int { 0 }
    public static func outputFloats(_ op: Op, _ shape: Shape) -> Int { shape.count }
    public static func storage(_ op: Op) -> OutputStorage { .fresh }
    public static func inPlaceInputs(_ op: Op) -> StrideTo<Int> { stride(from: 0, to: 0, by: 1) }
    public static func canReuseInput0(_ op: Op) -> Bool { false }
    public static func isFoldable(_ op: Op) -> Bool { true }
}

extension Op {
    /// The table: every op's rule, one rule per op (so a new op names its rule here, and a rule
    /// never switches over ops it does not own).
    public var rule: any OpRule.Type {
        switch self {
        case .fill: return FillRule.self
        case .matmul: return MatmulRule.self
        case .addBias: return AddBiasRule.self
        case .columnSum: return ColumnSumRule.self
        case .add: return AddRule.self
        case .sub: return SubRule.self
        case .mul: return MulRule.self
        case .scale: return ScaleRule.self
        case .activation: return ActivationRule.self
        case .activationGrad: return ActivationGradRule.self
        case .softmaxCrossEntropy: return SoftmaxCrossEntropyRule.self
        case .softmaxCrossEntropyGrad: return SoftmaxCrossEntropyGradRule.self
        case .sgdUpdate: return SGDRule.self
        case .view: return ViewRule.self
        case .conv2d: return Conv2DRule.self
        case .conv2dInputGrad: return Conv2DInputGradRule.self
        case .conv2dWeightGrad: return Conv2DWeightGradRule.self
        case .addChannelBias: return AddChannelBiasRule.self
        case .channelSum: return ChannelSumRule.self
        case .maxPool: return MaxPoolRule.self
        case .maxPoolGrad: return MaxPoolGradRule.self
        case .timeStep: return TimeStepRule.self
        case .timeStepGrad: return TimeStepGradRule.self
        case .stackTime: return StackTimeRule.self
        case .embed: return EmbedRule.self
        case .lstmCell: return LSTMCellRule.self
        case .lstmCellGrad: return LSTMCellGradRule.self
        case .paddingMask: return PaddingMaskRule.self
        case .maskedUpdate: return MaskedUpdateRule.self
        case .maskedUpdateGrad: return MaskedUpdateGradRule.self
        case .custom: return CustomRule.self
        }
    }

    /// Floats of the output's buffer (at least `shape.count`; see `OpRule.outputFloats`).
    public func outputFloats(_ shape: Shape) -> Int { rule.outputFloats(self, shape) }

    /// The output shape, or why the inputs do not fit.
    public func inferShape(_ inputs: [Value]) throws(ShapeError) -> Shape { try rule.shape(self, inputs) }

    /// The output shape; traps with the rule's message when model code is wrong.
    public func outputShape(_ inputs: [Value]) -> Shape {
        do { return try rule.shape(self, inputs) } catch { preconditionFailure(error.description) }
    }
}

// MARK: - Shape helpers shared by the rules

/// Throws unless there are exactly `n` inputs.
@inline(__always)
public func expectArity(_ op: Op, _ inputs: [Value], _ n: Int) throws(ShapeError) {
    if inputs.count != n { throw ShapeError(op, inputs, "expects \(n) inputs, got \(inputs.count)") }
}

/// Throws unless every input has input 0's shape.
@inline(__always)
public func expectSameShape(_ op: Op, _ inputs: [Value]) throws(ShapeError) {
    for v in inputs.dropFirst() where v.shape != inputs[0].shape {
        throw ShapeError(op, inputs, "shapes differ")
    }
}

/// The shape of an elementwise op: exactly `n` inputs, all of one shape, which is the output's.
public func elementwiseShape(_ op: Op, _ inputs: [Value], arity n: Int) throws(ShapeError) -> Shape {
    try expectArity(op, inputs, n)
    try expectSameShape(op, inputs)
    return inputs[0].shape
}

/// A rule for ops that are never differentiated (gradients, updates, fused kernels).
public func notDifferentiable(_ op: Op) -> Never {
    preconditionFailure("\(op.name) is not differentiable: nnbench differentiates once, before fusion")
}

/// The rule of an op that is never differentiated (a gradient op, an update): its gradient
/// traps and it saves nothing.
protocol NotDifferentiableRule: OpRule {}

extension NotDifferentiableRule {
    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .nothing }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] { notDifferentiable(op) }
}
