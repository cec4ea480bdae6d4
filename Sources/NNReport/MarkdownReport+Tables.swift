import NNResults

// MARK: - Per-workload result tables

extension MarkdownReport {
    /// One table per workload (also what `nnbench run` prints): step times with intervals,
    /// throughput, share of the sgemm peak, exact counters, time to first step, speed-up over
    /// eager with its interval (paired by round) and flagged outliers.
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

    /// Stream workloads (claim C7): one whole pass per sample, retracing and padding counters.
    private static func streamTable(_ results: [BenchmarkResult], _ run: RunResult, _ policy: StatisticsPolicy) -> String {
        let ci = "[\(percentText(policy.level)) CI]"
        var out = "| strategy | batch | longest length | pass \(ci) | samples/s | batches | distinct lengths "
        out += "| retraces | retrace time | padded | allocs/pass | speed-up vs eager \(ci) | outliers |\n"
        out += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for b in results {
            let s = Summary(b, peakGflops: run.environment.sgemmPeakGflops, policy: policy)
            func counter(_ k: Counter) -> String { b.counters[k].map { String(Int($0)) } ?? "–" }
            out += "| \(modeCell(b)) | \(b.batch) | \(b.sequenceLength) | \(durationInterval(s.median)) "
            out += "| \(number(s.samplesPerSecond)) | \(counter(.streamBatches)) | \(counter(.distinctLengths)) "
            out += "| \(counter(.retraces)) | \(b.phases[.retraceTotal].map(secondsText) ?? "–") "
            out += "| \(b.counters[.paddedFraction].map { number($0 * 100) + "%" } ?? "–") "
            out += "| \(counter(.allocationsPerPass)) "
            out += "| \(speedupCell(b, run, policy)) | \(s.outlierIndices.count)/\(s.stats.count) |\n"
        }
        return out
    }

    private static func modeCell(_ b: BenchmarkResult) -> String {
        b.modeLabel + (b.counters[.warmupStable] == 0 ? " †" : "")
    }

    private static func speedupCell(_ b: BenchmarkResult, _ run: RunResult, _ policy: StatisticsPolicy) -> String {
        if b.mode == .eager { return "baseline" }
        guard let e = run.result(like: b, mode: .eager), !e.samplesNs.isEmpty else { return "–" }
        let s = b.speedup(over: e, policy: policy)
        return interval(s.interval, suffix: "×") + (s.paired ? "" : " (unpaired)")
    }
}
