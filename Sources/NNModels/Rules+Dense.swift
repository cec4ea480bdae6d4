import NNKernel

// MARK: - matmul, addBias, columnSum: the dense layer and its gradients

/// op(a)·op(b): a is [m, k] (stored [k, m] when transposed), b is [k, n] (stored [n, k]).
enum MatmulRule: OpRule {
    static func dims(_ op: Op, _ inputs: [Value]) -> (m: Int, n: Int, k: Int, ta: Bool, tb: Bool) {
        guard case .matmul(let ta, let tb) = op else { preconditionFailure("MatmulRule: \(op.name)") }
        let a = inputs[0].shape, b = inputs[1].shape
        return (ta ? a[1] : a[0], tb ? b[0] : b[1], ta ? a[0] : a[1], ta, tb)
    }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        try expectArity(op, inputs, 2)
        guard inputs[0].shape.rank == 2, inputs[1].shape.rank == 2 else {
            throw ShapeError(op, inputs, "needs 2-D operands")
        }
        let d = dims(op, inputs)
        let kb = d.tb ? inputs[1].shape[1] : inputs[1].shape[0]
        if d.k != kb { throw ShapeError(op, inputs, "inner dimensions \(d.k) and \(kb) differ") }
        return Shape(d.m, d.n)
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        guard case .matmul(let ta, let tb) = op else { return }
        let sa = a.shape(0), sb = a.shape(1)
        BLAS.gemm(transposeA: ta, transposeB: tb, m: a.outputShape[0], n: a.outputShape[1],
                  k: ta ? sa[0] : sa[1], a: a[0], lda: sa[1], b: a[1], ldb: sb[1], c: a.output, ldc: a.outputShape[1])
    }

    /// a's gradient reads b and b's reads a.
    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .inputs(needs[1], needs[0]) }

    /// C = op(A)·op(B). Each case writes the gradient in the operand's stored layout using the
    /// transpose flags, so no transposed copy is ever made.
    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        guard case .matmul(let ta, let tb) = op else { preconditionFailure() }
        let a = inputs[0], b = inputs[1]
        var ga: Value?, gb: Value?
        switch (ta, tb) {
        case (false, false):
            if needs[0] { ga = g.matmul(gy, b, transposeB: true) }
            if needs[1] { gb = g.matmul(a, gy, transposeA: true) }
        case (true, false):
            if needs[0] { ga = g.matmul(b, gy, transposeB: true) }
            if needs[1] { gb = g.matmul(a, gy) }
        case (false, true):
            if needs[0] { ga = g.matmul(gy, b) }
            if needs[1] { gb = g.matmul(gy, a, transposeA: true) }
        case (true, true):
            if needs[0] { ga = g.matmul(b, gy, transposeA: true, transposeB: true) }
            if needs[1] { gb = g.matmul(gy, a, transposeA: true, transposeB: true) }
        }
        return [ga, gb]
    }
}

/// x + bias over the rows of x's 2-D view; the gradient of bias is the column sum.
enum AddBiasRule: OpRule {
    static func canReuseInput0(_ op: Op) -> Bool { true }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        try expectArity(op, inputs, 2)
        let x = inputs[0].shape, b = inputs[1].shape
        guard x.rank >= 1, b.rank == 1, b[0] == x.last else {
            throw ShapeError(op, inputs, "bias must be 1-D with the input's last dimension")
        }
        return x
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        Kernels.addBias(a[0], a[1], a.output, rows: a.outputShape.rows, cols: a.outputShape.last)
    }

    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .nothing }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        [needs[0] ? gy : nil, needs[1] ? g.apply(.columnSum, [gy]) : nil]
    }
}

/// Column sums of x's 2-D view: [R, C] → [C].
enum ColumnSumRule: OpRule {
    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        try expectArity(op, inputs, 1)
        guard inputs[0].shape.rank >= 1 else { throw ShapeError(op, inputs, "needs rank ≥ 1") }
        return Shape(inputs[0].shape.last)
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        Kernels.columnSum(a[0], a.output, rows: a.shape(0).rows, cols: a.shape(0).last)
    }

    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .nothing }

    /// Every row of x receives the output's gradient: a broadcast, written as zeros + bias.
    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        guard needs[0] else { return [nil] }
        return [g.addBias(g.fill(0, inputs[0].shape), gy)]
    }
}
