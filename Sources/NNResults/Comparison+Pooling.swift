// MARK: - Pooling repeated runs of one build into one sample set per benchmark

extension RunResult {
    /// One run holding the samples of every run in `runs`, benchmark by benchmark.
    ///
    /// For repeated runs of the same build taken in alternation with another build (see
    /// scripts/compare-commits): pooling puts the round-to-round drift into both sides' spread
    /// alike, so a comparison of pooled runs is not fooled by one lucky round. Samples are
    /// nanoseconds per step, so rounds calibrated to different steps per sample pool directly.
    ///
    /// The environment is the last run's, with the workload hashes of all runs merged; the
    /// settings are the first run's with `samples` set to the largest pooled count. Counters,
    /// phases and the first loss of a benchmark are its first occurrence's: exact counters do
    /// not vary between runs of one build.
    /// - Precondition: `runs` is not empty.
    public static func pooled(_ runs: [RunResult]) -> RunResult {
        precondition(!runs.isEmpty, "RunResult.pooled: no runs to pool")
        var order: [BenchmarkKey] = []
        var byKey: [BenchmarkKey: BenchmarkResult] = [:]
        for run in runs {
            for b in run.benchmarks {
                let key = BenchmarkKey(b)
                if var existing = byKey[key] {
                    existing.samplesNs += b.samplesNs
                    byKey[key] = existing
                } else {
                    byKey[key] = b
                    order.append(key)
                }
            }
        }
        let last = runs[runs.count - 1]
        var environment = last.environment
        for run in runs {
            environment.workloadHashes.merge(run.environment.workloadHashes) { kept, _ in kept }
        }
        var settings = runs[0].settings
        let benchmarks = order.compactMap { byKey[$0] }
        settings.samples = benchmarks.map(\.samplesNs.count).max() ?? settings.samples
        return RunResult(schemaVersion: last.schemaVersion, environment: environment, settings: settings, benchmarks: benchmarks)
    }
}
