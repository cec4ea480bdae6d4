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
    /// Floats of scratch memory the kernel needs (0 by default).
    static func scratchCount(_ op: Op, _ inputs: [Value]) -> Int
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
    public static func scratchCount(_ op: Op, _ inputs: [Value]) -> Int { 0 }
    public static func storage(_ op: Op) -> OutputStorage { .fresh }
    public static func inPlaceInputs(_ op: Op) -> StrideTo<Int> { stride(from: 0, to: 0, by: 1) }
    public static func canReuseInput0(_ op: Op) -> Bool { false }
    public static func isFoldable(_ op: Op) -> Bool { true }
}

extension Op {
    /// The table: every op's rule.
    public var rule: any OpRule.Type {
        switch self {
        case .fill: return FillRule.self
        case .matmul: return MatmulRule.self
        case .addBias: return AddBiasRule.self
        case .columnSum: return ColumnSumRule.self
        case .add, .sub, .mul, .scale: return ArithmeticRule.self
        case .activation, .activationGrad: return ActivationRule.self
        case .softmaxCrossEntropy, .softmaxCrossEntropyGrad: return SoftmaxCrossEntropyRule.self
        case .sgdUpdate: return SGDRule.self
        case .view: return ViewRule.self
        case .conv2d, .conv2dInputGrad, .conv2dWeightGrad: return Conv2DRule.self
        case .addChannelBias, .channelSum: return ChannelBiasRule.self
        case .maxPool, .maxPoolGrad: return MaxPoolRule.self
        case .timeStep, .timeStepGrad, .stackTime, .embed, .lstmCell, .lstmCellGrad, .paddingMask,
             .maskedUpdate, .maskedUpdateGrad:
            return RecurrentRule.self
        case .custom: return CustomRule.self
        }
    }

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
