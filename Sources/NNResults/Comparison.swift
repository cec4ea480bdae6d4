#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NNVocabulary

// MARK: - Comparing two runs: judging, not measuring and not rendering

/// What identifies one benchmark across runs: workload, framework mode (framework, its mode
/// name, the mode class), task, batch, sequence length and OpenBLAS thread count (runs with
/// other thread counts measure other things).
public struct BenchmarkKey: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var workload: String
    public var frameworkMode: FrameworkMode
    public var task: BenchmarkTask
    public var batch: Int
    public var sequenceLength: Int
    /// OpenBLAS threads (0 = unknown); not part of `description` (runs differing in it are
    /// refused before benchmarks are matched, see `EnvironmentDifference.between(runs:)`).
    public var threads: Int

    /// The mode class (nnbench's mode, or the class a peer's mode maps to).
    public var mode: BenchmarkMode { frameworkMode.modeClass }
    public var framework: Framework { frameworkMode.framework }

    public init(workload: String, mode: BenchmarkMode, task: BenchmarkTask, batch: Int, sequenceLength: Int = 0,
                threads: Int = 0) {
        self.init(workload: workload, frameworkMode: FrameworkMode(nnbench: mode), task: task, batch: batch,
                  sequenceLength: sequenceLength, threads: threads)
    }

    public init(workload: String, frameworkMode: FrameworkMode, task: BenchmarkTask, batch: Int, sequenceLength: Int = 0,
                threads: Int = 0) {
        self.workload = workload; self.frameworkMode = frameworkMode; self.task = task
        self.batch = batch; self.sequenceLength = sequenceLength; self.threads = threads
    }

    public init(_ b: BenchmarkResult) {
        self.init(workload: b.workload, frameworkMode: b.frameworkMode, task: b.task, batch: b.batch,
                  sequenceLength: b.sequenceLength, threads: b.threads)
    }

    /// The benchmark's one name, `mlp/fused/b32` (`elman/eager/b16_t50` for sequence models,
    /// `mlp/torch.compile/b32` for a peer): its HDF5 group path without `/benchmarks/`, used by
    /// every report, export and filter. (The task is not part of it: a workload file has one task.)
    public var description: String {
        BenchmarkKey.name(workload: workload, mode: frameworkMode, batch: batch, sequenceLength: sequenceLength)
    }

    /// `<workload>/<mode>/b<batch>[_t<len>]`: the one spelling of a benchmark's name (`mode` is
    /// nnbench's mode or a peer's `<framework>.<mode>`).
    public static func name(workload: String, mode: some CustomStringConvertible, batch: Int, sequenceLength: Int) -> String {
        "\(workload)/\(mode)/b\(batch)" + (sequenceLength > 0 ? "_t\(sequenceLength)" : "")
    }

    /// Ordered by workload, task (by name), batch, sequence length, then framework mode
    /// (framework, then eager, static, fused, then the padded stream variants).
    public static func < (a: BenchmarkKey, b: BenchmarkKey) -> Bool {
        (a.workload, a.task.rawValue, a.batch, a.sequenceLength) < (b.workload, b.task.rawValue, b.batch, b.sequenceLength)
            || ((a.workload, a.task, a.batch, a.sequenceLength) == (b.workload, b.task, b.batch, b.sequenceLength)
                && (a.frameworkMode < b.frameworkMode || (a.frameworkMode == b.frameworkMode && a.threads < b.threads)))
    }
}

/// How a comparison judges a change.
public struct ComparisonSettings: Sendable, Equatable {
    /// Relative change below which a significant change still counts as "no change" (0.05 = 5%).
    public var threshold: Double
    /// Per-workload thresholds (a workload file's `measure.threshold`), overriding `threshold`.
    public var workloadThresholds: [String: Double]
    /// Significance level of the test (Welch's t on log worker medians, or Mann-Whitney U on
    /// the samples when a side has one worker).
    public var alpha: Double
    /// Coverage of the bootstrap interval of the ratio of medians.
    public var level: Double
    public var resamples: Int
    public var seed: UInt64
    /// The counters compared exactly: any increase is a regression.
    public var exactCounters: [Counter]
    /// The relative rise of instructions per step that counts as a regression (0.01 = 1%).
    /// Counts of one build under the same conditions are identical, so this only absorbs
    /// changes too small to matter.
    public var instructionTolerance = 0.01

    public static let defaultExactCounters: [Counter] = [.allocationsPerStep, .kernelsPerStep, .gemmCallsPerStep, .nodesFinal]

    public init(threshold: Double = 0.05, workloadThresholds: [String: Double] = [:], alpha: Double = 0.05,
                level: Double = StatisticsPolicy.standard.level,
                resamples: Int = StatisticsPolicy.standard.resamples, seed: UInt64 = 1,
                exactCounters: [Counter] = ComparisonSettings.defaultExactCounters) {
        precondition(threshold >= 0 && threshold < 1, "ComparisonSettings: threshold must be in [0, 1)")
        self.threshold = threshold; self.workloadThresholds = workloadThresholds; self.alpha = alpha
        self.level = level; self.resamples = resamples; self.seed = seed; self.exactCounters = exactCounters
    }

    /// The threshold that applies to `workload`.
    public func threshold(for workload: String) -> Double { workloadThresholds[workload] ?? threshold }
}

/// The verdict on one benchmark's timing.
public enum ChangeVerdict: String, Sendable, Codable, CaseIterable {
    /// Significantly faster, by more than the threshold.
    case faster
    /// Significantly slower, by more than the threshold: a regression.
    case slower
    /// Neither of the others: the change is smaller than the threshold (significant or not).
    case noChange = "no change"
    /// Not significant, yet the medians differ by the threshold or more, or the interval
    /// reaches past the threshold on both sides: the measurement cannot decide (`check` exits 3).
    case undecided
}

/// One benchmark's timing in two runs.
public struct TimingComparison: Sendable, Equatable, Codable {
    public var key: BenchmarkKey
    /// Median nanoseconds per step.
    public var baseMedian: Double
    public var headMedian: Double
    /// Median absolute deviation of the head samples (nanoseconds), for dashboards' error bars.
    public var headMAD: Double
    /// head / base - 1, and its hierarchical bootstrap interval (each side on its own: workers,
    /// then samples within them).
    public var change: Double
    public var changeLow: Double
    public var changeHigh: Double
    /// Two-sided p-value of `test`.
    public var p: Double
    public var threshold: Double
    public var verdict: ChangeVerdict
    public var baseSamples: Int
    public var headSamples: Int
    /// Worker processes on each side (the unit of replication).
    public var baseWorkers: Int
    public var headWorkers: Int
    /// The test behind `p`.
    public var test: ChangeTest
    /// For an undecided change: about how many workers a side would decide a change of this
    /// size at the spread seen (nil when it cannot be estimated).
    public var workersToDecide: Int?
    /// "3 of 45 rounds disturbed" per side (nil when not recorded).
    public var baseDisturbance: String?
    public var headDisturbance: String?
    /// Rounds judged in pairs (both sides of one lockstep measurement, `compareTimingPaired`);
    /// nil when the sides were measured apart.
    public var pairedRounds: Int? = nil

    /// The ratio head / base of medians.
    public var ratio: Double { change + 1 }
}

/// One exact counter of one benchmark in two runs.
public struct CounterComparison: Sendable, Equatable, Codable {
    public var key: BenchmarkKey
    public var counter: Counter
    public var base: Double
    public var head: Double

    /// Any increase of an exact counter is a regression: there is no noise to allow for.
    public var regressed: Bool { head > base }
    public var improved: Bool { head < base }
}

/// The geometric mean of head/base median ratios, the overall change of a comparison.
public struct GeometricMean: Sendable, Equatable, Codable {
    public var ratio: Double
    /// Bootstrap interval: each replicate resamples every benchmark's two sides on their own
    /// and takes the geometric mean of the replicate ratios.
    public var low: Double
    public var high: Double
    /// How many benchmarks it averages.
    public var benchmarks: Int
}

/// Everything `compare` and `check` know about two runs.
public struct Comparison: Sendable, Equatable {
    public var timings: [TimingComparison]
    /// Exact counters that changed (equal counters are left out).
    public var counterChanges: [CounterComparison]
    public var onlyInBase: [BenchmarkKey]
    public var onlyInHead: [BenchmarkKey]
    public var environmentDifferences: [EnvironmentDifference]
    public var baseEnvironment: Environment
    public var headEnvironment: Environment

    /// The geometric mean of head/base median ratios over all compared benchmarks, with its
    /// bootstrap interval (nil when no benchmark is in both runs).
    public var geometricMean: GeometricMean?
    /// Whether timings were judged (`skippingTimings` marks them skipped).
    public var timingGate: GateUse = .used
    /// Instructions per step of the benchmarks counted in both runs, and whether they were judged.
    public var instructions: [InstructionComparison] = []
    public var instructionGate: GateUse = .skipped("not counted")

    /// The geometric mean's ratio alone.
    public var geometricMeanRatio: Double? { geometricMean?.ratio }

    public var slower: [TimingComparison] { timings.filter { $0.verdict == .slower } }
    public var counterRegressions: [CounterComparison] { counterChanges.filter(\.regressed) }

    /// Something got slower, an exact counter went up, or instructions per step rose beyond the tolerance.
    public var regressed: Bool { !slower.isEmpty || !counterRegressions.isEmpty || !instructionRegressions.isEmpty }

    /// Differences that make timings incomparable (CPU, OpenBLAS kernels or threads, build, files).
    public var environmentMismatches: [EnvironmentDifference] {
        environmentDifferences.filter { $0.severity == .mismatch }
    }
}

// MARK: - Building a comparison

extension Comparison {
    /// Compares `head` against `base`, benchmark by benchmark.
    ///
    /// Benchmarks are matched by `BenchmarkKey`; when a run holds a key twice, the first wins.
    /// A timing counts as changed only when the change is significant (p < alpha and the
    /// interval of the ratio excludes 1) and its size is at least the workload's threshold.
    /// Exact counters in `settings.exactCounters` are compared as numbers: any increase is a
    /// regression.
    public static func compare(base: RunResult, head: RunResult, settings: ComparisonSettings = .init()) -> Comparison {
        let baseByKey = index(base.benchmarks), headByKey = index(head.benchmarks)
        var timings: [TimingComparison] = []
        var counters: [CounterComparison] = []
        var pairs: [(base: [[Double]], head: [[Double]])] = []
        // Two sides of one lockstep measurement are judged round by round where the rounds pair up.
        let lockstep = Interleave.pairs(base.interleave, head.interleave)
        var paired: [[[Double]]] = []
        for key in headByKey.keys.sorted() {
            guard let b = baseByKey[key], let h = headByKey[key] else { continue }
            if !b.samplesNs.isEmpty && !h.samplesNs.isEmpty {
                let threshold = settings.threshold(for: key.workload)
                if lockstep, let d = BenchmarkResult.pairedLogRatios(base: b, head: h) {
                    timings.append(compareTimingPaired(key: key, base: b, head: h, diffs: d, threshold: threshold,
                                                       settings: settings))
                    paired.append(d)
                } else {
                    timings.append(compareTiming(key: key, base: b, head: h, threshold: threshold, settings: settings))
                }
                pairs.append((b.workerGroups, h.workerGroups))
            }
            for name in settings.exactCounters {
                guard let bv = b.counters[name], let hv = h.counters[name], bv != hv else { continue }
                counters.append(CounterComparison(key: key, counter: name, base: bv, head: hv))
            }
        }
        let gate = instructionGate(base: base, head: head, settings: settings)
        var c = Comparison(
            timings: timings, counterChanges: counters,
            onlyInBase: baseByKey.keys.filter { headByKey[$0] == nil }.sorted(),
            onlyInHead: headByKey.keys.filter { baseByKey[$0] == nil }.sorted(),
            environmentDifferences: EnvironmentDifference.between(runs: base, head),
            baseEnvironment: base.environment, headEnvironment: head.environment,
            geometricMean: !paired.isEmpty && paired.count == pairs.count
                ? geometricMeanPaired(paired, settings: settings) : geometricMean(pairs, settings: settings))
        c.instructionGate = gate.use
        c.instructions = gate.comparisons
        return c
    }

    /// The geometric mean of median ratios head/base over `pairs` (each side's samples grouped
    /// by worker), with a percentile bootstrap interval: each replicate resamples every side
    /// hierarchically (workers, then samples). Nil for no pairs.
    /// - Complexity: `settings.resamples` medians of every sample set.
    public static func geometricMean(_ pairs: [(base: [[Double]], head: [[Double]])],
                                     settings: ComparisonSettings = .init()) -> GeometricMean? {
        guard !pairs.isEmpty else { return nil }
        func pooledMedian(_ g: [[Double]]) -> Double { Statistics.median(g.flatMap { $0 }) }
        let estimate = pairs.reduce(0) { $0 + log(pooledMedian($1.head) / pooledMedian($1.base)) } / Double(pairs.count)
        var rng = Xoshiro(seed: settings.seed &+ 0x6A09_E667)
        var replicates = [Double](repeating: 0, count: max(settings.resamples, 1))
        var rb: [Double] = [], rh: [Double] = []
        for r in replicates.indices {
            var sum = 0.0
            for p in pairs {
                Statistics.hierarchicalResample(p.base, into: &rb, &rng)
                Statistics.hierarchicalResample(p.head, into: &rh, &rng)
                sum += log(Statistics.median(rh) / Statistics.median(rb))
            }
            replicates[r] = sum / Double(pairs.count)
        }
        replicates.sort()
        let q = (1 - settings.level) / 2
        return GeometricMean(ratio: exp(estimate), low: exp(Statistics.quantile(sorted: replicates, q)),
                             high: exp(Statistics.quantile(sorted: replicates, 1 - q)), benchmarks: pairs.count)
    }

    private static func index(_ benchmarks: [BenchmarkResult]) -> [BenchmarkKey: BenchmarkResult] {
        var out: [BenchmarkKey: BenchmarkResult] = [:]
        for b in benchmarks where out[BenchmarkKey(b)] == nil { out[BenchmarkKey(b)] = b }
        return out
    }
}
