// The only file that imports CCounters: nnbench's exact counters, all per thread.
import CCounters

// MARK: - Heap allocations

/// Heap allocations counted by nnbench's malloc hook (see `CCounters`).
///
/// The hook interposes the process's `malloc` family, so it sees every heap allocation: Swift
/// runtime objects and arrays, tensor storage, OpenBLAS's buffers. `measure` counts those made
/// on the calling thread only.
public enum AllocationCounter {
    /// Allocation calls, requested bytes and frees in a window.
    ///
    /// `allocations` and `bytes` are nnbench's own (its code, the Swift runtime on its behalf);
    /// what OpenBLAS allocates inside a `BLAS.gemm` call on this thread (its threaded path does,
    /// per call) is counted apart in `blasAllocations`/`blasBytes`, so a mode's own allocation
    /// behaviour is not confused with the BLAS library's.
    public struct Stats: Sendable, Equatable {
        public var allocations: Int
        public var bytes: Int
        public var frees: Int
        public var blasAllocations: Int
        public var blasBytes: Int
        public init(allocations: Int, bytes: Int, frees: Int, blasAllocations: Int = 0, blasBytes: Int = 0) {
            self.allocations = allocations; self.bytes = bytes; self.frees = frees
            self.blasAllocations = blasAllocations; self.blasBytes = blasBytes
        }
    }

    /// Whether the hook is live in this process: an allocation by the Swift runtime reaches it.
    public static var isActive: Bool {
        clearSeen()
        let p = UnsafeMutableRawPointer.allocate(byteCount: 24, alignment: 8)
        p.deallocate()
        return seenOnThisThread
    }

    /// Clears this thread's flag that every call through the hook sets.
    static func clearSeen() { nnbench_alloc_clear_seen() }

    /// Whether a call on this thread reached the hook since `clearSeen()` (the flag is per thread:
    /// the hook writes nothing another thread reads).
    static var seenOnThisThread: Bool { nnbench_alloc_seen() != 0 }

    /// Counts the heap allocations `body` makes on this thread.
    public static func measure<R>(_ body: () throws -> R) rethrows -> (result: R, stats: Stats) {
        nnbench_alloc_begin()
        let r: R
        do { r = try body() } catch { _ = nnbench_alloc_end(); throw error }
        let s = nnbench_alloc_end()
        return (r, Stats(allocations: Int(s.allocations), bytes: Int(s.bytes), frees: Int(s.frees),
                         blasAllocations: Int(s.blas_allocations), blasBytes: Int(s.blas_bytes)))
    }
}

// MARK: - Kernel work

/// Exact, noise-free counts of kernel work on this thread since the last reset.
///
/// A launch is one op's kernel run by an engine (an eager op, an executor instruction): one per
/// kernel call, GEMM-only ops included, whatever the kernel calls inside (GEMMs, helper loops)
/// part of that one launch; the same definition in every mode. Every kernel counts its analytic
/// flops; `BLAS.gemm` counts a GEMM call (nested ones too, e.g. a convolution's per image) and
/// its 2·m·n·k flops.
public enum KernelCounters {
    public static var kernelLaunches: Int { Int(nnbench_kernel_read().kernel_launches) }
    public static var gemmCalls: Int { Int(nnbench_kernel_read().gemm_calls) }
    public static var flops: Int { Int(nnbench_kernel_read().flops) }

    /// Sets the launch, GEMM and flop counters to zero.
    public static func reset() { nnbench_kernel_reset() }

    /// Counts one launch: called by the engines each time they run an op's kernel.
    @inline(__always) public static func countLaunch() { nnbench_count_launch() }

    @inline(__always) static func count(flops: Int) { nnbench_count_flops(Int64(flops)) }
    @inline(__always) static func gemm(flops: Int) { nnbench_count_gemm(Int64(flops)) }
    @inline(__always) static func blasEnter() { nnbench_blas_enter() }
    @inline(__always) static func blasExit() { nnbench_blas_exit() }
}

// MARK: - Tensor memory

/// Live and peak bytes of tensor storage allocated on this thread, for peak-memory figures.
public enum MemoryStats {
    public static var liveBytes: Int { Int(nnbench_kernel_read().live_bytes) }
    public static var peakBytes: Int { Int(nnbench_kernel_read().peak_bytes) }

    /// Starts a new peak window at the current live size.
    public static func resetPeak() { nnbench_peak_reset() }

    static func didAllocate(_ bytes: Int) { nnbench_tensor_alloc(Int64(bytes)) }
    static func didFree(_ bytes: Int) { nnbench_tensor_free(Int64(bytes)) }
}
