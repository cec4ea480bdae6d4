import NNResults

// MARK: - Per-workload result tables

extension MarkdownReport {
    /// One table per workload (also what `nnbench run` prints): step times with intervals,
    /// throughput, share of the sgemm peak, exact counters, time to first step, speed-up over
    /// eager with its interval (paired by (worker, round)) and flagged outliers.
    public static func tables(_ run: RunResult, policy: StatisticsPolicy = .standard) -> String {
        var out = ""
        var unsettled = false
        for w in run.workloadOrder {
            let results = run.benchmarks.filter { $0.workload == w && !$0.samplesNs.isEmpty }
            guard let first = results.first else { continue }
            out += "### \(w) (\(first.task))\n\n"
            if first.task == .stream {
                out += streamTable(results, run, policy)
            } else {
                out += stepTable(results, run, policy)
            }
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

    private static func stepTable(_ results: [BenchmarkResult], _ run: RunResult, _ policy: StatisticsPolicy) -> String {
        let ci = "[\(percentText(policy.level)) CI]"
        let lengths = results.contains { $0.sequenceLength > 0 }
        var out = "| mode | batch |" + (lengths ? " length |" : "")
        out += " median \(ci) | samples/s | GFLOP/s | % peak | allocs/step | peak memory | first step | speed-up vs eager \(ci) | outliers |\n"
        out += "|---|---:|" + (lengths ? "---:|" : "") + "---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for b in results {
            let s = Summary(b, peakGflops: run.environment.sgemmPeakGflops, policy: policy)
            out += "| \(modeCell(b)) | \(b.batch) |" + (lengths ? " \(b.sequenceLength) |" : "")
            out += " \(durationInterval(s.median)) | \(number(s.samplesPerSecond)) | \(number(s.gflops)) "
            out += "| \(s.percentOfPeak.map { number($0) } ?? "–") "
            out += "| \(s.allocationsPerStep.map { String(Int($0)) } ?? "–") "
            out += "| \(s.peakBytes.map(byteText) ?? "–") "
            out += "| \(s.firstStepSeconds.map(secondsText) ?? "–") "
            out += "| \(speedupCell(b, run, policy)) | \(s.outlierIndices.count)/\(s.stats.count) |\n"
        }
        return out
    }

    /// Stream workloads (claim C7): one whole pass per sample, cold (every distinct length
    /// compiled the first time, a new session per pass) and warm (every length already
    /// compiled), with retracing and padding counters.
    private static func streamTable(_ results: [BenchmarkResult], _ run: RunResult, _ policy: StatisticsPolicy) -> String {
        let ci = "[\(percentText(policy.level)) CI]"
        var out = "Cold pass: a new session, every distinct length compiled the first time it appears (a job that sees the "
        out += "stream once). Warm pass: every length already compiled (the steady state of a long training job).\n\n"
        out += "| strategy | batch | longest length | cold pass \(ci) | warm pass \(ci) | batches | distinct lengths "
        out += "| retraces | retrace time | padded | allocs/pass | cold speed-up vs eager \(ci) | warm speed-up vs eager \(ci) | outliers |\n"
        out += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for b in results {
            let s = Summary(b, peakGflops: run.environment.sgemmPeakGflops, policy: policy)
            func counter(_ k: Counter) -> String { b.counters[k].map { String(Int($0)) } ?? "–" }
            let warm = b.warmSamplesNs.isEmpty ? "–"
                : durationInterval(Statistics.medianInterval(b.warmSamplesNs, level: policy.level, resamples: policy.resamples,
                                                             seed: fnv1a(b.groupPath + "/warm")))
            out += "| \(modeCell(b)) | \(b.batch) | \(b.sequenceLength) | \(durationInterval(s.median)) | \(warm) "
            out += "| \(counter(.streamBatches)) | \(counter(.distinctLengths)) "
            out += "| \(counter(.retraces)) | \(b.phases[.retraceTotal].map(secondsText) ?? "–") "
            out += "| \(b.counters[.paddedFraction].map { number($0 * 100) + "%" } ?? "–") "
            out += "| \(counter(.allocationsPerPass)) "
            out += "| \(speedupCell(b, run, policy)) | \(speedupCell(b, run, policy, warm: true)) "
            out += "| \(s.outlierIndices.count)/\(s.stats.count) |\n"
        }
        return out
    }

    private static func modeCell(_ b: BenchmarkResult) -> String {
        b.mode.rawValue + (b.counters[.warmupStable] == 0 ? " †" : "")
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
