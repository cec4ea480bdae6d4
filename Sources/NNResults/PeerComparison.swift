import NNVocabulary

// MARK: - nnbench beside the peers: several result files as one view

/// Why result files cannot be viewed together.
public struct CombineError: Error, CustomStringConvertible, Equatable {
    /// The file the problem was found in.
    public var file: String
    public var reason: String

    public init(file: String, reason: String) {
        self.file = file; self.reason = reason
    }

    public var description: String { "\(file): \(reason)" }
}

/// One benchmark (workload, task, batch, length) with every framework's modes side by side,
/// each mode's median over the fastest peer's.
public struct PeerTable: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var result: BenchmarkResult
        public var median: Statistics.Interval
        /// This mode's median over the fastest peer mode's, with an unpaired bootstrap interval
        /// (< 1: faster than every peer); nil when the benchmark has no peer.
        public var versusFastestPeer: Statistics.Interval?
    }

    public var workload: String
    public var task: BenchmarkTask
    public var batch: Int
    public var sequenceLength: Int
    /// nnbench's modes first, then each framework's, each in pipeline order.
    public var rows: [Row]
    /// The peer mode with the smallest median (`torch.compile`); nil without peers.
    public var fastestPeer: FrameworkMode?

    /// The benchmark without its mode, `mlp/b32`, `lstm/b16_t32` (for a stream the longest length).
    public var label: String {
        "\(workload)/b\(batch)" + (sequenceLength > 0 ? "_t\(sequenceLength)" : "")
    }

    /// The row of `mode`, if the benchmark has it.
    public func row(_ mode: FrameworkMode) -> Row? { rows.first { $0.result.frameworkMode == mode } }
}

public enum PeerComparison {
    /// The benchmarks of several runs (nnbench's own and peers') as one run for judging: the
    /// environment and settings of the first file. Every workload must come from the same
    /// workload file in every run (`/workloads` hashes), and no benchmark (framework mode
    /// included) may appear twice.
    /// - Throws: `CombineError` naming the later file of a clash.
    public static func combine(_ runs: [(file: String, run: RunResult)]) throws(CombineError) -> RunResult {
        guard var merged = runs.first?.run else { throw CombineError(file: "-", reason: "no result files given") }
        merged.benchmarks = []
        merged.tensors = nil
        var hashes: [String: (file: String, hash: String)] = [:]
        var seen: [String: String] = [:]
        for (file, run) in runs {
            for (w, h) in run.environment.workloadHashes.sorted(by: { $0.key < $1.key }) {
                if let other = hashes[w], other.hash != h {
                    throw CombineError(file: file, reason: "/workloads/\(w): made from another version of the workload file than \(other.file)")
                }
                hashes[w] = (file, h)
            }
            for b in run.benchmarks {
                if let other = seen[b.groupPath] {
                    throw CombineError(file: file, reason: "\(b.groupPath) is also in \(other): give each framework's results once")
                }
                seen[b.groupPath] = file
                merged.benchmarks.append(b)
            }
        }
        merged.environment.workloadHashes = hashes.mapValues(\.hash)
        return merged
    }

    /// One table per benchmark in first-seen order, rows ordered nnbench first then by framework
    /// and mode class; results without samples are left out.
    public static func tables(_ run: RunResult, policy: StatisticsPolicy = .standard) -> [PeerTable] {
        var order: [String] = []
        var byKey: [String: [BenchmarkResult]] = [:]
        for b in run.benchmarks where !b.samplesNs.isEmpty {
            let k = "\(b.workload)\u{1}\(b.task)\u{1}\(b.batch)\u{1}\(b.sequenceLength)"
            if byKey[k] == nil { order.append(k) }
            byKey[k, default: []].append(b)
        }
        return order.compactMap { k in
            guard let results = byKey[k]?.sorted(by: { $0.frameworkMode < $1.frameworkMode }), let first = results.first else {
                return nil
            }
            let peers = results.filter { $0.framework != .nnbench }
            let fastest = peers.min { Statistics.median($0.samplesNs) < Statistics.median($1.samplesNs) }
            let rows = results.map { b -> PeerTable.Row in
                // Different processes (and programs): the worker is the unit, so both intervals
                // resample workers, then samples within them (one worker: the plain bootstrap).
                let median = Statistics.hierarchicalMedianInterval(b.workerGroups, level: policy.level,
                                                                   resamples: policy.resamples, seed: fnv1a(b.groupPath))
                let ratio = fastest.map { f -> Statistics.Interval in
                    let r = Statistics.hierarchicalRatio(b.workerGroups, f.workerGroups, level: policy.level,
                                                         resamples: policy.resamples, seed: fnv1a(b.groupPath + "/" + f.groupPath))
                    return Statistics.Interval(estimate: r.ratio, low: r.low, high: r.high)
                }
                return PeerTable.Row(result: b, median: median, versusFastestPeer: ratio)
            }
            return PeerTable(workload: first.workload, task: first.task, batch: first.batch,
                             sequenceLength: first.sequenceLength, rows: rows, fastestPeer: fastest?.frameworkMode)
        }
    }
}
