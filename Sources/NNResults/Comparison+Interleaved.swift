#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Judging two sides of one lockstep measurement round by round

extension BenchmarkResult {
    /// log(head / base) of every round both sides took in lockstep, grouped by worker (pair), in
    /// worker order; nil unless every sample of each side carries its worker and round and the
    /// two sides hold exactly the same (worker, round) pairs.
    public static func pairedLogRatios(base: BenchmarkResult, head: BenchmarkResult) -> [[Double]]? {
        func indexed(_ r: BenchmarkResult) -> [Int: [Int: Double]]? {
            guard !r.samplesNs.isEmpty, r.sampleWorkers.count == r.samplesNs.count,
                  r.sampleRounds.count == r.samplesNs.count else { return nil }
            var out: [Int: [Int: Double]] = [:]
            for i in r.samplesNs.indices {
                guard out[r.sampleWorkers[i], default: [:]][r.sampleRounds[i]] == nil else { return nil }
                out[r.sampleWorkers[i], default: [:]][r.sampleRounds[i]] = r.samplesNs[i]
            }
            return out
        }
        guard let b = indexed(base), let h = indexed(head), Set(b.keys) == Set(h.keys) else { return nil }
        var groups: [[Double]] = []
        for w in b.keys.sorted() {
            let bw = b[w]!, hw = h[w]!
            guard Set(bw.keys) == Set(hw.keys) else { return nil }
            let rounds = bw.keys.sorted()
            guard rounds.allSatisfy({ bw[$0]! > 0 && hw[$0]! > 0 }) else { return nil }
            groups.append(rounds.map { log(hw[$0]! / bw[$0]!) })
        }
        return groups
    }
}

extension Comparison {
    /// Judges one benchmark of two sides of a lockstep measurement from its paired rounds
    /// (`diffs`: log(head/base) per round, grouped by worker pair).
    ///
    /// The change is exp(median of the paired log ratios) − 1 with a hierarchical bootstrap
    /// interval (worker pairs, then rounds within them). With at least 2 worker pairs the
    /// p-value is a one-sample t-test on each pair's median log ratio (the process pair is the
    /// unit); with one pair it is a sign test over the rounds (`test` says which). The verdict
    /// rules are those of `compareTiming`.
    /// - Precondition: `diffs` holds at least one value.
    public static func compareTimingPaired(key: BenchmarkKey, base: BenchmarkResult, head: BenchmarkResult, diffs: [[Double]],
                                           threshold: Double, settings: ComparisonSettings = .init()) -> TimingComparison {
        let groups = diffs.filter { !$0.isEmpty }
        precondition(!groups.isEmpty, "compareTimingPaired: \(key) has no paired rounds")
        let interval = Statistics.hierarchicalMedianInterval(groups, level: settings.level, resamples: settings.resamples,
                                                             seed: settings.seed)
        let pairMedians = groups.map(Statistics.median)
        let test: ChangeTest, p: Double
        if groups.count >= 2 {
            test = .pairedRounds; p = Statistics.oneSampleT(pairMedians)
        } else {
            test = .pairedSigns; p = Statistics.signTest(groups[0])
        }
        let change = exp(interval.estimate) - 1, low = exp(interval.low) - 1, high = exp(interval.high) - 1
        let verdict = ChangeVerdict(change: change, low: low, high: high, p: p, alpha: settings.alpha, threshold: threshold)
        // Pairs needed for a one-sample test (the pair medians' spread is the paired difference's).
        let decide = verdict == .undecided && pairMedians.count >= 2
            ? unitsToDecide(variance: Statistics.sampleVariance(pairMedians), have: pairMedians.count, change: change,
                            threshold: threshold, alpha: settings.alpha)
            : nil
        var t = TimingComparison(
            key: key, baseMedian: Statistics.median(base.samplesNs), headMedian: Statistics.median(head.samplesNs),
            headMAD: Statistics.mad(head.samplesNs), change: change, changeLow: low, changeHigh: high, p: p,
            threshold: threshold, verdict: verdict, baseSamples: base.samplesNs.count, headSamples: head.samplesNs.count,
            baseWorkers: base.workerCount, headWorkers: head.workerCount, test: test, workersToDecide: decide,
            baseDisturbance: base.disturbanceText, headDisturbance: head.disturbanceText)
        t.pairedRounds = groups.reduce(0) { $0 + $1.count }
        return t
    }

    /// The geometric mean of paired ratios over benchmarks: exp(mean over benchmarks of the
    /// median paired log ratio), with a hierarchical bootstrap interval (each benchmark's worker
    /// pairs, then rounds).
    public static func geometricMeanPaired(_ diffs: [[[Double]]], settings: ComparisonSettings = .init()) -> GeometricMean? {
        let benchmarks = diffs.map { $0.filter { !$0.isEmpty } }.filter { !$0.isEmpty }
        guard !benchmarks.isEmpty else { return nil }
        let estimate = benchmarks.reduce(0) { $0 + Statistics.median($1.flatMap { $0 }) } / Double(benchmarks.count)
        var rng = Xoshiro(seed: settings.seed &+ 0x6A09_E667)
        var replicates = [Double](repeating: 0, count: max(settings.resamples, 1))
        var buf: [Double] = []
        for r in replicates.indices {
            var sum = 0.0
            for b in benchmarks {
                Statistics.hierarchicalResample(b, into: &buf, &rng)
                sum += Statistics.median(buf)
            }
            replicates[r] = sum / Double(benchmarks.count)
        }
        replicates.sort()
        let q = (1 - settings.level) / 2
        return GeometricMean(ratio: exp(estimate), low: exp(Statistics.quantile(sorted: replicates, q)),
                             high: exp(Statistics.quantile(sorted: replicates, 1 - q)), benchmarks: benchmarks.count)
    }
}

extension Statistics {
    /// Two-sided p-value of a one-sample t-test of mean 0 (df = n − 1); with no spread, 1 when
    /// every value is 0 and 0 otherwise.
    /// - Precondition: at least 2 values.
    public static func oneSampleT(_ x: [Double]) -> Double {
        precondition(x.count >= 2, "oneSampleT: needs at least 2 values")
        let m = mean(x), variance = sampleVariance(x)
        guard variance > 0 else { return m == 0 ? 1 : 0 }
        let t = m / (variance / Double(x.count)).squareRoot()
        return studentTwoSidedP(t, df: Double(x.count - 1))
    }

    /// Two-sided exact sign test of median 0 (zeros dropped): 2·P(X ≤ min(#positive, #negative))
    /// for X ~ Binomial(n, 1/2), at most 1; 1 when every value is 0.
    public static func signTest(_ x: [Double]) -> Double {
        let pos = x.filter { $0 > 0 }.count, neg = x.filter { $0 < 0 }.count, n = pos + neg
        guard n > 0 else { return 1 }
        let k = min(pos, neg)
        var sum = 0.0
        for i in 0...k {
            sum += exp(lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1)) - Double(n) * log(2))
        }
        return min(1, 2 * sum)
    }
}
