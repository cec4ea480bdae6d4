import NNKernel
import NNModels

// MARK: - Recurrent fusion (the fused mode's pass for RNNs; runs before `fuse`)

/// Rewrites the per-step structure of a traced RNN:
/// - **Input projection hoisting + fused step.** Each step's
///   `addBias(add(matmul(timeStep(X, t), Wx), matmul(h, Wh)), b) [→ activation]` (or, at t = 0,
///   `addBias(matmul(timeStep(X, t), Wx), b) [→ activation]`) becomes one
///   `FusedRecurrentStep(activation, t)` over `XP = matmul(X as [B·T, F], Wx)`, a single GEMM for
///   every step's input projection, emitted once before the first step.
/// - **Weight gradients summed over time in one GEMM.** A sum (a tree of single-use `add`s) of
///   `matmulᵀ(A_k, D_k)` becomes `matmulᵀ(stack(A), stack(D))`, since Σ A_kᵀ·D_k = [A]ᵀ·[D]
///   with the A_k and D_k stacked row-wise in the same order; a sum of `columnSum(D_k)` becomes
///   `columnSum(stack(D))`. When the A_k are the time steps 0..<T of one sequence X, X itself
///   (viewed as [B·T, F]) is the stack and no copy is made. Equal stacks are built once.
/// Every rewrite needs the absorbed nodes to be used only inside the pattern.
public func fuseRecurrent(_ g: Graph) -> Graph { g.rewritten(by: RecurrentFusionPlan(g)) }

/// What `fuseRecurrent` will rewrite, decided before any node is emitted.
struct RecurrentFusionPlan: RewritePlan {
    struct Step {
        var sequence: Int, inputWeight: Int, step: Int, bias: Int
        var recurrent: (h: Int, weight: Int)?
        var activation: Activation
    }
    /// Σ matmulᵀ(A_k, D_k) (a non-nil) or Σ columnSum(D_k); ordered by time, earliest first.
    struct Sum {
        /// The A_k (`steps`), or the sequence they are the time steps 0..<T of.
        var a: (steps: [Int], sequence: Int?)?
        var d: [Int]
    }

    var absorbed: Set<Int> = []
    /// Anchor (addBias or its activation) → the step.
    var steps: [Int: Step] = [:]
    /// Root add → the sum.
    var sums: [Int: Sum] = [:]
    /// [X, Wx] (new ids) → XP [B, T, G], and new input ids → their stackTime node (filled while
    /// emitting, so equal projections and stacks are built once).
    var projections: [[Int]: Int] = [:]
    var stacks: [[Int]: Int] = [:]

    var isEmpty: Bool { steps.isEmpty && sums.isEmpty }

    init(_ g: Graph) {
        let uses = g.useCounts()
        let consumers = g.consumers()
        let op = g.op
        func once(_ id: Int) -> Bool { uses[id] == 1 }

        /// (X, t, Wx) when `id` is a single-use matmul(timeStep(X, t), Wx).
        func projection(_ id: Int) -> (x: Int, t: Int, w: Int)? {
            guard op(id) == .matmul(transposeA: false, transposeB: false), once(id) else { return nil }
            let n = g.nodes[id]
            guard case .timeStep(let t)? = op(n.inputs[0]) else { return nil }
            return (g.nodes[n.inputs[0]].inputs[0], t, n.inputs[1])
        }

        for (id, n) in g.nodes.enumerated() {
            switch n.kind.op {
            case .addBias?:
                guard n.shape.rank == 2 else { break }
                let s = n.inputs[0]
                var step: Step?
                if let p = projection(s) {
                    step = Step(sequence: p.x, inputWeight: p.w, step: p.t, bias: n.inputs[1], activation: .identity)
                    absorbed.insert(s)
                } else if op(s) == .add, once(s) {
                    let a = g.nodes[s].inputs[0], b = g.nodes[s].inputs[1]
                    for (pi, mi) in [(a, b), (b, a)] {
                        guard let p = projection(pi), op(mi) == .matmul(transposeA: false, transposeB: false),
                              once(mi) else { continue }
                        let m = g.nodes[mi]
                        step = Step(sequence: p.x, inputWeight: p.w, step: p.t, bias: n.inputs[1],
                                    recurrent: (m.inputs[0], m.inputs[1]), activation: .identity)
                        absorbed.formUnion([s, pi, mi])
                        break
                    }
                }
                guard var st = step else { break }
                if once(id), consumers[id].count == 1, case .activation(let f)? = op(consumers[id][0]) {
                    st.activation = f
                    absorbed.insert(id)
                    steps[consumers[id][0]] = st
                } else {
                    steps[id] = st
                }
            case .add?:
                // A root: not itself a single-use input of another add.
                if once(id), let c = consumers[id].first, op(c) == .add { break }
                if let sum = Self.sum(g, root: id, uses: uses) {
                    sums[id] = sum.sum
                    absorbed.formUnion(sum.interior)
                }
            default:
                break
            }
        }
    }

    mutating func replace(_ id: Int, in g: Graph, _ w: inout GraphRewriter) -> Bool {
        let n = g.nodes[id]
        if let st = steps[id] {
            let key = [w.mapped(st.sequence), w.mapped(st.inputWeight)]
            let xp: Int
            if let p = projections[key] {
                xp = p
            } else {
                let x = w.nodes[key[0]].shape, gw = w.nodes[key[1]].shape[1]
                let xRows = Self.rows(key[0], &w)
                let mm = w.append(.matmul(transposeA: false, transposeB: false), [xRows, key[1]], Shape(x[0] * x[1], gw))
                xp = w.view(mm, offset: 0, Shape(x[0], x[1], gw))
                projections[key] = xp
            }
            var inputs = [xp, w.mapped(st.bias)]
            if let r = st.recurrent { inputs += [w.mapped(r.h), w.mapped(r.weight)] }
            w.map[id] = w.append(FusedRecurrentStep(activation: st.activation, step: st.step), inputs, n.shape)
        } else if let sum = sums[id] {
            let d = stack(sum.d, &w)
            if let a = sum.a {
                let left = a.sequence.map { w.mapped($0) } ?? stack(a.steps, &w)
                let leftRows = Self.rows(left, &w), dRows = Self.rows(d, &w)
                w.map[id] = w.append(.matmul(transposeA: true, transposeB: false), [leftRows, dRows], n.shape)
            } else {
                w.map[id] = w.append(.columnSum, [d], n.shape)
            }
        } else {
            return false
        }
        return true
    }

    /// The stackTime of old nodes `olds`, built once per distinct input list.
    mutating func stack(_ olds: [Int], _ w: inout GraphRewriter) -> Int {
        let ids = olds.map { w.mapped($0) }
        if let s = stacks[ids] { return s }
        let s0 = w.nodes[ids[0]].shape
        let s = w.append(.stackTime, ids, Shape(s0[0], ids.count, s0[1]))
        stacks[ids] = s
        return s
    }

    /// New node `id` viewed as a matrix [count / last, last].
    static func rows(_ id: Int, _ w: inout GraphRewriter) -> Int {
        let s = w.nodes[id].shape
        return w.view(id, offset: 0, Shape(s.count / s.last, s.last))
    }

    /// The sum rooted at `root` if its leaves are all single-use matmulᵀ or all columnSum nodes
    /// with equally shaped operands (at least two leaves).
    static func sum(_ g: Graph, root: Int, uses: [Int]) -> (sum: Sum, interior: [Int])? {
        var leaves: [Int] = [], interior: [Int] = []
        var pending = [root]
        while let id = pending.popLast() {
            let n = g.nodes[id]
            if n.kind.op == .add, id == root || uses[id] == 1 {
                if id != root { interior.append(id) }
                pending += n.inputs
            } else {
                guard uses[id] == 1 else { return nil }
                leaves.append(id)
            }
        }
        guard leaves.count >= 2 else { return nil }
        let first = g.nodes[leaves[0]]
        guard let kind = first.kind.op,
              kind == .matmul(transposeA: true, transposeB: false) || kind == .columnSum else { return nil }
        for l in leaves {
            let n = g.nodes[l]
            guard n.kind.op == kind, zip(n.inputs, first.inputs).allSatisfy({ g.nodes[$0].shape == g.nodes[$1].shape }),
                  g.nodes[n.inputs[0]].shape.rank == 2 else { return nil }
        }
        // Earliest time first: the backward computes later steps first, so the D_k were
        // produced in decreasing time order.
        leaves.sort { g.nodes[$0].inputs.last ?? 0 > g.nodes[$1].inputs.last ?? 0 }
        let d = leaves.map { g.nodes[$0].inputs.last ?? 0 }
        guard kind != .columnSum else { return (Sum(a: nil, d: d), interior + leaves) }
        let a = leaves.map { g.nodes[$0].inputs[0] }
        return (Sum(a: (a, wholeSequence(g, a)), d: d), interior + leaves)
    }

    /// X when `steps` are exactly timeStep(X, 0), …, timeStep(X, T − 1) of one X [B, T, F].
    static func wholeSequence(_ g: Graph, _ steps: [Int]) -> Int? {
        guard let x = g.nodes[steps[0]].inputs.first else { return nil }
        guard g.nodes[x].shape.rank == 3, g.nodes[x].shape[1] == steps.count else { return nil }
        for (t, s) in steps.enumerated() {
            guard g.nodes[s].kind.op == .timeStep(t), g.nodes[s].inputs == [x] else { return nil }
        }
        return x
    }
}
