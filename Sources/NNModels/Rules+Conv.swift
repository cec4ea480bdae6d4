import NNKernel

// MARK: - conv2d and its gradients: im2col + GEMM, the im2col buffer as scratch

/// x [N, C, H, W] ⊛ w [F, C, K, K], stride 1, zero padding; and the two gradient ops.
enum Conv2DRule: OpRule {
    /// The geometry of the forward convolution an op belongs to (inputs already validated).
    static func geometry(_ op: Op, _ s0: Shape, _ s1: Shape) -> ConvGeometry {
        switch op {
        case .conv2d(let p):   // (x, w)
            return ConvGeometry(batch: s0[0], channels: s0[1], height: s0[2], width: s0[3],
                                filters: s1[0], kernel: s1[2], padding: p)
        case .conv2dInputGrad(let p):   // (gy, w)
            let k = s1[2]
            return ConvGeometry(batch: s0[0], channels: s1[1], height: ConvGeometry.inputSize(s0[2], kernel: k, padding: p),
                                width: ConvGeometry.inputSize(s0[3], kernel: k, padding: p), filters: s1[0], kernel: k, padding: p)
        case .conv2dWeightGrad(let k, let p):   // (gy, x)
            return ConvGeometry(batch: s1[0], channels: s1[1], height: s1[2], width: s1[3],
                                filters: s0[1], kernel: k, padding: p)
        default:
            preconditionFailure("Conv2DRule: \(op.name)")
        }
    }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        try expectArity(op, inputs, 2)
        let a = inputs[0].shape, b = inputs[1].shape
        guard a.rank == 4, b.rank == 4 else { throw ShapeError(op, inputs, "needs 4-D (NCHW) operands") }
        switch op {
        case .conv2d(let p):
            try checkKernel(op, inputs, kernel: b[2], kernelWidth: b[3], padding: p)
            guard a[1] == b[1] else { throw ShapeError(op, inputs, "input has \(a[1]) channels, weights \(b[1])") }
            try checkFits(op, inputs, height: a[2], width: a[3], kernel: b[2], padding: p)
            let g = geometry(op, a, b)
            return Shape(g.batch, g.filters, g.outHeight, g.outWidth)
        case .conv2dInputGrad(let p):
            try checkKernel(op, inputs, kernel: b[2], kernelWidth: b[3], padding: p)
            guard a[1] == b[0] else { throw ShapeError(op, inputs, "gradient has \(a[1]) channels, weights \(b[0]) filters") }
            let h = ConvGeometry.inputSize(a[2], kernel: b[2], padding: p)
            let w = ConvGeometry.inputSize(a[3], kernel: b[2], padding: p)
            guard h >= 1, w >= 1 else { throw ShapeError(op, inputs, "no input size gives this output") }
            return Shape(a[0], b[1], h, w)
        case .conv2dWeightGrad(let k, let p):
            try checkKernel(op, inputs, kernel: k, kernelWidth: k, padding: p)
            try checkFits(op, inputs, height: b[2], width: b[3], kernel: k, padding: p)
            let g = geometry(op, a, b)
            guard a[0] == b[0], a[2] == g.outHeight, a[3] == g.outWidth else {
                throw ShapeError(op, inputs, "gradient is not the convolution output's shape")
            }
            return Shape(a[1], b[1], k, k)
        default:
            preconditionFailure("Conv2DRule: \(op.name)")
        }
    }

    static func checkKernel(_ op: Op, _ inputs: [Value], kernel: Int, kernelWidth: Int, padding: Int) throws(ShapeError) {
        guard kernel >= 1, kernel == kernelWidth else { throw ShapeError(op, inputs, "kernels must be square") }
        guard padding >= 0, padding < kernel else { throw ShapeError(op, inputs, "padding must be in 0..<kernel") }
    }

    static func checkFits(_ op: Op, _ inputs: [Value], height: Int, width: Int, kernel: Int, padding: Int) throws(ShapeError) {
        guard ConvGeometry.outputSize(height, kernel: kernel, padding: padding) >= 1,
              ConvGeometry.outputSize(width, kernel: kernel, padding: padding) >= 1 else {
            throw ShapeError(op, inputs, "kernel \(kernel) exceeds the padded input")
        }
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        guard let col = a.scratch else { preconditionFailure("\(op.name): no scratch memory") }
        let g = geometry(op, a.shape(0), a.shape(1))
        switch op {
        case .conv2d: Kernels.conv2D(a[0], a[1], a.output, col: col, g)
        case .conv2dInputGrad: Kernels.conv2DBackwardInput(a[0], a[1], a.output, col: col, g)
        case .conv2dWeightGrad: Kernels.conv2DBackwardWeight(a[0], a[1], a.output, col: col, g)
        default: preconditionFailure("Conv2DRule: \(op.name)")
        }
    }

    static func scratchCount(_ op: Op, _ inputs: [Value]) -> Int {
        geometry(op, inputs[0].shape, inputs[1].shape).columnCount
    }

    /// x's gradient reads w and w's reads x.
    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues {
        if case .conv2d = op { return .inputs(needs[1], needs[0]) }
        return .nothing
    }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        guard case .conv2d(let p) = op else { notDifferentiable(op) }
        let x = inputs[0], w = inputs[1]
        return [needs[0] ? g.apply(.conv2dInputGrad(padding: p), [gy, w]) : nil,
                needs[1] ? g.apply(.conv2dWeightGrad(kernel: w.shape[2], padding: p), [gy, x]) : nil]
    }
}

// MARK: - Per-channel bias

/// x [N, C, H, W] + bias [C] over each channel plane; its bias gradient is `channelSum`.
enum ChannelBiasRule: OpRule {
    static func canReuseInput0(_ op: Op) -> Bool { op == .addChannelBias }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        let x = inputs.first?.shape ?? Shape()
        if op == .addChannelBias {
            try expectArity(op, inputs, 2)
            guard x.rank == 4, inputs[1].shape == Shape(x[1]) else {
                throw ShapeError(op, inputs, "needs x [N, C, H, W] and bias [C]")
            }
            return x
        }
        try expectArity(op, inputs, 1)
        guard x.rank == 4 else { throw ShapeError(op, inputs, "needs x [N, C, H, W]") }
        return Shape(x[1])
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        let s = a.shape(0)
        if op == .addChannelBias {
            Kernels.addChannelBias(a[0], a[1], a.output, batch: s[0], channels: s[1], plane: s[2] * s[3])
        } else {
            Kernels.channelSum(a[0], a.output, batch: s[0], channels: s[1], plane: s[2] * s[3])
        }
    }

    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .nothing }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        if op == .addChannelBias {
            return [needs[0] ? gy : nil, needs[1] ? g.apply(.channelSum, [gy]) : nil]
        }
        // Every element of a channel's planes receives that channel's gradient: a broadcast.
        return [needs[0] ? g.addChannelBias(g.fill(0, inputs[0].shape), gy) : nil]
    }
}

// MARK: - Max-pool

/// window×window max-pool with stride = window. The pool stores each window's argmax after its
/// values in its output buffer, and the backward scatters through those indices (the algorithm
/// of the fused convolution block too, so every mode pools the same way).
enum MaxPoolRule: OpRule {
    static func geometry(_ x: Shape, _ window: Int) -> PoolGeometry {
        PoolGeometry(batch: x[0], channels: x[1], height: x[2], width: x[3], window: window)
    }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        switch op {
        case .maxPool(let k):
            try expectArity(op, inputs, 1)
            let x = inputs[0].shape
            guard x.rank == 4, k >= 1, x[2] >= k, x[3] >= k else {
                throw ShapeError(op, inputs, "needs x [N, C, H, W] with H, W ≥ \(k)")
            }
            return Shape(x[0], x[1], x[2] / k, x[3] / k)
        case .maxPoolGrad(let k, let h, let w):
            try expectArity(op, inputs, 2)
            try expectSameShape(op, inputs)
            let p = inputs[1].shape
            guard p.rank == 4, k >= 1, h / k == p[2], w / k == p[3] else {
                throw ShapeError(op, inputs, "needs pooled [N, C, \(h / max(k, 1)), \(w / max(k, 1))] inputs")
            }
            return Shape(p[0], p[1], h, w)
        default:
            preconditionFailure("MaxPoolRule: \(op.name)")
        }
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        switch op {
        case .maxPool(let k):
            Kernels.maxPool2D(a[0], a.output, indices: a.output + a.outputShape.count, geometry(a.shape(0), k))
        case .maxPoolGrad(let k, _, _):
            Kernels.maxPool2DBackward(a[0], indices: a[1] + a.shape(1).count, a.output, geometry(a.outputShape, k))
        default:
            preconditionFailure("MaxPoolRule: \(op.name)")
        }
    }

    /// The pool's buffer: its values, then as many argmax indices.
    static func outputFloats(_ op: Op, _ shape: Shape) -> Int {
        if case .maxPool = op { return 2 * shape.count }
        return shape.count
    }

    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues {
        if case .maxPool = op { return .inputs(false, output: true) }
        return .nothing
    }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        guard case .maxPool(let k) = op else { notDifferentiable(op) }
        let x = inputs[0].shape
        return [needs[0] ? g.apply(.maxPoolGrad(window: k, height: x[2], width: x[3]), [gy, output]) : nil]
    }
}
