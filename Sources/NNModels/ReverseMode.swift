import NNKernel

// MARK: - Reverse-mode differentiation, shared by the eager tape and the traced graph

/// Walks `records` backwards from `loss`, emitting each op's gradient rule through `builder`.
///
/// - Parameters:
///   - records: the ops in execution (topological) order.
///   - requiresGrad: whether a value depends on a parameter; rules skip gradients of inputs
///     that do not (the data, the labels), so nobody computes a gradient nobody needs.
///   - release: called for each value the walk no longer needs (an op's output once its rule
///     has run, a consumed gradient), so the eager engine frees memory as PyTorch does; the
///     tracer ignores it (its planner computes lifetimes).
/// - Returns: each parameter's gradient; a parameter the loss does not depend on gets zeros.
/// - Complexity: one rule per record on a path from a parameter to the loss.
public func reverseModeGradients(
    records: [Record], loss: Value, parameters: [Value], builder g: Builder,
    requiresGrad: (Value) -> Bool, release: (Value) -> Void
) -> [Value] {
    precondition(loss.shape.count == 1, "gradients: the loss must be a scalar, got \(loss.shape)")
    // A gradient value can be held by several entries (add passes gy to both inputs), so it is
    // released only when the last entry holding it lets go.
    var holds: [Int: Int] = [:]
    func hold(_ v: Value) { holds[v.id, default: 0] += 1 }
    func drop(_ v: Value) {
        let n = holds[v.id, default: 1] - 1
        holds[v.id] = n
        if n == 0 { release(v) }
    }
    let seed = g.fill(1, loss.shape)
    var grads: [Int: Value] = [loss.id: seed]
    hold(seed)
    let keep = Set(parameters.map(\.id) + [loss.id])
    for r in records.reversed() {
        guard let gy = grads.removeValue(forKey: r.output.id) else {
            if !keep.contains(r.output.id) { release(r.output) }
            continue
        }
        let needs = r.inputs.map(requiresGrad)
        let gxs = r.op.rule.gradient(r.op, g, r.inputs, r.output, gy, needs)
        for (x, gx) in zip(r.inputs, gxs) {
            guard let gx else { continue }
            hold(gx)
            if let previous = grads[x.id] {
                let sum = g.add(previous, gx)   // gradients accumulate
                hold(sum)
                grads[x.id] = sum
                drop(previous)
                drop(gx)
            } else {
                grads[x.id] = gx
            }
        }
        drop(gy)
        if !keep.contains(r.output.id) { release(r.output) }
    }
    return parameters.map { p in grads[p.id] ?? g.fill(0, p.shape) }
}
