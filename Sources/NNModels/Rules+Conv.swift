import NNKernel

// MARK: - conv2d and its gradients: im2col + GEMM, the im2col buffer as scratch

/// A convolution op (x [N, C, H, W] ⊛ w [F, C, K, K], stride 1, zero padding) or one of its two
/// gradients: operands (s0, s1) are 4-D, and the kernel runs per image on the im2col buffer.
protocol ConvolutionRule: OpRule {
    /// The geometry of the forward convolution the op belongs to (inputs already validated).
    static func geometry(_ op: Op, _ s0: Shape, _ s1: Shape) -> ConvGeometry
    /// Runs the op's kernel with the im2col buffer `col`.
    static func run(_ a: KernelArgs, col: UnsafeMutablePointer<Float>, _ g: ConvGeometry)
}

extension ConvolutionRule {
    static func run(_ op: Op, _ a: KernelArgs) {
        guard let col = a.scratch else { preconditionFailure("\(op.name): no scratch memory") }
        run(a, col: col, geometry(op, a.shape(0), a.shape(1)))
    }

    static func scratchCount(_ op: Op, _ inputs: [Value]) -> Int {
        geometry(op, inputs[0].shape, inputs[1].shape).columnCount
    }

    /// The two operands' shapes, or why they are not two 4-D (NCHW) operands.
    static func operands(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> (Shape, Shape) {
        try expectArity(op, inputs, 2)
        let a = inputs[0].shape, b = inputs[1].shape
        guard a.rank == 4, b.rank == 4 else { throw ShapeError(op, inputs, "needs 4-D (NCHW) operands") }
        return (a, b)
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
}

/// x [N, C, H, W] ⊛ w [F, C, K, K] → [N, F, H+2p−K+1, W+2p−K+1].
enum Conv2DRule: ConvolutionRule {
    static func padding(_ op: Op) -> Int {
        guard case .conv2d(let p) = op else { preconditionFailure("Conv2DRule: \(op.name)") }
        return p
    }

    static func geometry(_ op: Op, _ x: Shape, _ w: Shape) -> ConvGeometry {
        ConvGeometry(batch: x[0], channels: x[1], height: x[2], width: x[3],
                     filters: w[0], kernel: w[2], padding: padding(op))
    }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        let (x, w) = try operands(op, inputs), p = padding(op)
        try checkKernel(op, inputs, kernel: w[2], kernelWidth: w[3], padding: p)
        guard x[1] == w[1] else { throw ShapeError(op, inputs, "input has \(x[1]) channels, weights \(w[1])") }
        try checkFits(op, inputs, height: x[2], width: x[3], kernel: w[2], padding: p)
        let g = geometry(op, x, w)
        return Shape(g.batch, g.filters, g.outHeight, g.outWidth)
    }

    static func run(_ a: KernelArgs, col: UnsafeMutablePointer<Float>, _ g: ConvGeometry) {
        Kernels.conv2D(a[0], a[1], a.output, col: col, g)
    }

    /// x's gradient reads w and w's reads x.
    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .inputs(needs[1], needs[0]) }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        let x = inputs[0], w = inputs[1], p = padding(op)
        return [needs[0] ? g.apply(.conv2dInputGrad(padding: p), [gy, w]) : nil,
                needs[1] ? g.apply(.conv2dWeightGrad(kernel: w.shape[2], padding: p), [gy, x]) : nil]
    }
}

/// Inputs (gy, w): the convolution input's gradient (GEMM with wᵀ, then col2im).
enum Conv2DInputGradRule: ConvolutionRule, NotDifferentiableRule {
    static func padding(_ op: Op) -> Int {
        guard case .conv2dInputGrad(let p) = op else { preconditionFailure("Conv2DInputGradRule: \(op.name)") }
        return p
    }

    static func geometry(_ op: Op, _ gy: Shape, _ w: Shape) -> ConvGeometry {
        let k = w[2], p = padding(op)
        return ConvGeometry(batch: gy[0], channels: w[1], height: ConvGeometry.inputSize(gy[2], kernel: k, padding: p),
                            width: ConvGeometry.inputSize(gy[3], kernel: k, padding: p), filters: w[0], kernel: k, padding: p)
    }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        let (gy, w) = try operands(op, inputs), p = padding(op)
        try checkKernel(op, inputs, kernel: w[2], kernelWidth: w[3], padding: p)
        guard gy[1] == w[0] else { throw ShapeError(op, inputs, "gradient has \(gy[1]) channels, weights \(w[0]) filters") }
        let h = ConvGeometry.inputSize(gy[2], kernel: w[2], padding: p)
        let width = ConvGeometry.inputSize(gy[3], kernel: w[2], padding: p)
        guard h >= 1, width >= 1 else { throw ShapeError(op, inputs, "no input size gives this output") }
        return Shape(gy[0], w[1], h, width)
    }

    static func run(_ a: KernelArgs, col: UnsafeMutablePointer<Float>, _ g: ConvGeometry) {
        Kernels.conv2DBackwardInput(a[0], a[1], a.output, col: col, g)
    }
}

/// Inputs (gy, x): the convolution weights' gradient [F, C, kernel, kernel].
enum Conv2DWeightGradRule: ConvolutionRule, NotDifferentiableRule {
    static func kernelAndPadding(_ op: Op) -> (kernel: Int, padding: Int) {
        guard case .conv2dWeightGrad(let k, let p) = op else { preconditionFailure("Conv2DWeightGradRule: \(op.name)") }
        return (k, p)
    }

    static func geometry(_ op: Op, _ gy: Shape, _ x: Shape) -> ConvGeometry {
        let (k, p) = kernelAndPadding(op)
        return ConvGeometry(batch: x[0], channels: x[1], height: x[2], width: x[3], filters: gy[1], kernel: k, padding: p)
    }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        let (gy, x) = try operands(op, inputs), (k, p) = kernelAndPadding(op)
        try checkKernel(op, inputs, kernel: k, kernelWidth: k, padding: p)
        try checkFits(op, inputs, height: x[2], width: x[3], kernel: k, padding: p)
        let g = geometry(op, gy, x)
        guard gy[0] == x[0], gy[2] == g.outHeight, gy[3] == g.outWidth else {
            throw ShapeError(op, inputs, "gradient is not the convolution output's shape")
        }
        return Shape(gy[1], x[1], k, k)
    }

    static func run(_ a: KernelArgs, col: UnsafeMutablePointer<Float>, _ g: ConvGeometry) {
        Kernels.conv2DBackwardWeight(a[0], a[1], a.output, col: col, g)
    }
}

// MARK: - Per-channel bias

/// x [N, C, H, W] + bias [C] over each channel plane; its bias gradient is `channelSum`.
enum AddChannelBiasRule: OpRule {
    static func canReuseInput0(_ op: Op) -> Bool { true }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        try expectArity(op, inputs, 2)
        let x = inputs[0].shape
        guard x.rank == 4, inputs[1].shape == Shape(x[1]) else {
            throw ShapeError(op, inputs, "needs x [N, C, H, W] and bias [C]")
        }
        return x
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        let s = a.shape(0)
        Kernels.addChannelBias(a[0], a[1], a.output, batch: s[0], channels: s[1], plane: s[2] * s[3])
    }

    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .nothing }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        [needs[0] ? gy : nil, needs[1] ? g.apply(.channelSum, [gy]) : nil]
    }
}

/// The per-channel sums of x [N, C, H, W]: [C].
enum ChannelSumRule: OpRule {
    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        try expectArity(op, inputs, 1)
        let x = inputs[0].shape
        guard x.rank == 4 else { throw ShapeError(op, inputs, "needs x [N, C, H, W]") }
        return Shape(x[1])
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        let s = a.shape(0)
        Kernels.channelSum(a[0], a.output, batch: s[0], channels: s[1], plane: s[2] * s[3])
    }

    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .nothing }

    /// Every element of a channel's planes receives that channel's gradient: a broadcast.
    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        [needs[0] ? g.addChannelBias(g.fill(0, inputs[0].shape), gy) : nil]
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

    static func window(_ op: Op) -> Int {
        guard case .maxPool(let k) = op else { preconditionFailure("MaxPoolRule: \(op.name)") }
        return k
    }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        let k = window(op)
        try expectArity(op, inputs, 1)
        let x = inputs[0].shape
        guard x.rank == 4, k >= 1, x[2] >= k, x[3] >= k else {
            throw ShapeError(op, inputs, "needs x [N, C, H, W] with H, W ≥ \(k)")
        }
        return Shape(x[0], x[1], x[2] / k, x[3] / k)
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        Kernels.maxPool2D(a[0], a.output, indices: a.output + a.outputShape.count, geometry(a.shape(0), window(op)))
    }

    /// The pool's buffer: its values, then as many argmax indices.
    static func outputFloats(_ op: Op, _ shape: Shape) -> Int { 2 * shape.count }

    static func saved(_ op: Op, _ needs: [Bool]) -> SavedValues { .inputs(false, output: true) }

    static func gradient(_ op: Op, _ g: Builder, _ inputs: [Value], _ output: Value,
                         _ gy: Value, _ needs: [Bool]) -> [Value?] {
        let x = inputs[0].shape
        return [needs[0] ? g.apply(.maxPoolGrad(window: window(op), height: x[2], width: x[3]), [gy, output]) : nil]
    }
}

/// Inputs (gradOutput, the pool's output with its indices): gradOutput scattered to the argmax.
enum MaxPoolGradRule: NotDifferentiableRule {
    static func pool(_ op: Op) -> (window: Int, height: Int, width: Int) {
        guard case .maxPoolGrad(let k, let h, let w) = op else { preconditionFailure("MaxPoolGradRule: \(op.name)") }
        return (k, h, w)
    }

    static func shape(_ op: Op, _ inputs: [Value]) throws(ShapeError) -> Shape {
        let (k, h, w) = pool(op)
        try expectArity(op, inputs, 2)
        try expectSameShape(op, inputs)
        let p = inputs[1].shape
        guard p.rank == 4, k >= 1, h / k == p[2], w / k == p[3] else {
            throw ShapeError(op, inputs, "needs pooled [N, C, \(h / max(k, 1)), \(w / max(k, 1))] inputs")
        }
        return Shape(p[0], p[1], h, w)
    }

    static func run(_ op: Op, _ a: KernelArgs) {
        let g = MaxPoolRule.geometry(a.outputShape, pool(op).window)
        Kernels.maxPool2DBackward(a[0], indices: a[1] + a.shape(1).count, a.output, g)
    }
}
