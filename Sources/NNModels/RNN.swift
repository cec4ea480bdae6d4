import NNKernel

// MARK: - Recurrent building blocks

extension Builder {
    /// Step `t` of a batch-first sequence [B, T, F], as [B, F].
    public func timeStep(_ x: Value, _ t: Int) -> Value { apply(.timeStep(t), [x]) }

    /// The new LSTM state [2, B, H] from gate pre-activations z [B, 4H] and the previous state.
    public func lstmCell(_ z: Value, _ state: Value) -> Value { apply(.lstmCell, [z, state]) }

    /// 1 for each row of the step [B, F] that holds data, 0 for an all-zero (padding) row.
    public func paddingMask(_ step: Value) -> Value { apply(.paddingMask, [step]) }

    /// mask·new + (1 − mask)·previous per row: padded steps carry the state through unchanged.
    public func maskedUpdate(_ new: Value, _ previous: Value, mask: Value) -> Value {
        apply(.maskedUpdate, [new, previous, mask])
    }
}

// MARK: - RNN

/// A recurrent classifier: an Elman or LSTM layer over a batch-first sequence [B, T, input];
/// the last hidden state feeds a dense layer to the logits.
///
/// Per step t: z = x_t·Wx + h·Wh + b (no h·Wh at t = 0, where h = 0); Elman: h = tanh(z);
/// LSTM: (h, c) = lstmCell(z, (h, c)). The LSTM stores its four gates' weights concatenated
/// (Wx [input, 4H], Wh [H, 4H], b [4H], gate order i, f, g, o), so every mode does one GEMM
/// for all four gates. The fused mode additionally computes every step's x_t·Wx in one GEMM
/// before the recurrence, runs each step as one kernel, and sums weight gradients over time in
/// one GEMM (Fusion+Recurrent.swift); the eager and static modes run the per-step ops as written.
///
/// With `masked`, an all-zero input step counts as padding and leaves the state unchanged, so a
/// batch padded with zero steps gives the same logits as the unpadded batch.
public struct RNN: Model {
    public enum Cell: String, Sendable, Hashable { case elman, lstm }

    public let cell: Cell
    public let inputs: Int
    public let hidden: Int
    public let classes: Int
    public let masked: Bool

    public init(cell: Cell, inputs: Int, hidden: Int, classes: Int, masked: Bool = false) {
        precondition(inputs > 0 && hidden > 0 && classes > 1, "RNN: bad sizes \(inputs), \(hidden), \(classes)")
        self.cell = cell; self.inputs = inputs; self.hidden = hidden; self.classes = classes; self.masked = masked
    }

    /// The same network, masking padded steps (or not); parameters are identical.
    public func masking(_ on: Bool) -> RNN { RNN(cell: cell, inputs: inputs, hidden: hidden, classes: classes, masked: on) }

    /// Gate columns: 4H for the LSTM, H for Elman.
    public var gateWidth: Int { cell == .lstm ? 4 * hidden : hidden }

    public var summary: String {
        "\(cell == .lstm ? "LSTM" : "Elman") \(inputs)-\(hidden)-\(classes)" + (masked ? " masked" : "")
    }

    public var parameters: [ParameterSpec] {
        let g = gateWidth
        return [ParameterSpec("\(cell).wx", Shape(inputs, g), .glorotUniform(fanIn: inputs, fanOut: g)),
                ParameterSpec("\(cell).wh", Shape(hidden, g), .glorotUniform(fanIn: hidden, fanOut: g)),
                ParameterSpec("\(cell).bias", Shape(g), .zeros)]
            + Dense(hidden, classes, activation: .identity).parameters("out")
    }

    public func inputShape(batch: Int, sequenceLength: Int) -> Shape { Shape(batch, sequenceLength, inputs) }

    public func logits(_ g: Builder, _ x: Value, _ p: [Value]) -> Value {
        precondition(x.shape.rank == 3 && x.shape[2] == inputs, "RNN: input \(x.shape) is not [B, T, \(inputs)]")
        let batch = x.shape[0], steps = x.shape[1]
        let stateShape = cell == .lstm ? Shape(2, batch, hidden) : Shape(batch, hidden)
        var state: Value?
        for t in 0..<steps {
            let xt = g.timeStep(x, t)
            var z = g.matmul(xt, p[0])
            if let s = state { z = g.add(z, g.matmul(hiddenState(g, s, batch), p[1])) }
            z = g.addBias(z, p[2])
            let previous = state ?? g.fill(0, stateShape)
            var new = cell == .lstm ? g.lstmCell(z, previous) : g.tanh(z)
            if masked { new = g.maskedUpdate(new, previous, mask: g.paddingMask(xt)) }
            state = new
        }
        let h = state.map { hiddenState(g, $0, batch) } ?? g.fill(0, Shape(batch, hidden))
        return Dense(hidden, classes, activation: .identity)(g, h, weight: p[3], bias: p[4])
    }

    /// h out of a state: the state itself (Elman) or the first half of the packed (h, c).
    private func hiddenState(_ g: Builder, _ s: Value, _ batch: Int) -> Value {
        cell == .lstm ? g.apply(.view(offset: 0, shape: Shape(batch, hidden)), [s]) : s
    }
}
