import NNKernel

// MARK: - Eager execution: run each op at once, record a tape, walk it back

/// The eager (define-by-run) engine.
///
/// Each `apply` validates shapes, allocates its output (a reference-counted `Tensor`), runs the
/// kernel, and — when an input needs a gradient — appends a tape record. Those are eager
/// execution's real costs (per-op dispatch, per-op allocation, a tape); nothing else is added.
///
/// Lifetimes are PyTorch's: a value holds its tensor, and the engine keeps none, so a tensor is
/// freed as soon as nothing needs it: no model-code value, no pending gradient, and no tape record
/// whose gradient reads it (`OpRule.saved`). Inference therefore keeps only what the next op
/// needs; training keeps the saved inputs until the backward has run their op's rule.
public final class EagerEngine: Builder {
    private var needsGrad: [Bool] = []
    private var tape: [Record] = []
    private var recording = true

    /// Ops applied since the last `reset()` (views and in-place updates included).
    public private(set) var opsExecuted = 0

    public init() {}

    /// Forgets the tape (freeing what only it held) and the value ids; keeps capacity.
    public func reset() {
        needsGrad.removeAll(keepingCapacity: true)
        tape.removeAll(keepingCapacity: true)
        recording = true
        opsExecuted = 0
    }

    /// Makes an existing tensor (a parameter, a data batch) available as a value; no copy.
    /// - Parameter requiresGrad: true for parameters, false for data and labels.
    public func bind(_ tensor: Tensor, requiresGrad: Bool) -> Value {
        needsGrad.append(requiresGrad)
        return Value(id: needsGrad.count - 1, shape: tensor.shape, storage: tensor)
    }

    /// The tensor behind a value.
    /// - Precondition: the value came from this engine and holds its tensor (a tape record's
    ///   unsaved inputs do not: a gradient rule reading one has not declared it in `saved`).
    public func tensor(_ v: Value) -> Tensor {
        guard let t = v.storage else {
            preconditionFailure("EagerEngine: value \(v) holds no tensor (not saved for the backward?)")
        }
        return t
    }

    public func apply(_ op: Op, _ inputs: [Value]) -> Value {
        opsExecuted &+= 1
        let rule = op.rule
        let shape = op.outputShape(inputs)
        let out: Tensor
        switch op.storage {
        case .fresh: out = EagerEngine.allocate(shape, floats: rule.outputFloats(op, shape))
        case .inPlace: out = tensor(inputs[0])
        case .view(let offset): out = Tensor(viewOf: tensor(inputs[0]), offset: offset, shape: shape)
        }
        if case .view = op.storage {} else { run(rule, op, inputs, out) }

        let grad = recording && !op.hasSideEffects && inputs.contains { needsGrad[$0.id] }
        needsGrad.append(grad)
        let v = Value(id: needsGrad.count - 1, shape: shape, storage: out)
        if grad { record(op, rule, inputs, v) }
        return v
    }

    /// A fresh output; a buffer larger than the shape (max-pool's indices) sits behind a view.
    private static func allocate(_ shape: Shape, floats: Int) -> Tensor {
        if floats == shape.count { return Tensor(uninitialized: shape) }
        return Tensor(viewOf: Tensor(uninitialized: Shape(floats)), shape: shape)
    }

    /// Appends a tape record that holds only what the op's gradient reads.
    private func record(_ op: Op, _ rule: any OpRule.Type, _ inputs: [Value], _ output: Value) {
        let saved = rule.saved(op, inputs.map { needsGrad[$0.id] })
        var kept = inputs
        for i in kept.indices where !saved.savesInput(i) { kept[i] = kept[i].detached }
        tape.append(Record(op: op, inputs: kept, output: saved.output ? output : output.detached))
    }

    private func run(_ rule: any OpRule.Type, _ op: Op, _ inputs: [Value], _ out: Tensor) {
        let n = inputs.count
        let scratchCount = rule.scratchCount(op, inputs)
        let scratch = scratchCount > 0 ? Tensor(uninitialized: Shape(scratchCount)) : nil
        withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<Float>.self, capacity: Swift.max(n, 1)) { ptrs in
            withUnsafeTemporaryAllocation(of: Shape.self, capacity: Swift.max(n, 1)) { shapes in
                for i in 0..<n {
                    let t = tensor(inputs[i])
                    ptrs.initializeElement(at: i, to: t.data)
                    shapes.initializeElement(at: i, to: t.shape)
                }
                guard let p = ptrs.baseAddress, let s = shapes.baseAddress else { return }
                rule.launch(op, KernelArgs(inputs: p, inputShapes: s, inputCount: n, output: out.data,
                                           outputShape: out.shape, scratch: scratch?.data))
            }
        }
    }

    public func gradients(of loss: Value, withRespectTo parameters: [Value]) -> [Value] {
        recording = false
        defer { recording = true }
        // The walk consumes the records (each one's saved tensors go with it); swapping keeps
        // the tape's capacity without a second reference to its buffer.
        var records: [Record] = []
        swap(&records, &tape)
        defer { swap(&records, &tape) }
        return reverseModeGradients(records: &records, loss: loss, parameters: parameters, builder: self,
                                    requiresGrad: { self.needsGrad[$0.id] })
    }
}
