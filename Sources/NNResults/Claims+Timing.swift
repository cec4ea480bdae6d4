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

    private static func speedupClaim(_ id: String, _ g: BenchmarkGroup, faster mode: BenchmarkMode, than base: BenchmarkMode,
                                     _ policy: ClaimPolicy) -> ClaimFinding? {
        guard let a = g[base], let b = g[mode] else { return nil }
        let s = b.speedup(over: a, policy: policy.statistics).interval
        let name = "\(base) / \(mode) median step time"
        if let problem = noiseProblem([a, b], policy) {
            return g.finding(id, .inconclusive, name, s, threshold: "1", note: problem)
        }
        let verdict = side(s, above: 1)
        let note: String
        switch verdict {
        case .supported: note = "\(mode) is faster"
        case .refuted: note = "\(mode) is slower"
        case .inconclusive: note = "the interval includes 1 (no detectable difference)"
        }
        return g.finding(id, verdict, name, s, threshold: "1", note: note)
    }

    /// C4: eager is close to static: eager / static median time within 1 ± `closeWithin`.
    static func c4(_ g: BenchmarkGroup, _ policy: ClaimPolicy) -> ClaimFinding? {
        guard let e = g[.eager], let s = g[.static] else { return nil }
        let r = s.speedup(over: e, policy: policy.statistics).interval
        let lo = 1 - policy.closeWithin, hi = 1 + policy.closeWithin
        let threshold = "\(fmt(lo))–\(fmt(hi))"
        let name = "eager / static median step time"
        if let problem = noiseProblem([e, s], policy) {
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

    /// C6: tracing closes most of the gap: (eager − static) / (eager − fused), paired by round.
    static func c6(_ g: BenchmarkGroup, _ policy: ClaimPolicy) -> ClaimFinding? {
        guard let e = g[.eager], let s = g[.static], let f = g[.fused] else { return nil }
        let name = "(eager − static) / (eager − fused)"
        let threshold = fmt(policy.mostOfGap)
        guard e.samplesNs.count == s.samplesNs.count, e.samplesNs.count == f.samplesNs.count else {
            let v = gapFraction([e.samplesNs, s.samplesNs, f.samplesNs])
            return g.finding("C6", .inconclusive, name, .init(estimate: v, low: -.infinity, high: .infinity),
                             threshold: threshold, note: "modes have different sample counts: cannot pair rounds")
        }
        let r = Statistics.pairedBootstrap([e.samplesNs, s.samplesNs, f.samplesNs], level: policy.statistics.level, resamples: policy.resamples,
                                           seed: fnv1a(f.groupPath + "/c6"), statistic: gapFraction)
        if let problem = noiseProblem([e, s, f], policy) {
            return g.finding("C6", .inconclusive, name, r, threshold: threshold, note: problem)
        }
        let gap = f.speedup(over: e, policy: policy.statistics).interval
        guard gap.low > 1 else {
            return g.finding("C6", .inconclusive, name, r, threshold: threshold,
                             note: "fused is not clearly faster than eager: no gap to close")
        }
        let verdict = side(r, above: policy.mostOfGap)
        let note: String
        switch verdict {
        case .supported: note = "static closes most of the eager-to-fused gap"
        case .refuted: note = "static closes less than half of the gap"
        case .inconclusive: note = "the interval includes \(threshold)"
        }
        return g.finding("C6", verdict, name, r, threshold: threshold, note: note)
    }

    /// (median eager − median static) / (median eager − median fused); NaN when the gap is 0.
    static func gapFraction(_ c: [[Double]]) -> Double {
        let e = Statistics.median(c[0]), s = Statistics.median(c[1]), f = Statistics.median(c[2])
        let gap = e - f
        return gap == 0 ? .nan : (e - s) / gap
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
