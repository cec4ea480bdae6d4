import NNKernel

// MARK: - Reverse-mode differentiation, shared by the eager tape and the traced graph

/// Walks `records` backwards from `loss`, emitting each op's gradient rule through `builder`.
///
/// - Parameters:
///   - records: the ops in execution (topological) order; consumed (empty on return), so in eager
///     mode a record's saved tensors are freed once its rule has run, and a gradient once its
///     last reader has (values hold their tensors), as in PyTorch's autograd.
///   - requiresGrad: whether a value depends on a parameter; rules skip gradients of inputs
///     that do not (the data, the labels), so nobody computes a gradient nobody needs.
/// - Returns: each parameter's gradient; a parameter the loss does not depend on gets zeros.
/// - Complexity: one rule per record on a path from a parameter to the loss.
public func reverseModeGradients(
    records: inout [Record], loss: Value, parameters: [Value], builder g: Builder,
    requiresGrad: (Value) -> Bool
) -> [Value] {
    precondition(loss.shape.count == 1, "gradients: the loss must be a scalar, got \(loss.shape)")
    var grads: [Int: Value] = [loss.id: g.fill(1, loss.shape)]
    while let r = records.popLast() {
        guard let gy = grads.removeValue(forKey: r.output.id) else { continue }
        let needs = r.inputs.map(requiresGrad)
        let gxs = r.op.rule.gradient(r.op, g, r.inputs, r.output, gy, needs)
        for (x, gx) in zip(r.inputs, gxs) {
            guard let gx else { continue }
            if let previous = grads[x.id] {
                grads[x.id] = g.add(previous, gx)   // gradients accumulate
            } else {
                grads[x.id] = gx
            }
        }
    }
    return parameters.map { p in grads[p.id] ?? g.fill(0, p.shape) }
}
