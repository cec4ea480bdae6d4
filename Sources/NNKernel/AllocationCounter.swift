// The only file that imports CAllocCounter.
import CAllocCounter

/// Heap allocations counted by nnbench's malloc hook (see `CAllocCounter`).
///
/// The hook interposes the process's `malloc` family, so it counts every heap allocation made by
/// any code on any thread while enabled: Swift runtime objects and arrays, tensor storage, and
/// OpenBLAS's own buffers alike.
public enum AllocationCounter {
    /// Allocation calls, requested bytes and frees in a window.
    public struct Stats: Sendable, Equatable {
        public var allocations: Int
        public var bytes: Int
        public var frees: Int
        public init(allocations: Int, bytes: Int, frees: Int) {
            self.allocations = allocations; self.bytes = bytes; self.frees = frees
        }
    }

    /// Whether the hook is live in this process: a Swift-runtime allocation reaches it.
    public static let isActive: Bool = {
        nnbench_alloc_clear_seen()
        let p = UnsafeMutableRawPointer.allocate(byteCount: 24, alignment: 8)
        p.deallocate()
        return nnbench_alloc_seen() != 0
    }()

    /// Counts the heap allocations `body` makes.
    public static func measure<R>(_ body: () throws -> R) rethrows -> (result: R, stats: Stats) {
        nnbench_alloc_reset()
        nnbench_alloc_enable()
        let r = try body()
        nnbench_alloc_disable()
        let s = nnbench_alloc_read()
        return (r, Stats(allocations: Int(s.allocations), bytes: Int(s.bytes), frees: Int(s.frees)))
    }
}
