// MARK: - Environment differences between two runs

/// One environment fact that differs between two runs.
public struct EnvironmentDifference: Sendable, Equatable, Codable, CustomStringConvertible {
    /// How much a difference matters to a timing comparison.
    public enum Severity: String, Sendable, Codable {
        /// The timings measure different things (another CPU, other BLAS kernels or threads,
        /// a debug build, a changed workload file): `check` refuses unless allowed.
        case mismatch
        /// Worth knowing, but expected between commits (host name, compiler, dirty tree).
        case note
    }

    /// The field, as a reader knows it: `OpenBLAS core`, `workload mlp file hash`, ...
    public var field: String
    public var base: String
    public var head: String
    public var severity: Severity

    public init(field: String, base: String, head: String, severity: Severity) {
        self.field = field; self.base = base; self.head = head; self.severity = severity
    }

    /// `OpenBLAS core: Haswell → SkylakeX`.
    public var description: String { "\(field): \(base) → \(head)" }

    /// Every difference between two environments, mismatches first.
    ///
    /// Workload hashes are compared for workloads present in both runs only; a workload in one
    /// run alone shows up as benchmarks present in one file, not as an environment difference.
    public static func between(_ a: Environment, _ b: Environment) -> [EnvironmentDifference] {
        var out: [EnvironmentDifference] = []
        func check(_ field: String, _ x: String, _ y: String, _ severity: Severity) {
            if x != y { out.append(EnvironmentDifference(field: field, base: x, head: y, severity: severity)) }
        }
        func shown(_ s: String) -> String { s.isEmpty ? "unset" : s }
        check("CPU model", a.cpuModel, b.cpuModel, .mismatch)
        check("cores", String(a.cores), String(b.cores), .mismatch)
        check("OpenBLAS core", a.openblasCoreName, b.openblasCoreName, .mismatch)
        check("OpenBLAS threads", String(a.openblasThreads), String(b.openblasThreads), .mismatch)
        check("OPENBLAS_CORETYPE", shown(a.openblasCoretypeEnv), shown(b.openblasCoretypeEnv), .mismatch)
        check("OPENBLAS_NUM_THREADS", shown(a.openblasNumThreadsEnv), shown(b.openblasNumThreadsEnv), .mismatch)
        check("build configuration", a.buildConfiguration, b.buildConfiguration, .mismatch)
        for name in Set(a.workloadHashes.keys).intersection(b.workloadHashes.keys).sorted() {
            let x = a.workloadHashes[name] ?? "", y = b.workloadHashes[name] ?? ""
            check("workload \(name) file hash", String(x.prefix(12)), String(y.prefix(12)), .mismatch)
        }
        check("host", a.host, b.host, .note)
        check("OS", a.os, b.os, .note)
        check("Swift", a.swiftVersion, b.swiftVersion, .note)
        if !a.kernelISA.isEmpty && !b.kernelISA.isEmpty { check("kernel ISA", a.kernelISA, b.kernelISA, .note) }
        check("OpenBLAS config", a.openblasConfig, b.openblasConfig, .note)
        check("nnbench version", a.nnbenchVersion, b.nnbenchVersion, .note)
        check("dirty work tree", String(a.dirty), String(b.dirty), .note)
        return out
    }
}
