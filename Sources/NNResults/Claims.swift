import NNVocabulary

// MARK: - Claim verdicts: pure functions over a RunResult

/// What one run says about a claim at one workload and size.
///
/// For the speed-up claims (C1, C3) and C5 the effect is a ratio where > 1 is the claim's side,
/// judged against a practical margin m (`ClaimPolicy.practicalMargin`, C5: `firstStepMargin`):
/// supported when the whole interval lies above 1 + m, refuted when it lies below 1 − m,
/// negligible when it lies inside [1 − m, 1 + m], inconclusive when it crosses 1 ± m.
public enum Verdict: String, Codable, Sendable, CaseIterable {
    /// The effect's interval lies entirely on the claim's side (beyond the practical margin).
    case supported
    /// The effect's interval lies entirely inside the practical margin: whatever its sign, the
    /// difference is too small to matter.
    case negligible
    /// The effect's interval lies entirely on the other side (beyond the margin where there is one).
    case refuted
    /// The interval straddles the threshold or a margin, the data are too few or too noisy, or a
    /// mode is missing.
    case inconclusive
}

/// One verdict of one claim (C1–C7) at one workload, batch size and sequence length, on one
/// framework.
public struct ClaimFinding: Sendable, Equatable {
    /// "C1" … "C7".
    public var claim: String
    /// The framework whose modes were judged (each framework against its own eager mode).
    public var framework: Framework = .nnbench
    /// Where a framework has several modes of one class (JAX's `jit` and `scan` are both
    /// fused), the modes this finding used, e.g. `jax.scan`; empty otherwise.
    public var variant: String = ""
    public var workload: String
    public var task: BenchmarkTask
    public var batch: Int
    public var sequenceLength: Int
    /// The scenario the verdict is about, "" when the claim has one (C7: "cold" or "warm").
    public var scenario: String = ""
    public var verdict: Verdict
    /// What `effect` measures, e.g. "eager / static median step time".
    public var effectName: String
    /// The effect with its 95% interval (low == high for exact counters and single measurements).
    public var effect: Statistics.Interval
    /// Where the verdict's threshold lies on the effect's scale (1 for ratios, 0.5 for C6, …).
    public var threshold: String
    /// One line on why: which part failed, or why the run cannot tell.
    public var note: String

    /// The benchmark without its mode, `mlp/b32` or `elman/b16_t50`: the benchmarks' one name
    /// (`BenchmarkKey.name`) with the mode left out, since a claim compares modes; a stream
    /// claim adds its scenario (`elman-stream/b8_t40 warm`), a framework with several modes of
    /// one class the modes used (`lstm/b16_t32 (jax.scan)`).
    public var label: String {
        "\(workload)/b\(batch)" + (sequenceLength > 0 ? "_t\(sequenceLength)" : "") + (scenario.isEmpty ? "" : " \(scenario)")
            + (variant.isEmpty ? "" : " (\(variant))")
    }
}

/// The knobs of the verdict logic, fixed and documented so that verdicts are reproducible.
public struct ClaimPolicy: Sendable, Equatable {
    /// Below this many samples per mode every timing verdict is inconclusive.
    public var minimumSamples = 5
    /// A median whose 95% interval is wider than ± this fraction of itself is "too noisy".
    public var maximumRelativeHalfWidth = 0.25
    /// C4: "close competition" means the eager/static ratio lies within 1 ± this.
    public var closeWithin = 0.10
    /// C1, C3: the smallest speed-up that counts. A speed-up whose interval lies inside
    /// 1 ± this is "negligible"; support needs the whole interval above 1 + this.
    public var practicalMargin = 0.05
    /// C5: an ordering of first-step times counts only when the later mode is slower by more
    /// than this fraction (the whole interval of the ratio above 1 + this); below 1 − this the
    /// order is reversed (refuted); inside ± this the difference is negligible.
    public var firstStepMargin = 0.10
    /// C5: below this many fresh-session first-step repeats per mode the verdict is inconclusive.
    public var minimumFirstStepRepeats = 5
    /// C6: "closes most of the gap" means (eager − static) / (eager − fused) above this.
    public var mostOfGap = 0.5
    /// Resamples, interval level and outlier rule of the statistics behind the verdicts.
    public var statistics = StatisticsPolicy.standard

    /// Bootstrap replicates per interval.
    public var resamples: Int {
        get { statistics.resamples }
        set { statistics.resamples = newValue }
    }

    public init() {}
}

/// The claims of CLAIMS.md and the logic that judges them.
public enum Claims {
    /// Each claim's id and its testable form, as the report prints them.
    public static let statements: [(id: String, text: String)] = [
        ("C1", "graph mode trains faster: step time static < eager, by more than the practical margin"),
        ("C2", "graphs save resources: static and fused make fewer heap allocations per step and use less peak memory than eager"),
        ("C3", "fusion (XLA) adds gains on top of graphs: step time fused < static, by more than the practical margin"),
        ("C4", "eager is close: eager / static step-time ratio within 1 ± 10%"),
        ("C5", "eager prototypes faster: time to the first finished step eager < static < fused, each by more than its margin"),
        ("C6", "tracing eager code closes most of the gap: (eager − static) / (eager − fused) > 0.5"),
        ("C7", "dynamic graphs suit RNNs: over a stream of varying lengths, eager's pass time (no retracing, no padding) beats every graph strategy; judged for cold passes (every length compiled the first time) and warm passes (every length already compiled)"),
    ]

    /// Every claim's verdict for every benchmark of `run` that has the modes the claim needs.
    public static func evaluate(_ run: RunResult, policy: ClaimPolicy = ClaimPolicy()) -> [ClaimFinding] {
        var findings: [ClaimFinding] = []
        for group in benchmarkGroups(run) {
            if group.task == .stream {
                findings += streamClaims(group, policy: policy)
                continue
            }
            findings += [
                c1(group, policy), c2(group), c3(group, policy), c4(group, policy),
                c5(group, policy), c6(group, policy),
            ].compactMap { $0 }
        }
        return findings.sorted {
            ($0.claim, order(of: $0, in: run), $0.variant, $0.scenario) < ($1.claim, order(of: $1, in: run), $1.variant, $1.scenario)
        }
    }

    /// The position of a finding's first benchmark in the run (keeps the run's order in reports).
    private static func order(of f: ClaimFinding, in run: RunResult) -> Int {
        run.benchmarks.firstIndex {
            $0.framework == f.framework && $0.workload == f.workload && $0.task == f.task && $0.batch == f.batch
                && $0.sequenceLength == f.sequenceLength
        } ?? Int.max
    }
}

// MARK: - Grouping a run's results by benchmark

/// The results of one benchmark (framework, workload, task, batch, length) keyed by mode class.
struct BenchmarkGroup {
    var framework: Framework
    var workload: String
    var task: BenchmarkTask
    var batch: Int
    var sequenceLength: Int
    var byMode: [BenchmarkMode: BenchmarkResult]
    /// Every result of the benchmark, in run order (streams judge all strategies, see C7).
    var all: [BenchmarkResult]
    /// The modes picked where a class has several (`jax.scan`), empty when none has.
    var variant = ""

    subscript(mode: BenchmarkMode) -> BenchmarkResult? { byMode[mode] }

    /// A finding for this group with the effect filled in.
    func finding(_ claim: String, _ verdict: Verdict, _ effectName: String, _ effect: Statistics.Interval,
                 threshold: String, note: String, scenario: String = "") -> ClaimFinding {
        ClaimFinding(claim: claim, framework: framework, variant: variant, workload: workload, task: task, batch: batch,
                     sequenceLength: sequenceLength, scenario: scenario, verdict: verdict, effectName: effectName,
                     effect: effect, threshold: threshold, note: note)
    }

    /// One group per choice of mode where a class holds several (JAX: `jit` and `scan` are both
    /// fused): each variant has one result per class. Streams stay whole (C7 takes every strategy).
    var variants: [BenchmarkGroup] {
        guard task != .stream else { return [self] }
        var choices: [[BenchmarkResult]] = [[]]
        for m in Set(all.map(\.mode)).sorted() {
            let options = all.filter { $0.mode == m }
            choices = choices.flatMap { c in options.map { c + [$0] } }
        }
        guard choices.count > 1 else { return [self] }
        return choices.map { c in
            var g = self
            g.byMode = Dictionary(c.map { ($0.mode, $0) }, uniquingKeysWith: { a, _ in a })
            g.variant = c.filter { r in all.filter { $0.mode == r.mode }.count > 1 }.map(\.modeLabel).joined(separator: ", ")
            return g
        }
    }
}

extension Claims {
    /// The run's benchmarks grouped by (framework, workload, task, batch, length), in first-seen
    /// order, split into variants where a framework has several modes of one class.
    /// Results without samples (nothing to judge) are left out.
    static func benchmarkGroups(_ run: RunResult) -> [BenchmarkGroup] {
        var groups: [BenchmarkGroup] = []
        for b in run.benchmarks where !b.samplesNs.isEmpty {
            if let i = groups.firstIndex(where: {
                $0.framework == b.framework && $0.workload == b.workload && $0.task == b.task && $0.batch == b.batch
                    && $0.sequenceLength == b.sequenceLength
            }) {
                groups[i].byMode[b.mode] = b
                groups[i].all.append(b)
            } else {
                groups.append(BenchmarkGroup(framework: b.framework, workload: b.workload, task: b.task, batch: b.batch,
                                             sequenceLength: b.sequenceLength, byMode: [b.mode: b], all: [b]))
            }
        }
        return groups.flatMap(\.variants)
    }

    /// Verdict for an interval against a threshold where "above" is the claim's side.
    static func side(_ e: Statistics.Interval, above t: Double) -> Verdict {
        if e.low > t { return .supported }
        if e.high < t { return .refuted }
        return .inconclusive
    }

    /// Verdict for a ratio (> 1 is the claim's side) against the band 1 ± `margin`: supported
    /// above it, refuted below it, negligible inside it, inconclusive across an edge.
    static func band(_ e: Statistics.Interval, margin: Double) -> Verdict {
        if e.low > 1 + margin { return .supported }
        if e.high < 1 - margin { return .refuted }
        if e.low >= 1 - margin && e.high <= 1 + margin { return .negligible }
        return .inconclusive
    }

    /// Why timing results cannot carry a verdict (too few samples or too noisy), or nil.
    static func noiseProblem(_ results: [BenchmarkResult], _ policy: ClaimPolicy) -> String? {
        noiseProblem(results.map { ($0.modeLabel, $0.samplesNs, $0.bootstrapSeed) }, policy)
    }

    /// As `noiseProblem(_:_:)` over named sample sets (warm stream passes have no `Summary`).
    static func noiseProblem(_ sets: [(name: String, samples: [Double], seed: UInt64)], _ policy: ClaimPolicy) -> String? {
        for (name, x, seed) in sets {
            if x.count < policy.minimumSamples {
                return "\(name): \(x.count) samples, fewer than \(policy.minimumSamples)"
            }
            let m = Statistics.medianInterval(x, level: policy.statistics.level, resamples: policy.resamples, seed: seed)
            let half = (m.high - m.low) / 2 / m.estimate
            if half > policy.maximumRelativeHalfWidth {
                return "\(name): too noisy (median ± \(Int((half * 100).rounded()))%)"
            }
        }
        return nil
    }

    /// Why a paired comparison cannot carry a verdict: too few matched rounds. Unpaired samples
    /// (left out) are named in the note by `pairingNote`.
    static func pairingProblem(_ s: Speedup, _ policy: ClaimPolicy) -> String? {
        guard s.paired, s.pairs < policy.minimumSamples else { return nil }
        return "\(s.pairs) rounds with both modes, fewer than \(policy.minimumSamples)" + pairingNote(s)
    }

    /// "; 2 unpaired samples left out" (or "; unpaired: no round indices"), "" when all paired.
    static func pairingNote(_ s: Speedup) -> String {
        if !s.paired { return "; unpaired (no round indices)" }
        return s.unpaired > 0 ? "; \(s.unpaired) unpaired sample\(s.unpaired == 1 ? "" : "s") left out" : ""
    }
}
