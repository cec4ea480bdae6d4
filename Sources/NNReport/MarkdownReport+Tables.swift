import NNResults

// MARK: - Per-workload result tables

extension MarkdownReport {
    /// One table per workload: every benchmark by its name, the median step time with its
    /// interval, the speed-up over eager (paired by round), throughput, share of the sgemm peak,
    /// exact counters, time to first step and flagged outliers. One unit per column, named in
    /// its heading and chosen per table so that no cell needs an exponent.
    public static func tables(_ run: RunResult, policy: StatisticsPolicy = .standard) -> String {
        var out = ""
        var unsettled = false
        for w in run.workloadOrder {
            let results = run.benchmarks.filter { $0.workload == w && !$0.samplesNs.isEmpty }
            guard let first = results.first else { continue }
            out += "### \(w) (\(first.task))\n\n"
            let rows = results.map { DetailRow(b: $0, s: Summary($0, in: run.environment, policy: policy),
                                                speedup: speedupCell($0, run, policy),
                                                warmSpeedup: $0.warmSamplesNs.isEmpty ? "–" : speedupCell($0, run, policy, warm: true)) }
            out += (first.task == .stream ? streamTable(rows, policy) : stepTable(rows, policy)).render(rows)
            out += "\n" + workerNotes(results, policy)
            unsettled = unsettled || results.contains { $0.counters[.warmupStable] == 0 }
        }
        if unsettled {
            out += "† warm-up hit its bound before \(countWord(run.settings.warmupWindow)) successive chunks agreed within "
            out += "\(percentText(run.settings.warmupTolerance)): "
            out += "that mode's early samples may still drift.\n\n"
        }
        return out
    }

    /// One benchmark's figures, computed once for every column of its row.
    struct DetailRow {
        var b: BenchmarkResult
        var s: Summary
        var speedup: String
        /// Stream benchmarks: the speed-up of warm passes (every length already compiled).
        var warmSpeedup: String = "–"
    }

    /// The columns every table starts with: name, median with interval, speed-up over eager.
    private static func leadingColumns(_ rows: [DetailRow], _ policy: StatisticsPolicy, median: String) -> MarkdownTable<DetailRow> {
        let ci = "[\(percentText(policy.level)) CI]"
        let time = UnitScale.choose(UnitScale.time, for: rows.map(\.s.median.low))
        var t = MarkdownTable<DetailRow>()
        t.add("benchmark", .left) { "`\($0.b.name)`" + ($0.b.counters[.warmupStable] == 0 ? " †" : "") }
        t.add("\(median) \(ci) (\(time.name))") {
            "\(time.format($0.s.median.estimate)) [\(time.format($0.s.median.low)), \(time.format($0.s.median.high))]"
        }
        t.add("speed-up vs eager \(ci)") { $0.speedup }
        if rows.contains(where: { $0.b.workerCount > 1 }) {
            // max / min of the worker processes' medians − 1; ⚠ where they disagree (see the notes).
            t.add("worker spread (%)") { r in
                guard let w = WorkerSpread(r.b, policy: policy), w.medians.count > 1 else { return "–" }
                return NumberFormat.sig3(w.spread * 100) + (w.disagree || w.drifting ? " ⚠" : "")
            }
        }
        return t
    }

    /// The columns of a training or inference step.
    static func stepTable(_ rows: [DetailRow], _ policy: StatisticsPolicy) -> MarkdownTable<DetailRow> {
        var t = leadingColumns(rows, policy, median: "median step")
        let rate = UnitScale.choose(UnitScale.rate, for: rows.map(\.s.samplesPerSecond))
        let bytes = UnitScale.choose(UnitScale.bytes, for: rows.compactMap(\.s.peakBytes))
        let first = UnitScale.choose(UnitScale.time, for: rows.compactMap { $0.s.firstStepSeconds.map { $0 * 1e9 } })
        t.add(rate.name.isEmpty ? "samples/s" : "\(rate.name) samples/s") { rate.format($0.s.samplesPerSecond) }
        t.add("GFLOP/s") { NumberFormat.sig3($0.s.gflops) }
        t.add("% of sgemm peak") { $0.s.percentOfPeak.map(NumberFormat.sig3) ?? "–" }
        t.add("allocations/step") { NumberFormat.count($0.s.allocationsPerStep) }
        t.add("peak memory (\(bytes.name))") { bytes.format($0.s.peakBytes) }
        t.add("first step (\(first.name))") { first.format($0.s.firstStepSeconds.map { $0 * 1e9 }) }
        t.add("outliers / samples") { "\($0.s.outlierIndices.count)/\($0.s.stats.count)" }
        return t
    }

    /// Stream workloads (claim C7): one whole cold pass per sample (a new session, every distinct
    /// length compiled the first time), warm passes (every length already compiled) beside them,
    /// retracing and padding counters.
    static func streamTable(_ rows: [DetailRow], _ policy: StatisticsPolicy) -> MarkdownTable<DetailRow> {
        var t = leadingColumns(rows, policy, median: "median pass")
        let rate = UnitScale.choose(UnitScale.rate, for: rows.map(\.s.samplesPerSecond))
        let retrace = UnitScale.choose(UnitScale.time, for: rows.compactMap { $0.b.phases[.retraceTotal].map { $0 * 1e9 } })
        t.add(rate.name.isEmpty ? "samples/s" : "\(rate.name) samples/s") { rate.format($0.s.samplesPerSecond) }
        t.add("batches") { NumberFormat.count($0.b.counters[.streamBatches]) }
        t.add("distinct lengths") { NumberFormat.count($0.b.counters[.distinctLengths]) }
        t.add("retraces") { NumberFormat.count($0.b.counters[.retraces]) }
        t.add("retrace time (\(retrace.name))") { retrace.format($0.b.phases[.retraceTotal].map { $0 * 1e9 }) }
        t.add("padded (%)") { $0.b.counters[.paddedFraction].map { NumberFormat.sig3($0 * 100) } ?? "–" }
        t.add("allocations/pass") { NumberFormat.count($0.b.counters[.allocationsPerPass]) }
        // Warm passes: every length already compiled (a long job's steady state); the columns
        // before are cold passes (a new session, each length compiled the first time).
        let warm = UnitScale.choose(UnitScale.time, for: rows.compactMap { $0.b.warmSamplesNs.isEmpty ? nil : Statistics.median($0.b.warmSamplesNs) })
        t.add("warm pass [\(percentText(policy.level)) CI] (\(warm.name))") { r in
            guard !r.b.warmSamplesNs.isEmpty else { return "–" }
            let i = Statistics.medianInterval(r.b.warmSamplesNs, level: policy.level, resamples: policy.resamples,
                                              seed: fnv1a(r.b.groupPath + "/warm"))
            return "\(warm.format(i.estimate)) [\(warm.format(i.low)), \(warm.format(i.high))]"
        }
        t.add("warm speed-up vs eager [\(percentText(policy.level)) CI]") { $0.warmSpeedup }
        t.add("outliers / samples") { "\($0.s.outlierIndices.count)/\($0.s.stats.count)" }
        return t
    }

    /// Speed-up over eager, paired by (worker, round): "(unpaired)" when the samples have no
    /// round indices, "(k unpaired left out)" when some samples had no partner.
    private static func speedupCell(_ b: BenchmarkResult, _ run: RunResult, _ policy: StatisticsPolicy,
                                    warm: Bool = false) -> String {
        if b.mode == .eager { return "baseline" }
        guard let e = run.result(like: b, mode: .eager) else { return "–" }
        let (head, base) = warm ? (b.warmSeries, e.warmSeries) : (b.series, e.series)
        guard !head.values.isEmpty, !base.values.isEmpty else { return "–" }
        let s = Speedup.of(head, over: base, policy: policy,
                           seed: fnv1a(e.groupPath + "/" + b.groupPath + (warm ? "/warm" : "")))
        let note = !s.paired ? " (unpaired)" : s.unpaired > 0 ? " (\(s.unpaired) unpaired left out)" : ""
        return interval(s.interval, suffix: "×") + note
    }
}
