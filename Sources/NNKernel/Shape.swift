// MARK: - Shape

/// The dimensions of a row-major, contiguous tensor of rank 0 to 4, stored inline.
///
/// Inline storage keeps shape arithmetic free of heap allocation, which matters because the
/// eager engine computes a shape for every op it runs.
public struct Shape: Hashable, Sendable, CustomStringConvertible {
    /// The number of dimensions (0 for a scalar).
    public let rank: Int
    private var d0 = 1, d1 = 1, d2 = 1, d3 = 1

    /// The largest rank a shape can have.
    public static let maxRank = 4

    /// Creates a shape from its dimensions, outermost first.
    /// - Precondition: at most `maxRank` dimensions, none negative.
    public init(_ dims: Int...) { self.init(dims) }

    /// Creates a shape from an array of dimensions, outermost first.
    public init(_ dims: [Int]) {
        precondition(dims.count <= Shape.maxRank, "Shape: rank \(dims.count) exceeds \(Shape.maxRank)")
        precondition(dims.allSatisfy { $0 >= 0 }, "Shape: negative dimension in \(dims)")
        rank = dims.count
        if rank > 0 { d0 = dims[0] }
        if rank > 1 { d1 = dims[1] }
        if rank > 2 { d2 = dims[2] }
        if rank > 3 { d3 = dims[3] }
    }

    /// Dimension `i`, outermost first.
    public subscript(i: Int) -> Int {
        precondition(i >= 0 && i < rank, "Shape: index \(i) out of range for rank \(rank)")
        switch i {
        case 0: return d0
        case 1: return d1
        case 2: return d2
        default: return d3
        }
    }

    /// The dimensions as an array (allocates; for reporting, not for hot paths).
    public var dims: [Int] { (0..<rank).map { self[$0] } }

    /// The number of elements (1 for a scalar).
    public var count: Int { d0 &* d1 &* d2 &* d3 }

    /// The last dimension (1 for a scalar).
    public var last: Int { rank == 0 ? 1 : self[rank - 1] }

    /// The product of all dimensions but the last: the row count of the 2-D view.
    public var rows: Int { rank == 0 ? 1 : count / Swift.max(last, 1) }

    public var description: String { "[" + dims.map(String.init).joined(separator: ", ") + "]" }
}
