// MARK: - C1, C3, C4, C6: steady-state step times

extension Claims {
    /// C1: static is faster than eager. Effect: eager / static median time (> 1 supports).
    static func c1(_ g: BenchmarkGroup, _ policy: ClaimPolicy) -> ClaimFinding? {
        speedupClaim("C1", g, faster: .static, than: .eager, policy)
    }

    /// C3: fused is faster than static. Effect: static / fused median time (> 1 supports).
    static func c3(_ g: BenchmarkGroup, _ policy: ClaimPolicy) -> ClaimFinding? {
        speedupClaim("C3", g, faster: .fused, than: .static, policy)
    }

    /// A speed-up claim judged against the practical margin (see `Verdict`): the effect is the
    /// median of per-round ratios, paired by (worker, round).
    private static func speedupClaim(_ id: String, _ g: BenchmarkGroup, faster mode: BenchmarkMode, than base: BenchmarkMode,
                                     _ policy: ClaimPolicy) -> ClaimFinding? {
        guard let a = g[base], let b = g[mode] else { return nil }
        let sp = b.speedup(over: a, policy: policy.statistics)
        let s = sp.interval
        let name = "\(base) / \(mode) step time" + (sp.paired ? " (median of per-round ratios)" : " (ratio of medians, unpaired)")
        let m = policy.practicalMargin
        let threshold = "> \(fmt(1 + m)) (margin ±\(pct(m)))"
        if let problem = noiseProblem([a, b], policy) ?? pairingProblem(sp, policy) {
            return g.finding(id, .inconclusive, name, s, threshold: threshold, note: problem)
        }
        let verdict = band(s, margin: m)
        let note: String
        switch verdict {
        case .supported: note = "\(mode) is faster by more than \(pct(m))"
        case .refuted: note = "\(mode) is slower by more than \(pct(m))"
        case .negligible: note = "any difference is within ±\(pct(m))"
        case .inconclusive:
            note = s.low > 1 ? "\(mode) is faster, but maybe by less than \(pct(m))"
                : s.high < 1 ? "\(mode) is slower, but maybe by less than \(pct(m))"
                : "the interval includes 1 and reaches beyond ±\(pct(m))"
        }
        return g.finding(id, verdict, name, s, threshold: threshold, note: note + pairingNote(sp))
    }

    /// C4: eager is close to static: eager / static median time within 1 ± `closeWithin`.
    static func c4(_ g: BenchmarkGroup, _ policy: ClaimPolicy) -> ClaimFinding? {
        guard let e = g[.eager], let s = g[.static] else { return nil }
        let sp = s.speedup(over: e, policy: policy.statistics)
        let r = sp.interval
        let lo = 1 - policy.closeWithin, hi = 1 + policy.closeWithin
        let threshold = "\(fmt(lo))–\(fmt(hi))"
        let name = "eager / static step time" + (sp.paired ? " (median of per-round ratios)" : " (ratio of medians, unpaired)")
        if let problem = noiseProblem([e, s], policy) ?? pairingProblem(sp, policy) {
            return g.finding("C4", .inconclusive, name, r, threshold: threshold, note: problem)
        }
        if r.low >= lo && r.high <= hi {
            return g.finding("C4", .supported, name, r, threshold: threshold, note: "within ±\(pct(policy.closeWithin))")
        }
        if r.low > hi || r.high < lo {
            let how = r.low > hi ? "eager is more than \(pct(policy.closeWithin)) slower"
                                 : "eager is more than \(pct(policy.closeWithin)) faster"
            return g.finding("C4", .refuted, name, r, threshold: threshold, note: how)
        }
        return g.finding("C4", .inconclusive, name, r, threshold: threshold,
                         note: "the interval crosses a ±\(pct(policy.closeWithin)) bound")
    }

    /// C6: tracing closes most of the gap: (eager − static) / (eager − fused) over rounds where
    /// all three modes have a sample (paired by worker and round; bootstrap over rounds).
    static func c6(_ g: BenchmarkGroup, _ policy: ClaimPolicy) -> ClaimFinding? {
        guard let e = g[.eager], let s = g[.static], let f = g[.fused] else { return nil }
        let name = "(eager − static) / (eager − fused), per-round differences"
        let threshold = fmt(policy.mostOfGap)
        guard let rows = PairedRows([e.series, s.series, f.series]) else {
            let me = Statistics.median(e.samplesNs)
            let v = (me - Statistics.median(s.samplesNs)) / (me - Statistics.median(f.samplesNs))
            return g.finding("C6", .inconclusive, name, .unbounded(v),
                             threshold: threshold, note: "no round indices: the modes' samples cannot be paired")
        }
        let r = Statistics.pairedBootstrap(rows, level: policy.statistics.level, resamples: policy.resamples,
                                           seed: fnv1a(f.groupPath + "/c6"), statistic: gapFraction)
        let left = rows.unpairedTotal > 0 ? "; \(rows.unpairedTotal) unpaired samples left out" : ""
        if let problem = noiseProblem([e, s, f], policy) {
            return g.finding("C6", .inconclusive, name, r, threshold: threshold, note: problem)
        }
        if rows.count < policy.minimumSamples {
            return g.finding("C6", .inconclusive, name, r, threshold: threshold,
                             note: "\(rows.count) rounds with all three modes, fewer than \(policy.minimumSamples)" + left)
        }
        let gap = f.speedup(over: e, policy: policy.statistics).interval
        guard gap.low > 1 else {
            return g.finding("C6", .inconclusive, name, r, threshold: threshold,
                             note: "fused is not clearly faster than eager: no gap to close" + left)
        }
        let verdict = side(r, above: policy.mostOfGap)
        let note: String
        switch verdict {
        case .supported: note = "static closes most of the eager-to-fused gap"
        case .refuted: note = "static closes less than half of the gap"
        case .inconclusive, .negligible: note = "the interval includes \(threshold)"
        }
        return g.finding("C6", verdict, name, r, threshold: threshold, note: note + left)
    }

    /// median over rows of (eager − static) / median over rows of (eager − fused), for columns
    /// [eager, static, fused] aligned by round; NaN when the gap is 0.
    static func gapFraction(_ c: [[Double]]) -> Double {
        let closed = Statistics.medianOfDifferences([c[0], c[1]]), gap = Statistics.medianOfDifferences([c[0], c[2]])
        return gap == 0 ? .nan : closed / gap
    }
}

// MARK: - Small formatting helpers for notes

/// Two significant digits for thresholds and notes.
func fmt(_ x: Double) -> String {
    if x.isInfinite { return x > 0 ? "∞" : "−∞" }
    let s = String(describing: (x * 100).rounded() / 100)
    return s.hasSuffix(".0") ? String(s.dropLast(2)) : s
}

/// A fraction as a whole percentage: 0.1 → "10%".
func pct(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }
