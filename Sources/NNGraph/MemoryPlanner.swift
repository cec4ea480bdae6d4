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

/// Plans memory for `g`: each fresh output gets an arena block that lives from the node that
/// writes it to the last read of it (or of any view of it); an elementwise op whose input 0 dies
/// at that op writes into its input's block instead; views and in-place updates alias their
/// input; outputs and constants live for the whole step.
///
/// Offsets come from two placements of the same lifetimes, and the smaller arena wins: first-fit
/// in execution order (each block takes the first free hole when its node runs), and
/// greedy-by-size (largest block first, each at the lowest offset clear of every placed block
/// whose lifetime overlaps; the offline heuristic of TFLite's arena planner), which avoids the
/// holes first-fit leaves when a large gradient appears late in the backward.
/// - Complexity: O(nodes × live blocks + blocks²).
public func planMemory(_ g: Graph) -> MemoryPlan {
    let n = g.nodes.count
    var lastUse = [Int](repeating: -1, count: n)
    for (id, node) in g.nodes.enumerated() { for i in node.inputs { lastUse[i] = max(lastUse[i], id) } }
    for o in g.outputs { lastUse[o] = Int.max }
    for (id, node) in g.nodes.enumerated() { if case .constant = node.kind { lastUse[id] = Int.max } }

    var locations = [Location](repeating: .arena(offset: 0), count: n)
    var blockOf = [Int](repeating: -1, count: n)     // node → arena block id (-1: not in the arena)
    var blocks: [(offset: Int, size: Int, start: Int, end: Int)] = []
    var open: Set<Int> = []                           // block ids not yet freed
    var free = FreeList()
    var scratch: [Int: Int] = [:]
    var scratchBlocks: [(offset: Int, size: Int, start: Int, end: Int)] = []
    var unplanned = 0, reuses = 0

    func extend(_ b: Int, to end: Int) { blocks[b].end = max(blocks[b].end, end) }

    for (id, node) in g.nodes.enumerated() {
        switch node.kind {
        case .argument(let a):
            locations[id] = .argument(index: a, offset: 0)
        case .constant:
            let b = blocks.count
            blocks.append((free.take(node.shape.count), node.shape.count, id, Int.max))
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
                let floats = op.outputFloats(node.shape)
                unplanned += floats
                if op.canReuseInput0, let x = input0, blockOf[x] >= 0, case .arena(let o) = locations[x],
                   o == blocks[blockOf[x]].offset, blocks[blockOf[x]].size == floats,
                   blocks[blockOf[x]].end <= id {
                    let b = blockOf[x]
                    blockOf[id] = b
                    locations[id] = locations[x]
                    blocks[b].end = lastUse[id]
                    reuses += 1
                } else {
                    let b = blocks.count
                    blocks.append((free.take(floats), floats, id, lastUse[id]))
                    open.insert(b)
                    blockOf[id] = b
                    locations[id] = .arena(offset: blocks[b].offset)
                }
                let s = op.rule.scratchCount(op, node.inputs.map { Value(id: $0, shape: g.nodes[$0].shape) })
                if s > 0 {
                    let o = free.take(s)
                    scratch[id] = o
                    scratchBlocks.append((o, s, id, id))
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
    // Greedy-by-size over the same lifetimes; keep it only when it needs a smaller arena.
    let all = blocks + scratchBlocks
    let packed = packBySize(all.map { (FreeList.rounded($0.size), $0.start, max($0.end, $0.start)) })
    guard packed.high < free.high else {
        return MemoryPlan(locations: locations, scratch: scratch, arenaFloats: free.high,
                          unplannedFloats: unplanned, inPlaceReuses: reuses)
    }
    for id in 0..<n {
        let b = blockOf[id]
        guard b >= 0, case .arena(let o) = locations[id] else { continue }
        locations[id] = .arena(offset: packed.offsets[b] + (o - blocks[b].offset))
    }
    for (k, sb) in scratchBlocks.enumerated() { scratch[sb.start] = packed.offsets[blocks.count + k] }
    return MemoryPlan(locations: locations, scratch: scratch, arenaFloats: packed.high,
                      unplannedFloats: unplanned, inPlaceReuses: reuses)
}

/// Places blocks (size in floats, first and last node that uses them, inclusive) largest first,
/// each at the lowest offset that overlaps no already placed block alive at the same time.
/// - Returns: each block's offset, in input order, and the arena size.
func packBySize(_ blocks: [(size: Int, start: Int, end: Int)]) -> (offsets: [Int], high: Int) {
    var offsets = [Int](repeating: 0, count: blocks.count)
    var placed: [Int] = []
    var high = 0
    let order = blocks.indices.sorted { (blocks[$0].size, $1) > (blocks[$1].size, $0) }
    for b in order {
        let conflicts = placed
            .filter { blocks[$0].start <= blocks[b].end && blocks[b].start <= blocks[$0].end }
            .map { (offset: offsets[$0], end: offsets[$0] + blocks[$0].size) }
            .sorted { $0.offset < $1.offset }
        var candidate = 0
        for c in conflicts {
            if candidate + blocks[b].size <= c.offset { break }
            candidate = max(candidate, c.end)
        }
        offsets[b] = candidate
        high = max(high, candidate + blocks[b].size)
        placed.append(b)
    }
    return (offsets, high)
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
