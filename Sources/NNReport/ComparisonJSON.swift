import Foundation
import NNResults

// MARK: - The JSON view of a comparison, for dashboards

/// Renders a `Comparison` as JSON.
///
/// `nnbench compare --format json` writes one object, `schema: "nnbench-compare/2"`, with
/// snake_case keys and the unit in every timing key (Results/README.md documents each field).
/// Its `benchmark_action` array has the shape github-action-benchmark's `customSmallerIsBetter`
/// tool reads:
/// `[{"name": "mlp/eager/b32", "unit": "ns", "value": 812345, "range": "± 2100",
///   "extra": "base 798000 ns, change +1.8% [−0.4%, +3.9%], p 0.21, no change"}, ...]`.
/// One entry per benchmark present in both runs (the head's median nanoseconds per step, the
/// range being the head's MAD), and one per exact counter of those benchmarks (unit `count`).
/// `--format benchmark-action` writes that array alone, ready for the action's `output-file-path`.
/// (Version 1 used camelCase keys, `customSmallerIsBetter`, and nested benchmark keys.)
public enum ComparisonJSON {
    /// One entry of github-action-benchmark's `customSmallerIsBetter` input.
    public struct BenchmarkActionEntry: Codable, Sendable, Equatable {
        public var name: String
        public var unit: String
        public var value: Double
        public var range: String?
        public var extra: String?
    }

    /// The whole JSON document (keys are encoded in snake_case).
    public struct Document: Codable, Sendable {
        public var schema = "nnbench-compare/2"
        public var base: RunLabel
        public var head: RunLabel
        public var regressed: Bool
        public var geometricMean: GeometricMeanView?
        public var environmentDifferences: [EnvironmentDifference]
        public var timings: [Timing]
        public var counterChanges: [CounterChange]
        /// `used`, or `skipped: <reason>`, for the timing and instruction gates.
        public var timingGate: String
        public var instructionGate: String
        public var instructions: [InstructionChange]
        public var onlyInBase: [String]
        public var onlyInHead: [String]
        public var benchmarkAction: [BenchmarkActionEntry]
    }

    /// Which run a side was.
    public struct RunLabel: Codable, Sendable {
        public var commit: String
        public var date: String
        public var dirty: Bool
    }

    /// One benchmark's timing in both runs; changes are fractions (0.018 = +1.8%).
    public struct Timing: Codable, Sendable {
        public var name: String
        public var workload: String, mode: String, task: String
        public var batch: Int, sequenceLength: Int
        public var baseMedianNs: Double, headMedianNs: Double, headMadNs: Double
        public var change: Double, changeLow: Double, changeHigh: Double
        public var pValue: Double, threshold: Double
        public var verdict: String
        public var baseSamples: Int, headSamples: Int
        /// Worker processes per side (the unit of replication) and the test behind `p_value`.
        public var baseWorkers: Int, headWorkers: Int
        public var test: String
        /// For an undecided change: about how many workers a side would decide it.
        public var workersToDecide: Int?
        /// "3 of 45 rounds disturbed" per side, when recorded.
        public var baseDisturbance: String?, headDisturbance: String?
        /// Rounds judged in pairs (two sides of one lockstep measurement); absent otherwise.
        public var pairedRounds: Int? = nil
    }

    /// An exact counter in both runs.
    public struct CounterChange: Codable, Sendable {
        public var name: String, counter: String
        public var base: Double, head: Double
    }

    /// Instructions per step of one benchmark in both runs (callgrind); `change` is a fraction.
    public struct InstructionChange: Codable, Sendable {
        public var name: String
        public var base: Int, head: Int
        public var change: Double, tolerance: Double
        public var regressed: Bool
    }

    /// The geometric mean of head / base median ratios with its interval.
    public struct GeometricMeanView: Codable, Sendable {
        public var ratio: Double, low: Double, high: Double
        public var benchmarks: Int
    }

    /// The JSON document of a comparison; `head` supplies the exact counters for dashboards.
    public static func document(_ c: Comparison, head: RunResult) -> Document {
        func label(_ e: Environment) -> RunLabel { RunLabel(commit: e.commit, date: e.date, dirty: e.dirty) }
        let timings = c.timings.map { t in
            Timing(name: t.key.description, workload: t.key.workload, mode: t.key.mode.rawValue, task: t.key.task.rawValue,
                   batch: t.key.batch, sequenceLength: t.key.sequenceLength, baseMedianNs: t.baseMedian,
                   headMedianNs: t.headMedian, headMadNs: t.headMAD, change: t.change, changeLow: t.changeLow,
                   changeHigh: t.changeHigh, pValue: t.p, threshold: t.threshold, verdict: t.verdict.rawValue,
                   baseSamples: t.baseSamples, headSamples: t.headSamples, baseWorkers: t.baseWorkers,
                   headWorkers: t.headWorkers, test: t.test.rawValue, workersToDecide: t.workersToDecide,
                   baseDisturbance: t.baseDisturbance, headDisturbance: t.headDisturbance, pairedRounds: t.pairedRounds)
        }
        return Document(
            base: label(c.baseEnvironment), head: label(c.headEnvironment), regressed: c.regressed,
            geometricMean: c.geometricMean.map { GeometricMeanView(ratio: $0.ratio, low: $0.low, high: $0.high, benchmarks: $0.benchmarks) },
            environmentDifferences: c.environmentDifferences, timings: timings,
            counterChanges: c.counterChanges.map { CounterChange(name: $0.key.description, counter: $0.counter.rawValue, base: $0.base, head: $0.head) },
            timingGate: c.timingGate.description, instructionGate: c.instructionGate.description,
            instructions: c.instructions.map {
                InstructionChange(name: $0.key.description, base: $0.base, head: $0.head, change: $0.change,
                                  tolerance: $0.tolerance, regressed: $0.regressed)
            },
            onlyInBase: c.onlyInBase.map(\.description), onlyInHead: c.onlyInHead.map(\.description),
            benchmarkAction: benchmarkAction(c, head: head))
    }

    /// The github-action-benchmark `customSmallerIsBetter` entries.
    public static func benchmarkAction(_ c: Comparison, head: RunResult, exactCounters: [Counter] = ComparisonSettings.defaultExactCounters) -> [BenchmarkActionEntry] {
        var out: [BenchmarkActionEntry] = []
        let compared = Set(c.timings.map(\.key))
        for t in c.timings {
            let extra = "base \(Int(t.baseMedian.rounded())) ns, change \(ComparisonReport.percent(t.change)) "
                + "[\(ComparisonReport.percent(t.changeLow)), \(ComparisonReport.percent(t.changeHigh))], "
                + String(format: "p %.3g, ", t.p) + t.verdict.rawValue
            out.append(BenchmarkActionEntry(name: t.key.description, unit: "ns", value: t.headMedian.rounded(),
                                            range: "± \(Int(t.headMAD.rounded()))", extra: extra))
        }
        var seen = Set<BenchmarkKey>()
        for b in head.benchmarks {
            let key = BenchmarkKey(b)
            guard compared.contains(key), seen.insert(key).inserted else { continue }
            for name in exactCounters {
                guard let v = b.counters[name] else { continue }
                out.append(BenchmarkActionEntry(name: "\(key) \(name)", unit: "count", value: v, range: nil, extra: nil))
            }
        }
        return out
    }

    /// Pretty-printed JSON with sorted keys (stable for diffs).
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
