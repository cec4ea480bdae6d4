// MARK: - How much memory a benchmark needs, before building it

/// A conservative estimate of the bytes one benchmark needs, computed in Double so absurd
/// sizes cannot overflow. Used to refuse workloads that cannot fit on the machine.
enum MemoryEstimate {
    /// Parameters (three copies: values, gradients, the initial copy per mode) plus activations
    /// (four live copies per element: forward outputs, their gradients, and room for each mode).
    static func bytes(_ model: ModelSpec, batch: Int, sequenceLength: Int) -> Double {
        let b = Double(batch)
        var params = 0.0, activations = 0.0
        switch model {
        case .mlp(let m):
            let widths = [m.input] + m.hidden + [m.classes]
            for (a, c) in zip(widths, widths.dropFirst()) { params += Double(a) * Double(c) + Double(c) }
            activations = b * widths.reduce(0.0) { $0 + Double($1) }
        case .cnn(let c):
            var channels = Double(c.input[0]), h = Double(c.input[1]), w = Double(c.input[2])
            activations = channels * h * w
            for conv in c.conv {
                let k = Double(conv.kernel), outC = Double(conv.channels)
                h += 2 * Double(conv.padding) - k + 1
                w += 2 * Double(conv.padding) - k + 1
                params += outC * channels * k * k + outC
                activations += channels * k * k * h * w + 2 * outC * h * w   // im2col, conv, activation
                if let p = conv.pool {
                    h = (h / Double(p)).rounded(.down)
                    w = (w / Double(p)).rounded(.down)
                    activations += outC * h * w
                }
                channels = outC
            }
            var width = channels * h * w
            for d in c.dense + [c.classes] {
                params += width * Double(d) + Double(d)
                activations += Double(d)
                width = Double(d)
            }
            activations *= b
        case .recurrent(let r):
            let gates: Double = r.cell == .lstm ? 4 : 1
            let i = Double(r.input), h = Double(r.hidden)
            params = gates * (i * h + h * h + h) + h * Double(r.classes) + Double(r.classes)
            activations = b * Double(sequenceLength) * (i + 3 * gates * h)
        }
        return 4 * (3 * params + 4 * activations)
    }
}
