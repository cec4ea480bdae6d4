import NNKernel

// MARK: - Eager execution: run each op at once, record a tape, walk it back

/// The eager (define-by-run) engine.
///
/// Each `apply` validates shapes, allocates its output (a reference-counted `Tensor`), runs the
/// kernel, and — when an input needs a gradient — appends a tape record. `gradients(of:…)` walks
/// the tape backwards with the shared rules, freeing each activation once its rule has run and
/// each gradient once consumed, as PyTorch's autograd does. Those are eager execution's real
/// costs (per-op dispatch, per-op allocation, a tape); nothing else is added.
public final class EagerEngine: Builder {
    private var tensors: [Tensor?] = []
    private var needsGrad: [Bool] = []
    private var tape: [Record] = []
    private var recording = true

    /// Ops applied since the last `reset()` (views and in-place updates included).
    public private(set) var opsExecuted = 0

    public init() {}

    /// Forgets every value (freeing what only the engine held) and the tape; keeps capacity.
    public func reset() {
        tensors.removeAll(keepingCapacity: true)
        needsGrad.removeAll(keepingCapacity: true)
        tape.removeAll(keepingCapacity: true)
        recording = true
        opsExecuted = 0
    }

    /// Makes an existing tensor (a parameter, a data batch) available as a value; no copy.
    /// - Parameter requiresGrad: true for parameters, false for data and labels.
    public func bind(_ tensor: Tensor, requiresGrad: Bool) -> Value {
        tensors.append(tensor)
        needsGrad.append(requiresGrad)
        return Value(id: tensors.count - 1, shape: tensor.shape)
    }

    /// The tensor behind a value.
    /// - Precondition: the value is alive (not released by the backward walk or a reset).
    public func tensor(_ v: Value) -> Tensor {
        guard v.id < tensors.count, let t = tensors[v.id] else {
            preconditionFailure("EagerEngine: value \(v) is not alive")
        }
        return t
    }

    public func apply(_ op: Op, _ inputs: [Value]) -> Value {
        opsExecuted &+= 1
        let rule = op.rule
        let shape = op.outputShape(inputs)
        let out: Tensor
        switch op.storage {
        case .fresh: out = Tensor(uninitialized: shape)
        case .inPlace: out = tensor(inputs[0])
        case .view(let offset): out = Tensor(viewOf: tensor(inputs[0]), offset: offset, shape: shape)
        }
        if case .view = op.storage {} else { run(rule, op, inputs, out) }

        tensors.append(out)
        let grad = recording && !op.hasSideEffects && inputs.contains { needsGrad[$0.id] }
        needsGrad.append(grad)
        let v = Value(id: tensors.count - 1, shape: shape)
        if grad { tape.append(Record(op: op, inputs: inputs, output: v)) }
        return v
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
                rule.run(op, KernelArgs(inputs: p, inputShapes: s, inputCount: n, output: out.data,
                                        outputShape: out.shape, scratch: scratch?.data))
            }
        }
    }

    public func gradients(of loss: Value, withRespectTo parameters: [Value]) -> [Value] {
        recording = false
        defer { recording = true }
        let records = tape
        tape.removeAll(keepingCapacity: true)
        return reverseModeGradients(
            records: records, loss: loss, parameters: parameters, builder: self,
            requiresGrad: { self.needsGrad[$0.id] },
            release: { self.tensors[$0.id] = nil })
    }
}
