import NNKernel
import NNModels

// MARK: - Fusion (the fused mode's extra pass)

/// Rewrites patterns into fused ops:
/// - `matmul → addBias [→ activation]` becomes `fusedDense` (bias preloaded into C, beta = 1,
///   activation applied while C is hot); needs the matmul (and the pre-activation) used once.
/// - `activationGrad` whose result feeds a `columnSum` (the bias gradient) becomes one
///   `fusedActivationGradColumnSum`; the two results are views into its packed output.
/// - `softmaxCrossEntropy` and its gradient for a seed of exactly 1 become one
///   `fusedSoftmaxCrossEntropy`; loss and gradient are views into its packed output.
/// - an `sgdUpdate` whose gradient is a `matmul` read by nothing else becomes one
///   `fusedMatmulSGD`: the GEMM writes −lr·gradient straight into the parameter (beta = 1), so
///   the weight gradient is never stored and read back (the largest memory traffic of a step
///   at small batch sizes).
/// - every other `sgdUpdate` with one learning rate becomes a single `fusedSGD` at the last one's place.
public func fuse(_ g: Graph) -> Graph {
    let plan = FusionPlan(g)
    var w = GraphRewriter(oldCount: g.nodes.count)
    for (id, n) in g.nodes.enumerated() {
        if plan.absorbed.contains(id) { continue }
        let input = { (k: Int) in w.mapped(n.inputs[k]) }
        if let dense = plan.dense[id] {
            let m = g.nodes[dense.matmul]
            guard case .op(.matmul(let ta, let tb)) = m.kind else { preconditionFailure() }
            w.map[id] = w.append(.op(.fusedDense(transposeA: ta, transposeB: tb, activation: dense.activation)),
                                 [w.mapped(m.inputs[0]), w.mapped(m.inputs[1]), w.mapped(dense.bias)], n.shape)
        } else if let sum = plan.gradSum[id], case .op(.activationGrad(let f)) = n.kind {
            let cols = n.shape.last
            let packed = w.append(.op(.fusedActivationGradColumnSum(f)), [input(0), input(1)],
                                  Shape(n.shape.count + cols))
            w.map[id] = w.append(.op(.view(offset: 0, shape: n.shape)), [packed], n.shape)
            w.map[sum] = w.append(.op(.view(offset: n.shape.count, shape: Shape(cols))), [packed], Shape(cols))
        } else if let gradNode = plan.softmax[id] {
            let logits = g.nodes[n.inputs[0]].shape
            let packed = w.append(.op(.fusedSoftmaxCrossEntropy), [input(0), input(1)], Shape(logits.count + 1))
            w.map[id] = w.append(.op(.view(offset: logits.count, shape: n.shape)), [packed], n.shape)
            w.map[gradNode] = w.append(.op(.view(offset: 0, shape: logits)), [packed], logits)
        } else if plan.matmulSGD.contains(id), case .op(.sgdUpdate(let lr)) = n.kind,
                  case .op(.matmul(let ta, let tb)) = g.nodes[n.inputs[1]].kind {
            let m = g.nodes[n.inputs[1]]
            w.map[id] = w.append(.op(.fusedMatmulSGD(transposeA: ta, transposeB: tb, learningRate: lr)),
                                 [input(0), w.mapped(m.inputs[0]), w.mapped(m.inputs[1])], n.shape)
        } else if id == plan.sgdAnchor, case .op(.sgdUpdate(let lr)) = n.kind {
            let inputs = plan.sgdNodes.flatMap { g.nodes[$0].inputs.map { w.mapped($0) } }
            let fused = w.append(.op(.fusedSGD(learningRate: lr)), inputs, g.nodes[plan.sgdNodes[0]].shape)
            for s in plan.sgdNodes { w.map[s] = fused }
        } else if w.map[id] == nil {
            w.copy(g, id)
        }
    }
    return w.graph(from: g)
}

/// What `fuse` will rewrite, decided before any node is emitted.
struct FusionPlan {
    /// Nodes folded into a fused node emitted elsewhere (or mapped to a view of one).
    var absorbed: Set<Int> = []
    /// Anchor (addBias or activation) → its chain.
    var dense: [Int: (matmul: Int, bias: Int, activation: Activation)] = [:]
    /// activationGrad → the columnSum of it.
    var gradSum: [Int: Int] = [:]
    /// softmaxCrossEntropy → its gradient node.
    var softmax: [Int: Int] = [:]
    var sgdNodes: [Int] = []
    var sgdAnchor = -1
    /// sgdUpdates whose gradient is a matmul used only by them.
    var matmulSGD: Set<Int> = []

    init(_ g: Graph) {
        let uses = g.useCounts()
        let consumers = g.consumers()
        func op(_ id: Int) -> Op? { g.nodes[id].kind.op }

        for (id, n) in g.nodes.enumerated() {
            switch n.kind.op {
            case .addBias?:
                let m = n.inputs[0]
                guard case .matmul? = op(m), uses[m] == 1, n.shape.rank == 2 else { break }
                let only = consumers[id].count == 1 && uses[id] == 1 ? consumers[id][0] : nil
                if let y = only, case .activation(let f)? = op(y) {
                    dense[y] = (m, n.inputs[1], f)
                    absorbed.formUnion([m, id])
                } else {
                    dense[id] = (m, n.inputs[1], .identity)
                    absorbed.insert(m)
                }
            case .activationGrad?:
                guard n.shape.rank == 2,
                      let s = consumers[id].first(where: { op($0) == .columnSum }) else { break }
                gradSum[id] = s
                absorbed.insert(s)
            case .softmaxCrossEntropy?:
                let grad = consumers[n.inputs[0]].first { c in
                    let cn = g.nodes[c]
                    return op(c) == .softmaxCrossEntropyGrad && cn.inputs[1] == n.inputs[1]
                        && isConstantOne(g, cn.inputs[2])
                }
                if let grad {
                    softmax[id] = grad
                    absorbed.insert(grad)
                }
            case .sgdUpdate(let lr)?:
                // Fuse only updates nobody reads afterwards, all with the first one's rate.
                guard uses[id] == 0 else { break }
                let grad = n.inputs[1]
                if case .matmul? = op(grad), uses[grad] == 1 {
                    matmulSGD.insert(id)
                    absorbed.insert(grad)
                    break
                }
                if let first = sgdNodes.first, op(first) != .sgdUpdate(learningRate: lr) { break }
                sgdNodes.append(id)
            default:
                break
            }
        }
        if sgdNodes.count > 1, let last = sgdNodes.last {
            sgdAnchor = last
            absorbed.formUnion(sgdNodes.dropLast())
        } else {
            sgdNodes = []
        }
    }
}

/// Whether node `id` is the scalar constant 1 (a fill or folded data).
func isConstantOne(_ g: Graph, _ id: Int) -> Bool {
    let n = g.nodes[id]
    guard n.shape.count == 1 else { return false }
    switch n.kind {
    case .op(.fill(let v, _)): return v == 1
    case .constant(let c): return c.values == [1]
    default: return false
    }
}
