import Testing
import NNKernel
import NNModels
@testable import NNGraph
import NNVocabulary

/// Runs `g` on `args` with a fresh plan and returns every output's values.
func evaluate(_ g: Graph, _ args: [Tensor]) -> [[Float]] {
    let ex = Executor(graph: g, plan: planMemory(g))
    for (i, a) in args.enumerated() { ex.bind(i, a) }
    ex.run()
    return g.outputs.map { o in Array(UnsafeBufferPointer(start: ex.data(of: o), count: g.nodes[o].shape.count)) }
}

func ops(_ g: Graph) -> [String] { g.nodes.compactMap { $0.kind.op?.name } }

struct PassTests {
    // MARK: DCE

    @Test func deadCodeEliminationRemovesUnusedNodes() throws {
        let t = Tracer()
        let x = t.argument("x", Shape(2, 3), isParameter: false)
        _ = t.relu(x)                       // dead
        let y = t.tanh(x)
        let g = eliminateDeadCode(t.graph(outputs: [y]))
        try g.verify()
        #expect(ops(g) == ["tanh"])
    }

    @Test func deadCodeEliminationKeepsUsedAndSideEffectingNodes() throws {
        let t = Tracer()
        let p = t.argument("p", Shape(3), isParameter: true)
        let d = t.argument("d", Shape(3), isParameter: false)
        let y = t.relu(d)
        t.sgdUpdate(p, t.scale(d, 2), learningRate: 0.1)   // output unused, but a side effect
        let before = t.graph(outputs: [y])
        let after = eliminateDeadCode(before)
        try after.verify()
        #expect(after.nodes == before.nodes)
    }

    // MARK: CSE

    @Test func cseMergesDuplicateWork() throws {
        let t = Tracer()
        let x = t.argument("x", Shape(2, 3), isParameter: false)
        let w = t.argument("w", Shape(3, 4), isParameter: false)
        let a = t.relu(t.matmul(x, w))
        let b = t.relu(t.matmul(x, w))
        let g = eliminateDeadCode(eliminateCommonSubexpressions(t.graph(outputs: [t.add(a, b)])))
        try g.verify()
        #expect(ops(g) == ["matmul", "relu", "add"])
    }

    @Test func cseLeavesDifferentOpsAndSideEffectsAlone() throws {
        let t = Tracer()
        let x = t.argument("x", Shape(3, 3), isParameter: false)
        let p = t.argument("p", Shape(3, 3), isParameter: true)
        let a = t.matmul(x, x)
        let b = t.matmul(x, x, transposeB: true)     // different op: not merged
        // Two identical updates, applied one after the other: merging them would update once.
        let p1 = t.sgdUpdate(p, a, learningRate: 0.1)
        t.sgdUpdate(p1, a, learningRate: 0.1)
        let before = t.graph(outputs: [t.add(a, b)])
        let after = eliminateCommonSubexpressions(before)
        try after.verify()
        #expect(after.nodes == before.nodes)
    }

    // MARK: Constant folding

    @Test func constantFoldingEvaluatesConstantSubgraphs() throws {
        let t = Tracer()
        let x = t.argument("x", Shape(4), isParameter: false)
        let c = t.mul(t.fill(2, Shape(4)), t.fill(3, Shape(4)))  // = 6, known at compile time
        let y = t.scale(t.add(x, c), 1)                          // scale(1) is the identity
        let g = eliminateDeadCode(foldConstants(t.graph(outputs: [y])))
        try g.verify()
        #expect(ops(g) == ["add"])
        let folded = g.nodes.compactMap { n -> [Float]? in
            if case .constant(let d) = n.kind { return d.values } else { return nil }
        }
        #expect(folded == [[6, 6, 6, 6]])
        #expect(evaluate(g, [Tensor(shape: Shape(4), values: [1, 2, 3, 4])]) == [[7, 8, 9, 10]])
    }

    @Test func constantFoldingLeavesDataDependentNodesAlone() throws {
        let t = Tracer()
        let x = t.argument("x", Shape(4), isParameter: false)
        let y = t.scale(t.add(x, t.fill(1, Shape(4))), 2)
        let before = t.graph(outputs: [y])
        let after = foldConstants(before)
        try after.verify()
        #expect(after.nodes == before.nodes)
    }

    // MARK: Fusion

    static func traceMLPTraining(batch: Int) -> (Graph, [Tensor]) {
        let model = MLP(sizes: [12, 10, 8, 3], activation: .tanh)
        let t = Tracer()
        let x = t.argument("x", Shape(batch, 12), isParameter: false)
        let y = t.argument("labels", Shape(batch), isParameter: false)
        let p = model.parameters.map { t.argument($0.name, $0.shape, isParameter: true) }
        let loss = Steps.training(t, model: model, x: x, labels: y, parameters: p, learningRate: 0.1)
        let data = SyntheticData.batch(shape: Shape(batch, 12), classes: 3, seed: 4)
        return (t.graph(outputs: [loss]), [data.x, data.labels] + model.initialParameters(seed: 8))
    }

    @Test func fusionRewritesTheMLPTrainingStep() throws {
        let (traced, _) = Self.traceMLPTraining(batch: 5)
        let g = Pass.fusedPipeline.reduce(traced) { $1.run($0) }
        try g.verify()
        let names = ops(g)
        #expect(names.filter { $0.hasPrefix("fused.dense") }.count == 3)
        #expect(names.filter { $0 == "fused.tanhGrad+columnSum" }.count == 2)
        #expect(names.filter { $0 == "fused.softmaxCrossEntropy+grad" }.count == 1)
        #expect(names.filter { $0.hasPrefix("fused.sgd") }.count == 1)   // the three biases
        // Each weight's gradient xᵀ·dy goes straight into the weight: one GEMM, no dW buffer.
        #expect(names.filter { $0 == "fused.matmulᵀ+sgd(lr: 0.1)" }.count == 3)
        #expect(names.filter { $0.hasPrefix("matmul") } == ["matmul·ᵀ", "matmul·ᵀ"])   // dx of layers 2, 3
        #expect(!names.contains("addBias") && !names.contains("tanh") && !names.contains(where: { $0.hasPrefix("sgd") }))
        let staticGraph = Pass.staticPipeline.reduce(traced) { $1.run($0) }
        #expect(g.kernelNodeCount < staticGraph.kernelNodeCount)
    }

    @Test func fusionLeavesUnfusableGraphsAlone() throws {
        let t = Tracer()
        let x = t.argument("x", Shape(2, 3), isParameter: false)
        let w = t.argument("w", Shape(3, 3), isParameter: false)
        let m = t.matmul(x, w)
        let y = t.add(m, m)     // matmul used twice, no bias: nothing to fuse
        let before = t.graph(outputs: [y])
        let after = fuse(before)
        try after.verify()
        #expect(after.nodes == before.nodes)
    }

    // MARK: Every pass preserves results

    @Test(arguments: ["dce", "cse", "fold", "fuse"])
    func passPreservesResults(name: String) throws {
        let pass = Pass.fusedPipeline.first { $0.name == name }!
        for batch in [1, 4] {
            let (traced, args) = Self.traceMLPTraining(batch: batch)
            let prepared = Pass.staticPipeline.reduce(traced) { $1.run($0) }
            let after = pass.run(prepared)
            try after.verify()
            // Fresh copies of the arguments for each run: training updates parameters in place.
            let a = evaluate(prepared, args.map { $0.copy() })
            let b = evaluate(after, args.map { $0.copy() })
            #expect(a.count == b.count)
            for (u, v) in zip(a, b) {
                for (p, q) in zip(u, v) { #expect(abs(p - q) <= 1e-6 + 1e-5 * abs(q)) }
            }
        }
    }
}

struct VerifierTests {
    @Test func rejectsAWrongShape() {
        let g = Graph(nodes: [Node(.argument(0), [], Shape(2, 3)), Node(.op(.activation(.relu)), [0], Shape(3, 2))],
                      arguments: [GraphArgument(name: "x", shape: Shape(2, 3), isParameter: false)], outputs: [1])
        #expect(throws: GraphError.self) { try g.verify() }
    }

    @Test func rejectsAForwardReference() {
        let g = Graph(nodes: [Node(.op(.activation(.relu)), [1], Shape(2)), Node(.argument(0), [], Shape(2))],
                      arguments: [GraphArgument(name: "x", shape: Shape(2), isParameter: false)], outputs: [0])
        #expect(throws: GraphError.self) { try g.verify() }
    }

    @Test func rejectsAReadAfterAnInPlaceUpdate() {
        let args = [GraphArgument(name: "p", shape: Shape(2), isParameter: true), GraphArgument(name: "g", shape: Shape(2), isParameter: false)]
        let g = Graph(nodes: [Node(.argument(0), [], Shape(2)), Node(.argument(1), [], Shape(2)),
                              Node(.op(.sgdUpdate(learningRate: 1)), [0, 1], Shape(2)),
                              Node(.op(.activation(.relu)), [0], Shape(2))],
                      arguments: args, outputs: [3])
        #expect(throws: GraphError.self) { try g.verify() }
    }
}

struct MemoryPlannerTests {
    @Test func packingBySizeKeepsConcurrentBlocksApart() {
        // Random lifetimes and sizes: blocks alive at the same time never share arena floats,
        // and the arena never exceeds the sum of the sizes.
        var rng = SplitMix64(seed: 21)
        for _ in 0..<50 {
            let blocks = (0..<30).map { _ -> (size: Int, start: Int, end: Int) in
                let start = Int(rng.next() % 40)
                return (16 * Int(1 + rng.next() % 20), start, start + Int(rng.next() % 10))
            }
            let packed = packBySize(blocks)
            #expect(packed.high <= blocks.reduce(0) { $0 + $1.size })
            for a in blocks.indices {
                #expect(packed.offsets[a] >= 0 && packed.offsets[a] + blocks[a].size <= packed.high)
                for b in blocks.indices where b > a
                    && blocks[a].start <= blocks[b].end && blocks[b].start <= blocks[a].end {
                    let apart = packed.offsets[a] + blocks[a].size <= packed.offsets[b]
                        || packed.offsets[b] + blocks[b].size <= packed.offsets[a]
                    #expect(apart, "blocks \(a) and \(b) are alive together and overlap")
                }
            }
        }
    }

    @Test func arenaReusesDeadBuffers() {
        let (traced, _) = PassTests.traceMLPTraining(batch: 16)
        let g = Pass.staticPipeline.reduce(traced) { $1.run($0) }
        let plan = planMemory(g)
        #expect(plan.arenaFloats < plan.unplannedFloats)
        #expect(plan.inPlaceReuses > 0)
    }

    @Test func liveBuffersNeverOverlap() {
        // Simulate the plan: at every node, the arena ranges of values still to be read must be
        // disjoint unless one aliases the other by design (view, in-place, reuse of a dead input).
        let (traced, _) = PassTests.traceMLPTraining(batch: 3)
        for g in [Pass.staticPipeline.reduce(traced) { $1.run($0) }, Pass.fusedPipeline.reduce(traced) { $1.run($0) }] {
            let plan = planMemory(g)
            var last = [Int](repeating: -1, count: g.nodes.count)
            for (id, n) in g.nodes.enumerated() { for i in n.inputs { last[i] = max(last[i], id) } }
            for o in g.outputs { last[o] = Int.max }
            func range(_ id: Int) -> Range<Int>? {
                guard case .arena(let o) = plan.locations[id] else { return nil }
                return o..<(o + g.nodes[id].shape.count)
            }
            func related(_ a: Int, _ b: Int) -> Bool {
                // b derives its storage from a through views/in-place/reuse chains.
                var stack = [b], seen = Set<Int>()
                while let x = stack.popLast() {
                    if x == a { return true }
                    guard seen.insert(x).inserted, let op = g.nodes[x].kind.op else { continue }
                    if case .fresh = op.storage, !op.canReuseInput0 { continue }
                    if let first = g.nodes[x].inputs.first { stack.append(first) }
                }
                return false
            }
            for a in g.nodes.indices {
                guard let ra = range(a) else { continue }
                for b in (a + 1)..<g.nodes.count where b <= last[a] {
                    guard let rb = range(b), ra.overlaps(rb) else { continue }
                    #expect(related(a, b), "%\(b) overwrites %\(a), still read at %\(last[a])")
                }
            }
        }
    }
}
