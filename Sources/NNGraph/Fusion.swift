import NNKernel
import NNModels

// MARK: - Fusion (the fused mode's extra pass)

/// Rewrites patterns into fused ops:
/// - `matmul → addBias [→ activation]` becomes `FusedDense` (bias preloaded into C, beta = 1,
///   activation applied while C is hot); needs the matmul (and the pre-activation) used once.
/// - `activationGrad` whose result feeds a `columnSum` (the bias gradient) becomes one
///   `FusedActivationGradColumnSum`; the two results are views into its packed output.
/// - `softmaxCrossEntropy` and its gradient for a seed of exactly 1 become one
///   `FusedSoftmaxCrossEntropy`; loss and gradient are views into its packed output.
/// - an `sgdUpdate` whose gradient is a `matmul` read by nothing else becomes one
///   `FusedMatmulSGD`: the GEMM writes −lr·gradient straight into the parameter (beta = 1), so
///   the weight gradient is never stored and read back (the largest memory traffic of a step
///   at small batch sizes).
/// - every other `sgdUpdate` with one learning rate becomes a single `FusedSGD` at the last one's place.
public func fuse(_ g: Graph) -> Graph { g.rewritten(by: DenseFusionPlan(g)) }

/// What `fuse` will rewrite, decided before any node is emitted.
struct DenseFusionPlan: RewritePlan {
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

    /// Every match absorbs a node, so no absorbed node means no match.
    var isEmpty: Bool { absorbed.isEmpty }

    init(_ g: Graph) {
        let uses = g.useCounts()
        let consumers = g.consumers()
        let op = g.op

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

    mutating func replace(_ id: Int, in g: Graph, _ w: inout GraphRewriter) -> Bool {
        let n = g.nodes[id]
        func input(_ k: Int) -> Int { w.mapped(n.inputs[k]) }
        if let dense = dense[id] {
            let m = g.nodes[dense.matmul]
            guard case .op(.matmul(let ta, let tb)) = m.kind else { preconditionFailure() }
            w.map[id] = w.append(FusedDense(transposeA: ta, transposeB: tb, activation: dense.activation),
                                 [w.mapped(m.inputs[0]), w.mapped(m.inputs[1]), w.mapped(dense.bias)], n.shape)
        } else if let sum = gradSum[id], case .op(.activationGrad(let f)) = n.kind {
            let cols = n.shape.last
            let packed = w.append(FusedActivationGradColumnSum(activation: f), [input(0), input(1)],
                                  Shape(n.shape.count + cols))
            w.map[id] = w.view(packed, offset: 0, n.shape)
            w.map[sum] = w.view(packed, offset: n.shape.count, Shape(cols))
        } else if let gradNode = softmax[id] {
            let logits = g.nodes[n.inputs[0]].shape
            let packed = w.append(FusedSoftmaxCrossEntropy(), [input(0), input(1)], Shape(logits.count + 1))
            w.map[id] = w.view(packed, offset: logits.count, n.shape)
            w.map[gradNode] = w.view(packed, offset: 0, logits)
        } else if matmulSGD.contains(id), case .op(.sgdUpdate(let lr)) = n.kind,
                  case .op(.matmul(let ta, let tb)) = g.nodes[n.inputs[1]].kind {
            let m = g.nodes[n.inputs[1]]
            w.map[id] = w.append(FusedMatmulSGD(transposeA: ta, transposeB: tb, learningRate: lr),
                                 [input(0), w.mapped(m.inputs[0]), w.mapped(m.inputs[1])], n.shape)
        } else if id == sgdAnchor, case .op(.sgdUpdate(let lr)) = n.kind {
            let inputs = sgdNodes.flatMap { g.nodes[$0].inputs.map { w.mapped($0) } }
            let fused = w.append(FusedSGD(learningRate: lr), inputs, g.nodes[sgdNodes[0]].shape)
            for s in sgdNodes { w.map[s] = fused }
        } else {
            return false
        }
        return true
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
