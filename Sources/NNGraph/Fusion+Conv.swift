import NNKernel
import NNModels

// MARK: - Convolution-block fusion (part of the fused mode)

extension Pass {
    /// Fuses convolution blocks; runs after `fusion` in the fused pipeline.
    public static let convFusion = Pass("fuse_conv", fuseConvBlocks)
}

/// Rewrites each convolution block `conv2d → addChannelBias → activation → maxPool` into one
/// `FusedConvBlock` (im2col, GEMM with the bias preloaded, activation and pool in one pass per
/// image; the full-resolution activation is never stored), whose packed output holds the pooled
/// values and their argmax indices (the layout of a plain pool's buffer). In a training graph the
/// block's backward `maxPoolGrad → activationGrad → channelSum` becomes one `FusedConvBlockGrad`
/// reading the pooled values and indices instead of the full-resolution activation.
///
/// A block fuses only when its intermediates have no other readers (the conv and the biased
/// sum are used once; the activation is read only by the pool and, in training, by its own
/// activation gradient), so the rewrite never changes what another node sees.
/// Blocks without a pool or with the identity activation are left alone.
public func fuseConvBlocks(_ g: Graph) -> Graph { g.rewritten(by: ConvFusionPlan(g)) }

/// What `fuseConvBlocks` will rewrite, decided before any node is emitted.
struct ConvFusionPlan: RewritePlan {
    struct Block { let x, weight, bias, padding: Int; let activation: Activation }
    struct Backward { let gradPooled, pool: Int; let channelSum: Int? }

    /// maxPool id → the block it ends.
    var forward: [Int: Block] = [:]
    /// activationGrad id → its block's backward.
    var backward: [Int: Backward] = [:]
    /// Nodes folded into a fused node emitted elsewhere.
    var absorbed: Set<Int> = []
    /// Old maxPool id → new id of its indices view (filled while emitting).
    var indicesOf: [Int: Int] = [:]

    var isEmpty: Bool { forward.isEmpty }

    init(_ g: Graph) {
        let uses = g.useCounts()
        let consumers = g.consumers()
        let op = g.op

        for (m, n) in g.nodes.enumerated() {
            guard case .maxPool? = n.kind.op else { continue }
            let r = n.inputs[0]
            guard case .activation(let f)? = op(r), f != .identity else { continue }
            let a = g.nodes[r].inputs[0]
            guard op(a) == .addChannelBias, uses[a] == 1 else { continue }
            let c = g.nodes[a].inputs[0]
            guard case .conv2d(let padding)? = op(c), uses[c] == 1 else { continue }

            // The activation's readers: this pool, and at most its own activation gradient; the
            // pool's gradient reads the pool (its stored indices).
            var actGrad: Int?
            var ok = uses[r] == consumers[r].count
            for reader in consumers[r] where reader != m {
                if case .activationGrad(let h)? = op(reader), h == f, g.nodes[reader].inputs[1] == r, actGrad == nil {
                    actGrad = reader
                } else {
                    ok = false
                }
            }
            guard ok else { continue }
            let poolGrad = consumers[m].first { id in
                if case .maxPoolGrad? = op(id), g.nodes[id].inputs[1] == m { return true }
                return false
            }
            switch (poolGrad, actGrad) {
            case (nil, nil):
                break
            case (let q?, let d?):
                // The activation gradient must read exactly the pool gradient, its only reader.
                guard g.nodes[d].inputs[0] == q, uses[q] == 1 else { continue }
                let sum = consumers[d].first { op($0) == .channelSum }
                backward[d] = Backward(gradPooled: g.nodes[q].inputs[0], pool: m, channelSum: sum)
                absorbed.insert(q)
                if let s = sum { absorbed.insert(s) }
            default:
                continue
            }
            forward[m] = Block(x: g.nodes[c].inputs[0], weight: g.nodes[c].inputs[1], bias: g.nodes[a].inputs[1],
                               padding: padding, activation: f)
            absorbed.formUnion([c, a, r])
        }
    }

    mutating func replace(_ id: Int, in g: Graph, _ w: inout GraphRewriter) -> Bool {
        let n = g.nodes[id]
        if let b = forward[id], case .op(.maxPool(let k)) = n.kind {
            let pooled = n.shape.count
            let packed = w.append(FusedConvBlock(padding: b.padding, activation: b.activation, window: k),
                                  [w.mapped(b.x), w.mapped(b.weight), w.mapped(b.bias)], Shape(2 * pooled))
            w.map[id] = w.view(packed, offset: 0, n.shape)
            indicesOf[id] = w.view(packed, offset: pooled, n.shape)
        } else if let b = backward[id], case .op(.activationGrad(let f)) = n.kind,
                  let indices = indicesOf[b.pool], case .op(.maxPool(let k)) = g.nodes[b.pool].kind {
            let s = n.shape, count = s.count
            let packed = w.append(FusedConvBlockGrad(activation: f, window: k, height: s[2], width: s[3]),
                                  [w.mapped(b.gradPooled), w.mapped(b.pool), indices], Shape(count + s[1]))
            w.map[id] = w.view(packed, offset: 0, s)
            if let sum = b.channelSum { w.map[sum] = w.view(packed, offset: count, Shape(s[1])) }
        } else {
            return false
        }
        return true
    }
}
