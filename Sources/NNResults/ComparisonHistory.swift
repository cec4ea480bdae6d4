// MARK: - A benchmark's median over many runs, with its step changes

/// The medians of every benchmark over a series of runs, in commit order, with the points where
/// a step change happened: a significant change beyond the threshold from the previous run
/// that has the benchmark (the same judgement as `compare`).
public struct History: Sendable, Equatable {
    /// One run of the series.
    public struct Run: Sendable, Equatable {
        /// The file it came from (its name only).
        public var name: String
        public var date: String
        public var commit: String
    }

    /// One benchmark's median in one run.
    public struct Point: Sendable, Equatable {
        /// Index into `runs`.
        public var run: Int
        public var median: Double
        /// The judgement against the previous point (nil for the first point).
        public var step: TimingComparison?

        /// The previous point differs significantly and beyond the threshold.
        public var isStepChange: Bool { step.map { $0.verdict == .faster || $0.verdict == .slower } ?? false }
    }

    /// One benchmark over the runs that hold it.
    public struct Series: Sendable, Equatable {
        public var key: BenchmarkKey
        public var points: [Point]
    }

    public var runs: [Run]
    public var series: [Series]

    /// Builds the history of `runs` (each with the name of its file), in commit order: by each
    /// run's commit's position in `commitOrder` (0 = oldest, from `CommitOrder.ranks`), then by
    /// date and name (file names start with a UTC timestamp). Runs whose commit is not in
    /// `commitOrder` (unknown, or from another branch) follow the others, by date.
    public static func build(_ runs: [(name: String, result: RunResult)], settings: ComparisonSettings = .init(),
                             commitOrder: [String: Int] = [:]) -> History {
        func key(_ r: (name: String, result: RunResult)) -> (Int, String, String) {
            (commitOrder[r.result.environment.commit] ?? Int.max, r.result.environment.date, r.name)
        }
        let ordered = runs.sorted { key($0) < key($1) }
        var series: [BenchmarkKey: [Point]] = [:]
        var previous: [BenchmarkKey: BenchmarkResult] = [:]
        for (i, run) in ordered.enumerated() {
            var seen = Set<BenchmarkKey>()
            for b in run.result.benchmarks where !b.samplesNs.isEmpty {
                let key = BenchmarkKey(b)
                guard seen.insert(key).inserted else { continue }
                let step = previous[key].map {
                    Comparison.compareTiming(key: key, base: $0, head: b,
                                             threshold: settings.threshold(for: key.workload), settings: settings)
                }
                series[key, default: []].append(Point(run: i, median: Statistics.median(b.samplesNs), step: step))
                previous[key] = b
            }
        }
        return History(
            runs: ordered.map { Run(name: $0.name, date: $0.result.environment.date, commit: $0.result.environment.commit) },
            series: series.keys.sorted().map { Series(key: $0, points: series[$0] ?? []) })
    }
}
