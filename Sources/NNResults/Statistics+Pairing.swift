// MARK: - Pairing samples of several modes by (worker, round)

/// Samples with the worker process and the round each was taken in.
public struct SampleSeries: Sendable, Equatable {
    public var values: [Double]
    /// Worker of each sample; empty means every sample came from worker 0.
    public var workers: [Int]
    /// Round of each sample within its worker; empty means unknown (nothing can be paired).
    public var rounds: [Int]

    public init(values: [Double], workers: [Int] = [], rounds: [Int] = []) {
        self.values = values; self.workers = workers; self.rounds = rounds
    }

    /// True when every sample has a round (and a worker, or none at all).
    public var hasRounds: Bool {
        !values.isEmpty && rounds.count == values.count && (workers.isEmpty || workers.count == values.count)
    }

    /// The (worker, round) key of sample `i`.
    func key(_ i: Int) -> PairKey { PairKey(worker: workers.isEmpty ? 0 : workers[i], round: rounds[i]) }
}

/// The identity of a sampling round: which worker process, which round within it.
struct PairKey: Hashable, Comparable {
    var worker: Int
    var round: Int
    static func < (a: PairKey, b: PairKey) -> Bool { (a.worker, a.round) < (b.worker, b.round) }
}

extension BenchmarkResult {
    /// The timed samples (cold passes for streams) with their workers and rounds.
    public var series: SampleSeries { SampleSeries(values: samplesNs, workers: sampleWorkers, rounds: sampleRounds) }
    /// Streams: the warm passes with their workers and rounds (empty values elsewhere).
    public var warmSeries: SampleSeries {
        SampleSeries(values: warmSamplesNs, workers: warmSampleWorkers, rounds: warmSampleRounds)
    }
}

/// Samples of several series matched by (worker, round): row `i` of every column was taken in
/// the same round of the same worker. Samples whose (worker, round) is missing from another
/// series have no partner: they are left out and counted, never paired by position.
public struct PairedRows: Sendable, Equatable {
    /// One column per series, rows in (worker, round) order.
    public var columns: [[Double]]
    /// The worker of each row.
    public var workers: [Int]
    /// Per series: samples left out for want of a partner (or because their key repeated).
    public var unpaired: [Int]

    /// Matched rows.
    public var count: Int { workers.count }
    public var unpairedTotal: Int { unpaired.reduce(0, +) }

    /// Matches `series` by (worker, round); nil when any series has no round indices.
    public init?(_ series: [SampleSeries]) {
        guard !series.isEmpty, series.allSatisfy(\.hasRounds) else { return nil }
        // A repeated key keeps its first sample; the repeats count as unpaired below.
        var maps: [[PairKey: Double]] = []
        for s in series {
            var m: [PairKey: Double] = [:]
            for i in s.values.indices where m[s.key(i)] == nil { m[s.key(i)] = s.values[i] }
            maps.append(m)
        }
        var shared = Set(maps[0].keys)
        for m in maps.dropFirst() { shared.formIntersection(m.keys) }
        let keys = shared.sorted()
        columns = maps.map { m in keys.map { m[$0] ?? .nan } }
        workers = keys.map(\.worker)
        unpaired = series.map { $0.values.count - keys.count }
    }

    /// Rows of columns that are already aligned (one worker, row i = round i).
    public init(aligned columns: [[Double]]) {
        precondition(!columns.isEmpty && columns.allSatisfy { $0.count == columns[0].count },
                     "PairedRows: aligned columns need equal counts")
        self.columns = columns
        self.workers = [Int](repeating: 0, count: columns[0].count)
        self.unpaired = [Int](repeating: 0, count: columns.count)
    }

    /// Row indices per worker, in worker order.
    var rowsByWorker: [[Int]] {
        var groups: [Int: [Int]] = [:]
        for (i, w) in workers.enumerated() { groups[w, default: []].append(i) }
        return groups.keys.sorted().compactMap { groups[$0] }
    }
}
