// MARK: - Which gates a comparison used: timings, exact counters, instruction counts

/// Whether a gate judged two runs, and if not, why not.
public enum GateUse: Sendable, Equatable {
    /// The gate judged the runs.
    case used
    /// The gate was not applied; the reason says why (`other machine class: CPU model: … → …`).
    /// A skipped gate is not an error and never counts as a regression.
    case skipped(String)

    /// `used` or `skipped: <reason>`.
    public var description: String {
        switch self {
        case .used: return "used"
        case .skipped(let why): return "skipped: \(why)"
        }
    }
}

/// One benchmark's instructions per step in two runs (counted under callgrind).
public struct InstructionComparison: Sendable, Equatable, Codable {
    public var key: BenchmarkKey
    public var base: Int
    public var head: Int
    /// The relative increase allowed before it counts (`ComparisonSettings.instructionTolerance`).
    public var tolerance: Double

    /// head / base - 1 (0 when base is 0).
    public var change: Double { base > 0 ? Double(head) / Double(base) - 1 : 0 }
    /// More instructions than the tolerance allows: a regression.
    public var regressed: Bool { change > tolerance }
    /// Fewer instructions beyond the tolerance.
    public var improved: Bool { change < -tolerance }
}

/// The machine facts that make two runs' timings incomparable even with identical code: a
/// difference in one of these means "another machine class" (see `Comparison.skippingTimings`).
public let machineClassFields: Set<String> = ["CPU model", "cores", "OpenBLAS core", "OPENBLAS_CORETYPE"]

extension EnvironmentDifference {
    /// Whether this difference is one of `machineClassFields`.
    public var isMachineClass: Bool { machineClassFields.contains(field) }
}

extension Comparison {
    /// Instruction counts that rose beyond the tolerance.
    public var instructionRegressions: [InstructionComparison] { instructions.filter(\.regressed) }

    /// Environment mismatches that say the two runs are from different machine classes.
    public var machineClassDifferences: [EnvironmentDifference] { environmentMismatches.filter(\.isMachineClass) }

    /// This comparison without its timing verdicts, the timing gate marked skipped for `reason`:
    /// exact counters and instruction counts still judge.
    public func skippingTimings(_ reason: String) -> Comparison {
        var c = self
        c.timings = []
        c.geometricMean = nil
        c.timingGate = .skipped(reason)
        return c
    }

    /// The instruction gate of `base` against `head`: used when both runs hold counts taken under
    /// comparable conditions (`InstructionHost.differences`), else skipped with the reason.
    static func instructionGate(base: RunResult, head: RunResult, settings: ComparisonSettings)
        -> (use: GateUse, comparisons: [InstructionComparison]) {
        guard let bh = base.instructionHost else { return (.skipped("no instruction counts in the base run"), []) }
        guard let hh = head.instructionHost else { return (.skipped("no instruction counts in the head run"), []) }
        let diffs = bh.differences(from: hh)
        guard diffs.isEmpty else {
            return (.skipped("counts not comparable: " + diffs.map(\.description).joined(separator: "; ")), [])
        }
        // Counts are taken with one OpenBLAS thread whatever the run's: match without threads.
        func countKey(_ b: BenchmarkResult) -> BenchmarkKey { var k = BenchmarkKey(b); k.threads = 0; return k }
        var baseCounts: [BenchmarkKey: Int] = [:]
        for b in base.benchmarks { if let n = b.instructionsPerStep, baseCounts[countKey(b)] == nil { baseCounts[countKey(b)] = n } }
        var out: [InstructionComparison] = [], seen: Set<BenchmarkKey> = []
        for h in head.benchmarks {
            let key = countKey(h)
            guard let hn = h.instructionsPerStep, let bn = baseCounts[key], seen.insert(key).inserted else { continue }
            out.append(InstructionComparison(key: BenchmarkKey(h), base: bn, head: hn, tolerance: settings.instructionTolerance))
        }
        guard !out.isEmpty else { return (.skipped("no benchmark counted in both runs"), []) }
        return (.used, out.sorted { $0.key < $1.key })
    }
}

extension EnvironmentDifference {
    /// A difference that matters to timings only (profile, sample length, OpenBLAS threads,
    /// sgemm peaks far apart): exact counters and instruction counts are compared across it.
    public var isTimingOnly: Bool {
        ["profile", "sample length", "threads", "OpenBLAS threads", "OPENBLAS_NUM_THREADS"].contains(field)
            || field.hasPrefix("sgemm peak")
    }
}

extension RunResult {
    /// This run with every benchmark's OpenBLAS thread count cleared, so benchmarks match runs
    /// measured with other thread counts (for counters and instruction counts, which do not
    /// depend on it).
    public var ignoringThreads: RunResult {
        var r = self
        r.settings.threads = 0
        for i in r.benchmarks.indices { r.benchmarks[i].threads = 0 }
        return r
    }
}
