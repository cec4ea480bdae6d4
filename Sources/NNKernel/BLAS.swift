// The only file that imports CBLAS: every matrix product in nnbench goes through `BLAS.gemm`.
import CBLAS

/// OpenBLAS: the matrix product and the runtime facts every result records.
public enum BLAS {
    /// C = alpha · op(A) · op(B) + beta · C, row-major, single precision.
    ///
    /// - Parameters:
    ///   - transposeA: use Aᵀ (A is stored k×m) instead of A (stored m×k); no copy is made.
    ///   - transposeB: use Bᵀ (B is stored n×k) instead of B (stored k×n).
    ///   - m, n, k: op(A) is m×k, op(B) is k×n, C is m×n.
    ///   - lda, ldb, ldc: row strides of the stored matrices.
    /// - Complexity: 2·m·n·k flops.
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        KernelCounters.gemm(flops: 2 &* m &* n &* k)
        KernelCounters.blasEnter()
        defer { KernelCounters.blasExit() }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// The core name OpenBLAS chose at load time (for example "Haswell", "Cooperlake").
    public static var coreName: String {
        guard let p = openblas_get_corename() else { return "unknown" }
        return String(cString: p)
    }

    /// OpenBLAS's build configuration string (version, threading model, max threads).
    public static var config: String {
        guard let p = openblas_get_config() else { return "unknown" }
        return String(cString: p)
    }

    /// The number of threads OpenBLAS uses.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// Sets the threads OpenBLAS uses from now on (at most the threads it started with).
    public static func setThreads(_ n: Int) { openblas_set_num_threads(Int32(n)) }

    /// Pins the calling (measuring) thread to the first allowed CPU and OpenBLAS's worker threads
    /// to the next ones, one each, so they never share a CPU with each other or the caller.
    /// - Returns: what was done, for the root attribute `openblas_affinity`.
    public static func pinThreads() -> String {
        let t = threads, cpus = Int(nnb_allowed_cpus())
        guard t >= 2 else { return "not pinned (1 OpenBLAS thread)" }
        guard cpus >= t else { return "not pinned (\(t) OpenBLAS threads on \(cpus) CPUs)" }
        var placed: [String] = []
        let main = Int(nnb_allowed_cpu(0))
        guard nnb_pin_current_thread(Int32(main)) == 0 else { return "not pinned (pthread_setaffinity_np failed)" }
        placed.append("measuring thread on CPU \(main)")
        for i in 0..<(t - 1) {
            let cpu = Int(nnb_allowed_cpu(Int32(i + 1)))
            guard nnb_openblas_pin(Int32(i), Int32(cpu)) == 0 else { return placed.joined(separator: ", ") + "; openblas_setaffinity failed" }
            placed.append("OpenBLAS thread \(i) on CPU \(cpu)")
        }
        return "pinned: " + placed.joined(separator: ", ")
    }
}
