import NNKernel
import NNModels

// MARK: - Executor: replay a planned graph

/// Replays a planned graph: one kernel call per instruction on precomputed pointers.
/// No shape checks, no allocation, no tape: `run()` touches only the arena and bound tensors.
public final class Executor {
    struct Instruction {
        let op: Op
        let rule: any OpRule.Type
        let inputStart: Int
        let inputCount: Int
        let outputShape: Shape
        let scratch: UnsafeMutablePointer<Float>?
    }

    public let graph: Graph
    public let plan: MemoryPlan
    private let arena: Tensor
    private var instructions: [Instruction] = []
    private let inputPointers: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
    private let inputShapes: UnsafeMutablePointer<Shape>
    private let outputPointers: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
    private let tableSize: Int
    /// Argument → the table slots (inputs or outputs) holding a pointer into it, with offsets.
    private var argumentSlots: [[(inOutputs: Bool, slot: Int, offset: Int)]]
    private var bound: [Tensor?]

    /// Kernel instructions per run.
    public var instructionCount: Int { instructions.count }

    /// Allocates the arena and the pointer tables, and writes folded constants into the arena.
    public init(graph: Graph, plan: MemoryPlan) {
        self.graph = graph
        self.plan = plan
        arena = Tensor(uninitialized: Shape(max(plan.arenaFloats, 1)))
        let kernelNodes = graph.nodes.indices.filter { id in
            guard let op = graph.nodes[id].kind.op else { return false }
            if case .view = op.storage { return false }
            return true
        }
        tableSize = kernelNodes.reduce(0) { $0 + graph.nodes[$1].inputs.count }
        inputPointers = .allocate(capacity: max(tableSize, 1))
        inputShapes = .allocate(capacity: max(tableSize, 1))
        outputPointers = .allocate(capacity: max(kernelNodes.count, 1))
        argumentSlots = Array(repeating: [], count: graph.arguments.count)
        bound = Array(repeating: nil, count: graph.arguments.count)

        let placeholder = arena.data
        func pointer(_ l: Location) -> UnsafeMutablePointer<Float> {
            if case .arena(let o) = l { return arena.data + o }
            return placeholder   // patched by bind()
        }
        var slot = 0
        for (k, id) in kernelNodes.enumerated() {
            let node = graph.nodes[id]
            guard let op = node.kind.op else { continue }
            for i in node.inputs {
                inputPointers[slot] = pointer(plan.locations[i])
                inputShapes[slot] = graph.nodes[i].shape
                if case .argument(let a, let o) = plan.locations[i] { argumentSlots[a].append((false, slot, o)) }
                slot += 1
            }
            outputPointers[k] = pointer(plan.locations[id])
            if case .argument(let a, let o) = plan.locations[id] { argumentSlots[a].append((true, k, o)) }
            instructions.append(Instruction(
                op: op, rule: op.rule, inputStart: slot - node.inputs.count, inputCount: node.inputs.count,
                outputShape: node.shape, scratch: plan.scratch[id].map { arena.data + $0 }))
        }
        for (id, node) in graph.nodes.enumerated() {
            if case .constant(let c) = node.kind, case .arena(let o) = plan.locations[id] {
                for (i, v) in c.values.enumerated() { arena.data[o + i] = v }
            }
        }
    }

    deinit {
        inputPointers.deallocate()
        inputShapes.deallocate()
        outputPointers.deallocate()
    }

    /// Binds argument `index` to `tensor` (no copy); rebinding the same tensor costs nothing.
    /// - Precondition: the tensor has the argument's shape.
    public func bind(_ index: Int, _ tensor: Tensor) {
        if bound[index] === tensor { return }
        // An explicit branch, not precondition(_:_:): its message autoclosure would allocate
        // a context on every call in unoptimized builds.
        if tensor.shape != graph.arguments[index].shape {
            let a = graph.arguments[index]
            preconditionFailure("Executor: argument \(a.name) expects \(a.shape), got \(tensor.shape)")
        }
        bound[index] = tensor
        for s in argumentSlots[index] {
            if s.inOutputs { outputPointers[s.slot] = tensor.data + s.offset } else { inputPointers[s.slot] = tensor.data + s.offset }
        }
    }

    /// Runs every instruction once.
    /// - Precondition: every argument is bound.
    public func run() {
        for k in instructions.indices {
            let ins = instructions[k]
            ins.rule.launch(ins.op, KernelArgs(
                inputs: inputPointers + ins.inputStart, inputShapes: inputShapes + ins.inputStart,
                inputCount: ins.inputCount, output: outputPointers[k], outputShape: ins.outputShape,
                scratch: ins.scratch))
        }
    }

    /// A pointer to node `id`'s data after `run()`.
    public func data(of id: Int) -> UnsafeMutablePointer<Float> {
        switch plan.locations[id] {
        case .arena(let o): return arena.data + o
        case .argument(let a, let o):
            guard let t = bound[a] else { preconditionFailure("Executor: argument \(a) is not bound") }
            return t.data + o
        }
    }
}
