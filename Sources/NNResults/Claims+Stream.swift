// MARK: - C7: a stream of variable-length RNN batches

extension Claims {
    /// The graph strategies C7 compares eager against (contract with the rnn branch).
    public static let streamStrategies: [BenchmarkMode] = [.static, .fused, .staticPadded, .fusedPadded]

    /// C7: eager's total over the stream beats every graph strategy.
    ///
    /// A strategy's total is one sample: the stream runner times every sample as a cold pass
    /// (a new session), so each graph strategy's samples already include all its retracing
    /// (`retrace_total` is reported beside them, not added again).
    /// Effect: the best graph strategy's total over eager's (> 1 supports), paired by pass when
    /// the sample counts agree.
    static func streamClaim(_ g: BenchmarkGroup, policy: ClaimPolicy) -> ClaimFinding? {
        guard let e = g[.eager] else { return nil }
        // Every strategy of the framework, a class possibly more than once (JAX: jit+pad, scan+pad).
        let others = g.all.filter { streamStrategies.contains($0.mode) }
        guard !others.isEmpty else { return nil }
        let name = "best graph strategy / eager total stream time"
        var ratios: [(mode: String, r: Statistics.Interval)] = []
        for o in others {
            ratios.append((o.modeLabel, streamRatio(o, over: e, policy)))
        }
        let best = ratios.min { $0.r.estimate < $1.r.estimate } ?? ratios[0]
        if let problem = noiseProblem([e] + others, policy) {
            return g.finding("C7", .inconclusive, name, best.r, threshold: "1", note: problem)
        }
        if let winner = ratios.filter({ $0.r.high < 1 }).min(by: { $0.r.estimate < $1.r.estimate }) {
            return g.finding("C7", .refuted, name, winner.r, threshold: "1",
                             note: "\(winner.mode) beats eager over the whole stream")
        }
        if ratios.allSatisfy({ $0.r.low > 1 }) {
            return g.finding("C7", .supported, name, best.r, threshold: "1",
                             note: "eager beats every graph strategy; closest is \(best.mode)")
        }
        let close = ratios.filter { $0.r.contains(1) }.map(\.mode).joined(separator: ", ")
        return g.finding("C7", .inconclusive, name, best.r, threshold: "1",
                         note: "no detectable difference between eager and \(close)")
    }

    /// pass time of `o` / pass time of `e`, bootstrap interval (retracing is inside the passes).
    static func streamRatio(_ o: BenchmarkResult, over e: BenchmarkResult, _ policy: ClaimPolicy) -> Statistics.Interval {
        let r = Statistics.ratioCI(o.samplesNs, e.samplesNs, paired: o.samplesNs.count == e.samplesNs.count,
                                   level: policy.statistics.level, resamples: policy.resamples, seed: fnv1a(o.groupPath + "/c7"))
        return Statistics.Interval(estimate: r.ratio, low: r.low, high: r.high)
    }
}
