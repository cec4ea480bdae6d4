import NNKernel
import NNModels

// MARK: - Passes: each a function from graph to graph

/// A named graph-to-graph transformation.
public struct Pass: Sendable {
    public let name: String
    public let run: @Sendable (Graph) -> Graph

    public init(_ name: String, _ run: @escaping @Sendable (Graph) -> Graph) {
        self.name = name
        self.run = run
    }

    public static let deadCodeElimination = Pass("dce", eliminateDeadCode)
    public static let commonSubexpressionElimination = Pass("cse", eliminateCommonSubexpressions)
    public static let constantFolding = Pass("fold", foldConstants)
    public static let fusion = Pass("fuse", fuse)
    public static let recurrentFusion = Pass("fuse_rnn", fuseRecurrent)

    /// The static-graph pipeline.
    public static let staticPipeline: [Pass] = [
        .deadCodeElimination, .commonSubexpressionElimination, .constantFolding, .deadCodeElimination,
    ]
    /// The fused pipeline: the static one, then recurrent fusion (a no-op without RNN patterns),
    /// dense/loss/SGD fusion, conv-block fusion, and a last clean-up.
    public static let fusedPipeline: [Pass] =
        staticPipeline + [.recurrentFusion, .fusion, .convFusion, .deadCodeElimination]
}

// MARK: - Dead-code elimination

/// Removes nodes that neither an output nor a side effect (a parameter update) depends on.
public func eliminateDeadCode(_ g: Graph) -> Graph {
    var live = [Bool](repeating: false, count: g.nodes.count)
    for o in g.outputs { live[o] = true }
    for (id, n) in g.nodes.enumerated() where n.hasSideEffects { live[id] = true }
    for id in g.nodes.indices.reversed() where live[id] {
        for i in g.nodes[id].inputs { live[i] = true }
    }
    // Arguments stay even when unused: they are the step's calling convention.
    for (id, n) in g.nodes.enumerated() { if case .argument = n.kind { live[id] = true } }
    var w = GraphRewriter(oldCount: g.nodes.count)
    for id in g.nodes.indices where live[id] { w.copy(g, id) }
    return w.graph(from: g)
}

// MARK: - Common-subexpression elimination

/// Merges nodes with the same kind and the same inputs (after merging their inputs), except
/// nodes with side effects, which are never merged.
public func eliminateCommonSubexpressions(_ g: Graph) -> Graph {
    var w = GraphRewriter(oldCount: g.nodes.count)
    var seen: [Node: Int] = [:]
    for (id, n) in g.nodes.enumerated() {
        let candidate = Node(n.kind, n.inputs.map { w.mapped($0) }, n.shape)
        if !n.hasSideEffects, let existing = seen[candidate] {
            w.map[id] = existing
            continue
        }
        let new = w.append(candidate.kind, candidate.inputs, candidate.shape)
        w.map[id] = new
        if !n.hasSideEffects { seen[candidate] = new }
    }
    return w.graph(from: g)
}

// MARK: - Constant folding

/// Evaluates at compile time every pure op whose inputs are all constants (`fill` ops or folded
/// data), replacing it by a constant; and drops `scale(1)`, which is the identity.
/// Fills themselves stay ops (they are cheap, and a kernel writes them into the arena).
public func foldConstants(_ g: Graph) -> Graph {
    var w = GraphRewriter(oldCount: g.nodes.count)
    var constant: [Int: [Float]] = [:]   // new id → values
    for (id, n) in g.nodes.enumerated() {
        let inputs = n.inputs.map { w.mapped($0) }
        if case .op(.scale(1)) = n.kind {
            w.map[id] = inputs[0]
            continue
        }
        switch n.kind {
        case .constant(let c):
            let new = w.append(n.kind, inputs, n.shape)
            constant[new] = c.values
            w.map[id] = new
        case .op(let op) where op.hasSideEffects || !op.isFoldable || op.outputFloats(n.shape) != n.shape.count:
            // A constant holds the output's elements only, not what its buffer keeps beyond them.
            w.map[id] = w.append(n.kind, inputs, n.shape)
        case .op(.fill(let v, let s)):
            let new = w.append(n.kind, inputs, n.shape)
            constant[new] = [Float](repeating: v, count: s.count)
            w.map[id] = new
        case .op(let op) where !inputs.isEmpty && inputs.allSatisfy({ constant[$0] != nil }):
            let known = inputs.compactMap { constant[$0] }
            if case .view = op.storage {
                w.map[id] = w.append(n.kind, inputs, n.shape)
                continue
            }
            let values = evaluate(op, known, inputs.map { w.nodes[$0].shape }, n.shape)
            let new = w.append(.constant(ConstantData(values)), [], n.shape)
            constant[new] = values
            w.map[id] = new
        default:
            w.map[id] = w.append(n.kind, inputs, n.shape)
        }
    }
    return w.graph(from: g)
}

/// Runs one op's kernel on constant inputs.
func evaluate(_ op: Op, _ inputs: [[Float]], _ shapes: [Shape], _ shape: Shape) -> [Float] {
    let tensors = zip(inputs, shapes).map { Tensor(shape: $1, values: $0) }
    let out = Tensor(uninitialized: shape)
    let values = zip(tensors.indices, shapes).map { Value(id: $0, shape: $1) }
    let scratch = op.rule.scratchCount(op, values)
    let s = scratch > 0 ? Tensor(uninitialized: Shape(scratch)) : nil
    var ptrs = tensors.map(\.data)
    var shp = shapes
    ptrs.withUnsafeMutableBufferPointer { p in
        shp.withUnsafeMutableBufferPointer { sp in
            guard let pb = p.baseAddress, let sb = sp.baseAddress else { return }
            op.rule.run(op, KernelArgs(inputs: pb, inputShapes: sb, inputCount: tensors.count,
                                       output: out.data, outputShape: shape, scratch: s?.data))
        }
    }
    return out.array
}
