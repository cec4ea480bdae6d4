import NNKernel
import NNModels

// MARK: - The IR

/// Constant data folded at compile time, compared by value (so CSE can merge equal constants).
public final class ConstantData: Hashable, @unchecked Sendable {
    public let values: [Float]
    public init(_ values: [Float]) { self.values = values }
    public static func == (a: ConstantData, b: ConstantData) -> Bool { a.values == b.values }
    public func hash(into h: inout Hasher) { h.combine(values) }
}

/// What a node is.
public enum NodeKind: Hashable, Sendable {
    /// GraphArgument `i` of the step: bound to an external tensor (data, labels, a parameter).
    case argument(Int)
    /// Data known at compile time.
    case constant(ConstantData)
    /// An op applied to the node's inputs.
    case op(Op)

    public var op: Op? { if case .op(let o) = self { return o } else { return nil } }
}

/// An immutable node: kind, input node ids (all earlier in the graph), output shape.
public struct Node: Hashable, Sendable {
    public let kind: NodeKind
    public let inputs: [Int]
    public let shape: Shape

    public init(_ kind: NodeKind, _ inputs: [Int], _ shape: Shape) {
        self.kind = kind
        self.inputs = inputs
        self.shape = shape
    }

    public var hasSideEffects: Bool { kind.op?.hasSideEffects ?? false }
}

/// One argument of a traced step.
public struct GraphArgument: Hashable, Sendable {
    public let name: String
    public let shape: Shape
    public let isParameter: Bool
}

/// A traced step: nodes in execution (topological) order, the arguments they read, and the
/// outputs the step returns. Nodes with side effects (parameter updates) are roots as well.
/// A pass is a function from graph to graph; node ids are indices and passes renumber.
public struct Graph: Sendable {
    public var nodes: [Node]
    public var arguments: [GraphArgument]
    public var outputs: [Int]

    public init(nodes: [Node], arguments: [GraphArgument], outputs: [Int]) {
        self.nodes = nodes
        self.arguments = arguments
        self.outputs = outputs
    }

    /// Nodes that run a kernel (not arguments, constants or views).
    public var kernelNodeCount: Int {
        nodes.filter { n in
            guard let op = n.kind.op else { return false }
            if case .view = op.storage { return false }
            return true
        }.count
    }

    /// The number of consumers of every node (outputs count as consumers).
    public func useCounts() -> [Int] {
        var uses = [Int](repeating: 0, count: nodes.count)
        for n in nodes { for i in n.inputs { uses[i] += 1 } }
        for o in outputs { uses[o] += 1 }
        return uses
    }

    /// For every node, the ids of the nodes that read it.
    public func consumers() -> [[Int]] {
        var c = [[Int]](repeating: [], count: nodes.count)
        for (id, n) in nodes.enumerated() { for i in n.inputs { c[i].append(id) } }
        return c
    }

    /// A readable listing: one node per line, `%id = op(%inputs) : shape`.
    public func dump() -> String {
        var lines: [String] = []
        for (id, n) in nodes.enumerated() {
            let what: String
            switch n.kind {
            case .argument(let i): what = "arg \(arguments[i].name)"
            case .constant(let c): what = "const[\(c.values.count)]"
            case .op(let op): what = op.name + "(" + n.inputs.map { "%\($0)" }.joined(separator: ", ") + ")"
            }
            lines.append("%\(id) = \(what) : \(n.shape)")
        }
        lines.append("return " + outputs.map { "%\($0)" }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}

// MARK: - Rebuilding a graph (what passes use to renumber)

/// Appends nodes to a new graph while remembering where each old node went.
struct GraphRewriter {
    var nodes: [Node] = []
    /// Old id → new id (nil: removed).
    var map: [Int?]

    init(oldCount: Int) { map = [Int?](repeating: nil, count: oldCount) }

    /// Appends a node whose inputs are already new ids.
    mutating func append(_ kind: NodeKind, _ inputs: [Int], _ shape: Shape) -> Int {
        nodes.append(Node(kind, inputs, shape))
        return nodes.count - 1
    }

    /// Copies old node `id` with its inputs remapped.
    mutating func copy(_ old: Graph, _ id: Int) {
        let n = old.nodes[id]
        map[id] = append(n.kind, n.inputs.map { mapped($0) }, n.shape)
    }

    func mapped(_ old: Int) -> Int {
        guard let m = map[old] else { preconditionFailure("GraphRewriter: node %\(old) used after removal") }
        return m
    }

    func graph(from old: Graph) -> Graph {
        Graph(nodes: nodes, arguments: old.arguments, outputs: old.outputs.map { mapped($0) })
    }
}
