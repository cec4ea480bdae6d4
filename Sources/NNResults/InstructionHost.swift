// MARK: - When two instruction counts may be compared

/// The facts besides the code that an instruction count depends on, recorded with the counts
/// (HDF5 root attributes `instructions_*`) so `check` can tell whether two runs' counts are
/// comparable before it gates them.
public struct InstructionHost: Codable, Sendable, Equatable {
    /// The `OPENBLAS_CORETYPE` pinned under callgrind (OpenBLAS's kernels).
    public var coretype: String
    /// The C library's version (`confstr(_CS_GNU_LIBC_VERSION)`): its string and memory routines are
    /// part of every count.
    public var glibcVersion: String
    /// The CPU facts glibc picks those routines by, as valgrind presents the CPU: vendor and
    /// the x86-64 feature level (valgrind 3.19 hides AVX-512, so `x86-64-v3` at most), e.g.
    /// `AuthenticAMD x86-64-v3 erms fsrm`.
    public var cpuClass: String
    /// `valgrind --version`.
    public var valgrindVersion: String
    /// Counted steps per mode (after untimed warm steps); the stored count is their mean.
    public var countedSteps: Int

    public init(coretype: String, glibcVersion: String, cpuClass: String, valgrindVersion: String, countedSteps: Int) {
        self.coretype = coretype; self.glibcVersion = glibcVersion; self.cpuClass = cpuClass
        self.valgrindVersion = valgrindVersion; self.countedSteps = countedSteps
    }

    /// What differs between two hosts' counting conditions (empty: their counts are comparable).
    /// The number of counted steps does not matter: counts are per step.
    public func differences(from other: InstructionHost) -> [EnvironmentDifference] {
        var out: [EnvironmentDifference] = []
        func check(_ field: String, _ a: String, _ b: String) {
            if a != b { out.append(EnvironmentDifference(field: field, base: a, head: b, severity: .mismatch)) }
        }
        check("instructions_coretype", coretype, other.coretype)
        check("glibc", glibcVersion, other.glibcVersion)
        check("CPU class", cpuClass, other.cpuClass)
        check("valgrind", valgrindVersion, other.valgrindVersion)
        return out
    }
}
