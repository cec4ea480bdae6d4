import NNKernel

// MARK: - Ops defined outside the op enum

/// An op written as one value with its rule: name, shape, kernel call, memory use and gradient
/// side by side. `Op.custom` carries it, so a later module (the graph layer's fused ops) or a
/// new elementwise op adds an op in its own file without touching `Op` or the rule table.
///
/// Keep conforming types small (at most three words, e.g. a few `Int`s, `Float`s and enums):
/// they are then stored inline in `Op` and applying one in eager mode allocates nothing extra.
public protocol CustomOp: Hashable, Sendable {
    /// A short name for dumps and counters.
    var name: String { get }
    /// The output shape, or why the inputs do not fit (throw `ShapeError(op, …)`).
    func shape(_ inputs: [Value]) throws(ShapeError) -> Shape
    /// Runs the kernel(s) on `args`.
    func run(_ args: KernelArgs)
    /// Gradients of the inputs (see `OpRule.gradient`); by default not differentiable.
    func gradient(_ g: Builder, _ inputs: [Value], _ output: Value, _ gradOutput: Value,
                  _ needs: [Bool]) -> [Value?]
    /// What `gradient` reads (see `OpRule.saved`); by default every input and the output, which
    /// is always safe (a differentiable custom op may declare less to free memory sooner).
    func saved(_ needs: [Bool]) -> SavedValues
    /// Floats of scratch memory the kernel needs (0 by default).
    func scratchCount(_ inputs: [Value]) -> Int
    /// Where the output lives (a fresh buffer by default).
    var storage: OutputStorage { get }
    /// The inputs updated in place (none by default).
    var inPlaceInputs: StrideTo<Int> { get }
    /// Whether the output may reuse input 0's buffer when input 0 dies here (false by default).
    var canReuseInput0: Bool { get }
    /// Whether constant folding may evaluate it (true by default).
    var isFoldable: Bool { get }
}

extension CustomOp {
    public func gradient(_ g: Builder, _ inputs: [Value], _ output: Value, _ gradOutput: Value,
                         _ needs: [Bool]) -> [Value?] { notDifferentiable(op) }
    public func saved(_ needs: [Bool]) -> SavedValues { SavedValues(inputMask: .max, output: true) }
    public func scratchCount(_ inputs: [Value]) -> Int { 0 }
    public var storage: OutputStorage { .fresh }
    public var inPlaceInputs: StrideTo<Int> { stride(from: 0, to: 0, by: 1) }
    public var canReuseInput0: Bool { false }
    public var isFoldable: Bool { true }

    /// This op as an `Op`, for `Builder.apply` and pattern checks.
    public var op: Op { .custom(AnyCustomOp(self)) }
}

/// A type-erased `CustomOp`: equal when the wrapped ops have the same type and are equal.
public struct AnyCustomOp: Hashable, Sendable {
    public let base: any CustomOp

    public init(_ base: some CustomOp) { self.base = base }

    public static func == (a: AnyCustomOp, b: AnyCustomOp) -> Bool { a.base.isEqual(to: b.base) }

    public func hash(into hasher: inout Hasher) { base.hashWithType(into: &hasher) }
}

extension CustomOp {
    fileprivate func isEqual(to other: any CustomOp) -> Bool { (other as? Self) == self }

    fileprivate func hashWithType(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(Self.self))
        hasher.combine(self)
    }
}

/// The rule of every `.custom` op: forwards to the op value itself.
enum CustomRule: OpRule {
    @inline(__always)
    static func base(_ op: Op) -> any CustomOp {
        guard case .custom(let c) = op else { preconditionFailure("CustomRule: \(op.name)") }
        return c.base
    }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape { try base(op).shape(inputs) }
    static func run(_ op: Op, _ a: KernelArgs) { base(op).run(a) }
    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        base(op).gradient(g, inputs, output, gy, needs)
    }
    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { base(op).saved(needs) }
    static func scratchCount(_ op: Op, _ inputs: [Value]) -> Int { base(op).scratchCount(inputs) }
    static func storage(_ op: Op) -> OutputStorage { base(op).storage }
    static func inPlaceInputs(_ op: Op) -> StrideTo<Int> { base(op).inPlaceInputs }
    static func canReuseInput0(_ op: Op) -> Bool { base(op).canReuseInput0 }
    static func isFoldable(_ op: Op) -> Bool { base(op).isFoldable }
}
