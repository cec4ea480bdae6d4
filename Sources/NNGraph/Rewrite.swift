import NNKernel
import NNModels

// MARK: - Match and replace: the skeleton every fusion pass shares

/// What a fusion pass found, decided before any node is emitted: the nodes its fused nodes
/// absorb, and how to emit the replacement at each match's anchor.
///
/// A pass is then `g.rewritten(by: SomePlan(g))`: the plan's `init` matches, `replace` emits.
protocol RewritePlan {
    /// Nodes folded into a fused node emitted elsewhere: never copied.
    var absorbed: Set<Int> { get }
    /// Whether nothing matched (the graph is returned unchanged).
    var isEmpty: Bool { get }
    /// Emits the replacement anchored at old node `id`, mapping every old node it stands for
    /// (`w.map`); returns false when `id` anchors no match, and the node is copied.
    mutating func replace(_ id: Int, in g: Graph, _ w: inout GraphRewriter) -> Bool
}

extension Graph {
    /// The graph with every match of `plan` replaced; other nodes are copied in order.
    func rewritten<P: RewritePlan>(by plan: P) -> Graph {
        guard !plan.isEmpty else { return self }
        var plan = plan
        var w = GraphRewriter(oldCount: nodes.count)
        for id in nodes.indices where !plan.absorbed.contains(id) {
            if plan.replace(id, in: self, &w) { continue }
            if w.map[id] == nil { w.copy(self, id) }
        }
        return w.graph(from: self)
    }

    /// Node `id`'s op (nil for arguments and constants).
    func op(_ id: Int) -> Op? { nodes[id].kind.op }
}

extension GraphRewriter {
    /// Appends `op` on new ids `inputs`.
    mutating func append(_ op: Op, _ inputs: [Int], _ shape: Shape) -> Int {
        append(.op(op), inputs, shape)
    }

    /// Appends the fused op `op` on new ids `inputs`.
    mutating func append(_ op: some FusedOp, _ inputs: [Int], _ shape: Shape) -> Int {
        append(.op(op.op), inputs, shape)
    }

    /// Appends a view of new node `base` at element `offset` with `shape`: how a fused op's
    /// packed output stands in for the nodes it replaced.
    mutating func view(_ base: Int, offset: Int, _ shape: Shape) -> Int {
        append(.view(offset: offset, shape: shape), [base], shape)
    }
}

// MARK: - Fused ops

/// An op only a fusion pass creates (each pass defines its own next to it): never
/// differentiated (nnbench differentiates once, before fusion) and never constant-folded.
public protocol FusedOp: CustomOp {}

extension FusedOp {
    public var isFoldable: Bool { false }
}
