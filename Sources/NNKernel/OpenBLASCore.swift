// MARK: - The right OpenBLAS kernels on every CPU

/// Which OpenBLAS kernel family ("core") a CPU can run, and whether OpenBLAS fell back below it.
///
/// OpenBLAS picks its kernels once, when the library loads, from the CPU model it knows. A CPU
/// newer than the OpenBLAS build (for example an Intel Xeon model 207 under OpenBLAS 0.3.21)
/// gets a generic fallback such as `Prescott` (SSE3): about 5× slower sgemm than the AVX-512
/// kernels the CPU supports. `OPENBLAS_CORETYPE` in the environment a process starts with
/// overrides the choice; setting it later has no effect. This type decides, from the CPU's
/// feature flags alone, which core the CPU supports, so the CLI can re-execute itself with the
/// variable set when OpenBLAS chose less.
public enum OpenBLASCore {
    /// Instruction-set tiers of OpenBLAS's x86-64 cores, lowest first.
    public enum Tier: Int, Comparable, Sendable {
        case sse = 1, avx, avx2, avx512
        public static func < (a: Tier, b: Tier) -> Bool { a.rawValue < b.rawValue }
    }

    /// The tier of an OpenBLAS core name (`openblas_get_corename()`, case-insensitive); nil for a
    /// name this table does not know (then nnbench never overrides OpenBLAS's choice).
    public static func tier(ofCore name: String) -> Tier? {
        switch name.lowercased() {
        case "prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "opteron", "opteron_sse3",
             "barcelona", "bobcat", "katmai", "coppermine", "northwood", "banias", "athlon":
            return .sse
        case "sandybridge", "bulldozer", "piledriver", "steamroller", "excavator":
            return .avx
        case "haswell", "zen":
            return .avx2
        case "skylakex", "cooperlake", "sapphirerapids":
            return .avx512
        default:
            return nil
        }
    }

    /// The best core this CPU supports, from its `/proc/cpuinfo` flags (nil: nothing better
    /// than SSE is certain).
    /// - AVX-512 F, BW, VL, DQ and CD → `Cooperlake` when the CPU also has `avx512_bf16`,
    ///   else `SkylakeX`;
    /// - AVX2 and FMA → `Haswell`; AVX → `Sandybridge`.
    public static func bestCore(cpuFlags flags: Set<String>) -> String? {
        if ["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"].allSatisfy(flags.contains) {
            return flags.contains("avx512_bf16") ? "Cooperlake" : "SkylakeX"
        }
        if flags.contains("avx2") && flags.contains("fma") { return "Haswell" }
        if flags.contains("avx") { return "Sandybridge" }
        return nil
    }

    /// The core to force, or nil to keep OpenBLAS's own choice: a core of a higher tier than
    /// the one OpenBLAS picked, when the CPU supports one. Unknown names are never overridden.
    public static func replacement(forChosen chosen: String, cpuFlags: Set<String>) -> String? {
        guard let chosenTier = tier(ofCore: chosen), let best = bestCore(cpuFlags: cpuFlags),
              let bestTier = tier(ofCore: best), bestTier > chosenTier else { return nil }
        return best
    }

    /// The `flags` line of `/proc/cpuinfo`'s first processor, as a set (empty when unreadable).
    public static func cpuFlags(cpuinfo text: String) -> Set<String> {
        for line in text.split(separator: "\n") where line.hasPrefix("flags") {
            guard let v = line.split(separator: ":", maxSplits: 1).last else { continue }
            return Set(v.split(separator: " ").map(String.init))
        }
        return []
    }
}
