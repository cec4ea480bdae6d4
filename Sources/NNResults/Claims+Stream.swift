import Foundation

// MARK: - C7: a stream of variable-length RNN batches, cold and warm

extension Claims {
    /// The graph strategies C7 compares eager against (contract with the rnn branch).
    public static let streamStrategies: [BenchmarkMode] = [.static, .fused, .staticPadded, .fusedPadded]

    /// The two scenarios C7 is judged in.
    public enum StreamScenario: String, CaseIterable, Sendable {
        /// Every pass in a new session: each distinct length is compiled the first time it
        /// appears (a job that sees the stream once). The samples `samplesNs`.
        case cold
        /// Every length already compiled (the steady state of a long training job): `warmSamplesNs`.
        case warm
    }

    /// C7 once per scenario that has samples: eager's pass time beats every graph strategy.
    static func streamClaims(_ g: BenchmarkGroup, policy: ClaimPolicy) -> [ClaimFinding] {
        StreamScenario.allCases.compactMap { streamClaim(g, $0, policy: policy) }
    }

    /// C7 in one scenario. Effect: the fastest strategy's pass time over eager's (> 1 supports),
    /// the median of per-round ratios paired by (worker, round).
    ///
    /// Supported when every strategy's interval lies above 1 (an intersection-union test: each
    /// comparison at the interval's level, no correction needed). Refuted when some strategy
    /// beats eager after Holm's correction over the strategies: one-sided bootstrap p-values of
    /// "the strategy is faster", adjusted, against α = (1 − level) / 2, the one-sided share of
    /// the interval. Otherwise inconclusive.
    static func streamClaim(_ g: BenchmarkGroup, _ scenario: StreamScenario, policy: ClaimPolicy) -> ClaimFinding? {
        func series(_ r: BenchmarkResult) -> SampleSeries { scenario == .cold ? r.series : r.warmSeries }
        guard let e = g[.eager], !series(e).values.isEmpty else { return nil }
        // Every strategy of the framework, a class possibly more than once (JAX: jit+pad, scan+pad).
        let others = g.all.filter { streamStrategies.contains($0.mode) && !series($0).values.isEmpty }
        guard !others.isEmpty else { return nil }
        let name = "fastest graph strategy / eager \(scenario) pass time"
        let ratios = others.map { o in
            (mode: o.modeLabel, s: Speedup.of(series(e), over: series(o), policy: policy.statistics,
                                         seed: fnv1a(o.groupPath + "/c7/" + scenario.rawValue)))
        }
        let best = ratios.min { $0.s.interval.estimate < $1.s.interval.estimate } ?? ratios[0]
        let finding = { (v: Verdict, effect: Statistics.Interval, note: String) in
            g.finding("C7", v, name, effect, threshold: "1", note: note, scenario: scenario.rawValue)
        }
        let sets = ([e] + others).map { ("\($0.modeLabel) (\(scenario))", series($0).values, fnv1a($0.groupPath + scenario.rawValue)) }
        if let problem = noiseProblem(sets, policy) ?? ratios.lazy.compactMap({ pairingProblem($0.s, policy) }).first {
            return finding(.inconclusive, best.s.interval, problem)
        }
        if let w = strategyBeatingEager(ratios.map(\.s), alpha: (1 - policy.statistics.level) / 2) {
            let r = ratios[w.index]
            return finding(.refuted, r.s.interval,
                           "\(r.mode) beats eager (Holm-adjusted one-sided p = \(fmt3(w.adjustedP)) over \(ratios.count) strategies)")
        }
        if ratios.allSatisfy({ $0.s.interval.low > 1 }) {
            return finding(.supported, best.s.interval, "eager beats every graph strategy; closest is \(best.mode)")
        }
        let close = ratios.filter { $0.s.interval.low <= 1 }.map(\.mode).joined(separator: ", ")
        return finding(.inconclusive, best.s.interval,
                       "no strategy beats eager after Holm's correction, and eager does not clearly beat \(close)")
    }
}

extension Claims {
    /// The strategy that beats eager after Holm's correction over all `ratios` (eager's speed-up
    /// over each strategy; < 1 means the strategy is faster): among those whose adjusted
    /// one-sided p-value of "the speed-up is below 1" is ≤ `alpha`, the fastest; nil if none.
    static func strategyBeatingEager(_ ratios: [Speedup], alpha: Double) -> (index: Int, adjustedP: Double)? {
        let adjusted = Statistics.holm(ratios.map { $0.pValue(below: 1) })
        let winners = ratios.indices.filter { adjusted[$0] <= alpha }
        guard let w = winners.min(by: { ratios[$0].interval.estimate < ratios[$1].interval.estimate }) else { return nil }
        return (w, adjusted[w])
    }
}

/// Three significant digits (p-values).
func fmt3(_ x: Double) -> String {
    x >= 0.001 ? String(format: "%.3g", x) : String(format: "%.1e", x)
}
