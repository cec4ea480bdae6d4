import NNKernel
import NNModels

// MARK: - Memory planning: one arena, slots assigned by liveness

/// Where a node's data lives.
public enum Location: Hashable, Sendable {
    /// Inside the bound tensor of argument `index`, at an element offset.
    case argument(index: Int, offset: Int)
    /// Inside the arena, at an element offset.
    case arena(offset: Int)
}

/// Every node's location, scratch slots, and the arena size.
public struct MemoryPlan: Sendable {
    public let locations: [Location]
    /// Node id → arena offset of its kernel's scratch memory.
    public let scratch: [Int: Int]
    /// Floats in the arena.
    public let arenaFloats: Int
    /// Floats the nodes would need with a fresh buffer each (no reuse): what the plan saves.
    public let unplannedFloats: Int
    /// Nodes whose output took over their input's dead buffer (in place).
    public let inPlaceReuses: Int
}

/// Arena offsets are multiples of 16 floats (64 bytes), so every buffer is cache-line aligned.
let arenaAlignment = 16

/// Plans memory for `g`: each fresh output gets the first free arena block that fits, taken
/// when the node runs and returned after the last read of it (or of any view of it); an
/// elementwise op whose input 0 dies at that op writes into its input's block instead; views
/// and in-place updates alias their input; outputs and constants live for the whole step.
/// - Complexity: O(nodes × live blocks).
public func planMemory(_ g: Graph) -> MemoryPlan {
    let n = g.nodes.count
    var lastUse = [Int](repeating: -1, count: n)
    for (id, node) in g.nodes.enumerated() { for i in node.inputs { lastUse[i] = max(lastUse[i], id) } }
    for o in g.outputs { lastUse[o] = Int.max }
    for (id, node) in g.nodes.enumerated() { if case .constant = node.kind { lastUse[id] = Int.max } }

    var locations = [Location](repeating: .arena(offset: 0), count: n)
    var blockOf = [Int](repeating: -1, count: n)     // node → arena block id (-1: not in the arena)
    var blocks: [(offset: Int, size: Int, end: Int)] = []
    var open: Set<Int> = []                           // block ids not yet freed
    var free = FreeList()
    var scratch: [Int: Int] = [:]
    var unplanned = 0, reuses = 0

    func extend(_ b: Int, to end: Int) { blocks[b].end = max(blocks[b].end, end) }

    for (id, node) in g.nodes.enumerated() {
        switch node.kind {
        case .argument(let a):
            locations[id] = .argument(index: a, offset: 0)
        case .constant:
            let b = blocks.count
            blocks.append((free.take(node.shape.count), node.shape.count, Int.max))
            open.insert(b)
            blockOf[id] = b
            locations[id] = .arena(offset: blocks[b].offset)
        case .op(let op):
            let input0 = node.inputs.first
            if case .view(let offset) = op.storage, let x = input0 {
                locations[id] = shifted(locations[x], by: offset)
                blockOf[id] = blockOf[x]
                if blockOf[x] >= 0 { extend(blockOf[x], to: lastUse[id]) }
            } else if case .inPlace = op.storage, let x = input0 {
                locations[id] = locations[x]
                blockOf[id] = blockOf[x]
                if blockOf[x] >= 0 { extend(blockOf[x], to: lastUse[id]) }
            } else {
                unplanned += node.shape.count
                if op.canReuseInput0, let x = input0, blockOf[x] >= 0, case .arena(let o) = locations[x],
                   o == blocks[blockOf[x]].offset, blocks[blockOf[x]].size == node.shape.count,
                   blocks[blockOf[x]].end <= id {
                    let b = blockOf[x]
                    blockOf[id] = b
                    locations[id] = locations[x]
                    blocks[b].end = lastUse[id]
                    reuses += 1
                } else {
                    let b = blocks.count
                    blocks.append((free.take(node.shape.count), node.shape.count, lastUse[id]))
                    open.insert(b)
                    blockOf[id] = b
                    locations[id] = .arena(offset: blocks[b].offset)
                }
                let s = op.rule.scratchCount(op, node.inputs.map { Value(id: $0, shape: g.nodes[$0].shape) })
                if s > 0 {
                    let o = free.take(s)
                    scratch[id] = o
                    free.give(o, s)
                }
            }
        }
        // Return every block whose last reader has run.
        for b in open where blocks[b].end <= id {
            free.give(blocks[b].offset, blocks[b].size)
            open.remove(b)
        }
    }
    return MemoryPlan(locations: locations, scratch: scratch, arenaFloats: free.high,
                      unplannedFloats: unplanned, inPlaceReuses: reuses)
}

func shifted(_ l: Location, by d: Int) -> Location {
    switch l {
    case .argument(let i, let o): return .argument(index: i, offset: o + d)
    case .arena(let o): return .arena(offset: o + d)
    }
}

/// First-fit allocator over arena offsets, with coalescing; `high` is the arena size needed.
struct FreeList {
    private var holes: [(offset: Int, size: Int)] = []
    private(set) var high = 0

    static func rounded(_ n: Int) -> Int { (max(n, 1) + arenaAlignment - 1) / arenaAlignment * arenaAlignment }

    mutating func take(_ count: Int) -> Int {
        let size = FreeList.rounded(count)
        if let i = holes.firstIndex(where: { $0.size >= size }) {
            let o = holes[i].offset
            if holes[i].size == size { holes.remove(at: i) } else { holes[i] = (o + size, holes[i].size - size) }
            return o
        }
        // Grow: extend a hole that ends at the top, else allocate past it.
        if let last = holes.last, last.offset + last.size == high {
            holes.removeLast()
            high = last.offset + size
            return last.offset
        }
        defer { high += size }
        return high
    }

    mutating func give(_ offset: Int, _ count: Int) {
        let size = FreeList.rounded(count)
        let i = holes.firstIndex { $0.offset > offset } ?? holes.count
        holes.insert((offset, size), at: i)
        // Coalesce with the next and the previous hole.
        if i + 1 < holes.count, holes[i].offset + holes[i].size == holes[i + 1].offset {
            holes[i].size += holes[i + 1].size
            holes.remove(at: i + 1)
        }
        if i > 0, holes[i - 1].offset + holes[i - 1].size == holes[i].offset {
            holes[i - 1].size += holes[i].size
            holes.remove(at: i)
        }
    }
}
