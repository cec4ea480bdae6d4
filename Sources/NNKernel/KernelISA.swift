// MARK: - The vector instructions nnbench's own kernels were compiled for

/// What Package.swift's `kernelSettings` chose for NNKernel's own loops (activations, the LSTM
/// cell, elementwise ops, im2col, SGD; OpenBLAS picks its kernels itself at run time). Recorded in
/// every run as the root attribute `kernel_isa`.
public enum KernelISA {
    #if NNBENCH_KERNEL_AVX2
    /// Built with AVX2 and FMA enabled (the building machine has both; 256-bit vectors).
    public static let name = "avx2+fma"
    #else
    /// Built for the platform's baseline (x86-64: SSE2, 128-bit vectors).
    public static let name = "baseline"
    #endif
}
