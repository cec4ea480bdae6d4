// MARK: - Pooling repeated runs of one build into one sample set per benchmark

/// Runs that must not be pooled: their environments differ in a way that changes timings.
public struct PoolingError: Error, CustomStringConvertible, Equatable {
    /// The run (its file name) that differs from the first, and the first difference.
    public var run: String
    public var difference: EnvironmentDifference

    public var description: String { "\(run): cannot pool it with the other runs: \(difference)" }
}

extension RunResult {
    /// `pooled(_:)` after checking that every run was measured like the first: no mismatch
    /// (CPU, OpenBLAS, build, workload files, profile, sample length, threads, sgemm peak).
    /// - Parameter runs: each run with the name of its file (for the message).
    /// - Throws: `PoolingError` naming the first run that differs.
    public static func pooled(checking runs: [(name: String, run: RunResult)]) throws(PoolingError) -> RunResult {
        precondition(!runs.isEmpty, "RunResult.pooled: no runs to pool")
        for r in runs.dropFirst() {
            if let d = EnvironmentDifference.between(runs: runs[0].run, r.run).first(where: { $0.severity == .mismatch }) {
                throw PoolingError(run: r.name, difference: d)
            }
        }
        return pooled(runs.map(\.run))
    }

    /// One run holding the samples of every run in `runs`, benchmark by benchmark; each run's
    /// workers stay separate units (renumbered after the previous runs' workers).
    ///
    /// For repeated runs of the same build taken in alternation with another build (see
    /// scripts/compare-commits): pooling puts the round-to-round drift into both sides' spread
    /// alike, so a comparison of pooled runs is not fooled by one lucky round. Samples are
    /// nanoseconds per step, so rounds calibrated to different steps per sample pool directly.
    ///
    /// The environment is the last run's, with the workload hashes of all runs merged; the
    /// settings are the first run's with `samples` set to the largest pooled count. Counters,
    /// phases, the first loss and instructions per step of a benchmark are its first
    /// occurrence's (the instruction conditions are the first counted run's): exact counters do
    /// not vary between runs of one build.
    /// - Precondition: `runs` is not empty.
    /// One run keeps its interleave attributes (a directory holding one side of a lockstep
    /// measurement is still judged round by round); runs pooled together are no one side.
    public static func pooled(_ runs: [RunResult]) -> RunResult {
        precondition(!runs.isEmpty, "RunResult.pooled: no runs to pool")
        var order: [BenchmarkKey] = []
        var byKey: [BenchmarkKey: BenchmarkResult] = [:]
        var offset = 0
        // Each run's worker peaks, renumbered like its workers (nil once a run has none).
        var workerPeaks: [Double]? = []
        for run in runs {
            var used = 0
            for var b in run.benchmarks {
                let key = BenchmarkKey(b)
                let local = b.sampleWorkers.count == b.samplesNs.count ? b.sampleWorkers : [Int](repeating: 0, count: b.samplesNs.count)
                used = max(used, (local.max() ?? -1) + 1)
                b.sampleWorkers = local.map { $0 + offset }
                if b.sampleRounds.count != b.samplesNs.count { b.sampleRounds = Array(b.samplesNs.indices) }
                if b.sampleDisturbed.count != b.samplesNs.count { b.sampleDisturbed = [Bool](repeating: false, count: b.samplesNs.count) }
                if var existing = byKey[key] {
                    existing.samplesNs += b.samplesNs
                    existing.sampleWorkers += b.sampleWorkers
                    existing.sampleRounds += b.sampleRounds
                    existing.sampleDisturbed += b.sampleDisturbed
                    existing.workers += b.workers
                    existing.roundsTotal += b.roundsTotal
                    existing.roundsDisturbed += b.roundsDisturbed
                    existing.roundsRetaken += b.roundsRetaken
                    byKey[key] = existing
                } else {
                    byKey[key] = b
                    order.append(key)
                }
            }
            let width = max(used, 1)
            let own = run.environment.sgemmPeakWorkers
            workerPeaks = own.count == width ? workerPeaks.map { $0 + own } : nil
            offset += width
        }
        let last = runs[runs.count - 1]
        var environment = last.environment
        for run in runs {
            environment.workloadHashes.merge(run.environment.workloadHashes) { kept, _ in kept }
        }
        environment.sgemmPeakWorkers = workerPeaks ?? []
        if let peaks = workerPeaks, !peaks.isEmpty { environment.sgemmPeakGflops = Statistics.median(peaks) }
        var settings = runs[0].settings
        let benchmarks = order.compactMap { byKey[$0] }
        settings.samples = benchmarks.map(\.samplesNs.count).max() ?? settings.samples
        var pooled = RunResult(schemaVersion: last.schemaVersion, environment: environment, settings: settings,
                               benchmarks: benchmarks, instructionHost: runs.lazy.compactMap(\.instructionHost).first)
        if runs.count == 1 { pooled.interleave = last.interleave }
        return pooled
    }
}
