// MARK: - Kernel counters

/// Exact, noise-free counts of kernel work since the last reset.
///
/// Every kernel entry point increments `kernelLaunches`; `BLAS.gemm` also increments
/// `gemmCalls`; every kernel adds its analytic flop count to `flops`. Single-threaded by design
/// (nnbench drives kernels from one thread).
public enum KernelCounters {
    nonisolated(unsafe) public static var kernelLaunches = 0
    nonisolated(unsafe) public static var gemmCalls = 0
    nonisolated(unsafe) public static var flops = 0

    /// Sets every counter to zero.
    public static func reset() {
        kernelLaunches = 0
        gemmCalls = 0
        flops = 0
    }

    /// A snapshot of the counters.
    public static var snapshot: (kernelLaunches: Int, gemmCalls: Int, flops: Int) {
        (kernelLaunches, gemmCalls, flops)
    }
}
