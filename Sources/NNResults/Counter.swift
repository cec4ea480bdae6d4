// MARK: - Typed names of what a benchmark records: counters and phases

/// The name of an exact counter of a benchmark (HDF5: one float attribute of its group).
///
/// The one place counter names are spelled: the runners write these, claims, comparison and
/// reports read them. A struct rather than an enum for two reasons: node counts form a family
/// (`nodes(pass:_:)`, one per graph pass instance), and a file may hold counters this version does not
/// know, which are kept as they are.
public struct Counter: RawRepresentable, Hashable, Comparable, Sendable, Codable, CodingKeyRepresentable,
    CustomStringConvertible {
    /// The HDF5 attribute name (snake_case).
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static func < (a: Counter, b: Counter) -> Bool { a.rawValue < b.rawValue }

    // MARK: Per step (the runner)

    /// Heap allocations nnbench made during one step (OpenBLAS's own are counted apart).
    public static let allocationsPerStep = Counter(rawValue: "allocations_per_step")
    public static let bytesPerStep = Counter(rawValue: "bytes_per_step")
    /// Allocations made inside OpenBLAS calls during one step.
    public static let blasAllocationsPerStep = Counter(rawValue: "blas_allocations_per_step")
    public static let kernelsPerStep = Counter(rawValue: "kernels_per_step")
    public static let gemmCallsPerStep = Counter(rawValue: "gemm_calls_per_step")
    public static let opsPerStep = Counter(rawValue: "ops_per_step")
    /// Working memory of a step beyond parameters and data (bytes).
    public static let peakBytes = Counter(rawValue: "peak_bytes")
    public static let arenaBytes = Counter(rawValue: "arena_bytes")
    public static let unplannedBytes = Counter(rawValue: "unplanned_bytes")
    public static let kernelNodes = Counter(rawValue: "kernel_nodes")
    /// Graph nodes after the last pass.
    public static let nodesFinal = Counter(rawValue: "nodes_final")
    public static let warmupSteps = Counter(rawValue: "warmup_steps")
    /// 1 when warm-up ended because the step time settled, 0 when a bound stopped it.
    public static let warmupStable = Counter(rawValue: "warmup_stable")
    public static let samples = Counter(rawValue: "samples")
    /// Samples flagged by the outlier rule (never dropped).
    public static let outliers = Counter(rawValue: "outliers")
    public static let retraces = Counter(rawValue: "retraces")
    public static let firstStepRepeats = Counter(rawValue: "first_step_repeats")

    // MARK: Interference over a benchmark's rounds (measured, not exact)

    /// Other processes' CPU time over the rounds' wall time (summed over CPUs).
    public static let otherCPUFraction = Counter(rawValue: "other_cpu_fraction")
    /// Hypervisor steal over the rounds' wall time.
    public static let stealFraction = Counter(rawValue: "steal_fraction")
    /// The measuring thread's CPU time over the rounds' wall time.
    public static let threadCPUFraction = Counter(rawValue: "thread_cpu_fraction")

    /// Graph nodes as traced, before any pass.
    public static let nodesTraced = Counter(rawValue: "nodes_traced")

    /// Graph nodes after the `index`-th pass instance of the pipeline (from 1), named `name`:
    /// `nodes_01_dce`, `nodes_02_cse`, … A pass that runs twice has two counters.
    public static func nodes(pass index: Int, _ name: String) -> Counter {
        Counter(rawValue: "nodes_" + (index < 10 ? "0" : "") + "\(index)_\(name)")
    }

    // MARK: Per pass over a stream (the stream runner)

    public static let streamBatches = Counter(rawValue: "stream_batches")
    public static let distinctLengths = Counter(rawValue: "distinct_lengths")
    /// The fraction of computed time steps that are padding.
    public static let paddedFraction = Counter(rawValue: "padded_fraction")
    public static let kernelsPerPass = Counter(rawValue: "kernels_per_pass")
    public static let gemmCallsPerPass = Counter(rawValue: "gemm_calls_per_pass")
    public static let allocationsPerPass = Counter(rawValue: "allocations_per_pass")
    public static let bytesPerPass = Counter(rawValue: "bytes_per_pass")
    public static let blasAllocationsPerPass = Counter(rawValue: "blas_allocations_per_pass")
}

/// The name of a phase time of a benchmark, in seconds (HDF5: attribute `phase_<name>`).
public struct Phase: RawRepresentable, Hashable, Comparable, Sendable, Codable, CodingKeyRepresentable,
    CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static func < (a: Phase, b: Phase) -> Bool { a.rawValue < b.rawValue }

    public static let trace = Phase(rawValue: "trace")
    public static let optimize = Phase(rawValue: "optimize")
    public static let plan = Phase(rawValue: "plan")
    /// Time to the first finished step (the median of fresh-session repeats when there are some).
    public static let firstStep = Phase(rawValue: "first_step")
    public static let firstStepMin = Phase(rawValue: "first_step_min")
    public static let firstStepMax = Phase(rawValue: "first_step_max")
    /// The first measurement in the process (cold caches, lazy binding).
    public static let firstStepCold = Phase(rawValue: "first_step_cold")
    /// Streams: trace + optimize + plan time of every retrace in one pass.
    public static let retraceTotal = Phase(rawValue: "retrace_total")
    /// Streams: a second pass on a session whose trace cache is warm.
    public static let warmPass = Phase(rawValue: "warm_pass")
}
