// MARK: - A benchmark measured in several worker processes

extension BenchmarkResult {
    /// The samples split by worker process (one group when the worker indices are unknown).
    public var workerGroups: [[Double]] { Statistics.groups(samplesNs, workers: sampleWorkers) }

    /// Each worker's median, in worker order.
    public var workerMedians: [Double] { workerGroups.map(Statistics.median) }

    /// How many worker processes the samples come from (1 when unknown but there are samples).
    public var workerCount: Int { workerGroups.count }

    /// "3 of 45 rounds disturbed" (with "(2 re-taken)" when some were), or nil when the runner
    /// recorded no rounds.
    public var disturbanceText: String? {
        guard roundsTotal > 0 else { return nil }
        return "\(roundsDisturbed) of \(roundsTotal) rounds disturbed"
            + (roundsRetaken > 0 ? " (\(roundsRetaken) re-taken)" : "")
    }

    /// One record from the records of the same benchmark measured by several workers, in worker
    /// order: samples concatenated with their worker index (the position in `parts`); rounds,
    /// disturbance flags and counts carried over; exact counters, phases and the first loss from
    /// the first worker (it also measures time to first step); `samples` and `outliers`
    /// recounted over all samples.
    /// - Precondition: `parts` is not empty.
    public static func merged(_ parts: [BenchmarkResult], policy: StatisticsPolicy = .standard) -> BenchmarkResult {
        precondition(!parts.isEmpty, "BenchmarkResult.merged: no parts")
        var out = parts[0]
        out.samplesNs = []; out.sampleWorkers = []; out.sampleRounds = []; out.sampleDisturbed = []
        out.roundsTotal = 0; out.roundsDisturbed = 0; out.roundsRetaken = 0
        for (w, p) in parts.enumerated() {
            out.samplesNs += p.samplesNs
            out.sampleWorkers += [Int](repeating: w, count: p.samplesNs.count)
            out.sampleRounds += p.sampleRounds.count == p.samplesNs.count ? p.sampleRounds : Array(p.samplesNs.indices)
            out.sampleDisturbed += p.sampleDisturbed.count == p.samplesNs.count
                ? p.sampleDisturbed : [Bool](repeating: false, count: p.samplesNs.count)
            out.roundsTotal += p.roundsTotal
            out.roundsDisturbed += p.roundsDisturbed
            out.roundsRetaken += p.roundsRetaken
        }
        out.workers = parts.count
        out.counters[.samples] = Double(out.samplesNs.count)
        out.counters[.outliers] = Double(Statistics.outlierIndices(out.samplesNs, policy: policy).count)
        return out
    }
}

// MARK: - Workers that disagree

/// The spread of a benchmark's worker medians, and whether it breaks the policy's rule.
public struct WorkerSpread: Sendable, Equatable {
    public var medians: [Double]
    /// max / min of the worker medians − 1.
    public var spread: Double
    /// Within-worker drift: the largest |median of a worker's last third / its first third − 1|.
    public var drift: Double
    /// The spread exceeds `StatisticsPolicy.workerDisagreement`: the processes landed in
    /// different states (bimodal), so the run's median depends on which ones ran.
    public var disagree: Bool
    /// Some worker drifted by more than `StatisticsPolicy.workerDisagreement` within itself.
    public var drifting: Bool

    /// The spread of `r`'s workers (nil without samples).
    public init?(_ r: BenchmarkResult, policy: StatisticsPolicy = .standard) {
        let groups = r.workerGroups
        guard !groups.isEmpty else { return nil }
        medians = groups.map(Statistics.median)
        let lo = medians.min() ?? 0, hi = medians.max() ?? 0
        spread = lo > 0 ? hi / lo - 1 : 0
        drift = groups.map { g -> Double in
            let third = g.count / 3
            guard third >= 2 else { return 0 }
            let first = Statistics.median(Array(g.prefix(third))), last = Statistics.median(Array(g.suffix(third)))
            return first > 0 ? abs(last / first - 1) : 0
        }.max() ?? 0
        disagree = medians.count > 1 && spread > policy.workerDisagreement
        drifting = drift > policy.workerDisagreement
    }

    /// The warning a report prints, or nil when the workers agree and none drifted.
    public func warning(policy: StatisticsPolicy = .standard) -> String? {
        var parts: [String] = []
        if disagree {
            parts.append("worker medians differ by \(Int((spread * 100).rounded()))% (> \(percentText(policy.workerDisagreement)): bimodal or drifting between processes)")
        }
        if drifting {
            parts.append("a worker drifted by \(Int((drift * 100).rounded()))% between its first and last third of rounds (> \(percentText(policy.workerDisagreement)))")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
