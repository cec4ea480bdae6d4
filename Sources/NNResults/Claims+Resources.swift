import Foundation

// MARK: - C2 (exact memory counters) and C5 (time to first step)

extension Claims {
    /// C2: static and fused make fewer heap allocations per step and use less peak memory than
    /// eager. Exact counters: the verdict has no interval and is never inconclusive.
    /// Effect: the most allocations any graph mode makes per step, over eager's.
    static func c2(_ g: BenchmarkGroup) -> ClaimFinding? {
        guard let e = g[.eager], let ea = e.counters[.allocationsPerStep], let ep = e.counters[.peakBytes] else {
            return nil
        }
        let graphs = [BenchmarkMode.static, .fused].compactMap { m -> (mode: BenchmarkMode, allocs: Double, peak: Double)? in
            guard let r = g[m], let a = r.counters[.allocationsPerStep], let p = r.counters[.peakBytes] else {
                return nil
            }
            return (m, a, p)
        }
        guard !graphs.isEmpty else { return nil }
        var failures: [String] = []
        for x in graphs {
            if x.allocs >= ea { failures.append("\(x.mode) allocates \(Int(x.allocs))/step ≥ eager's \(Int(ea))") }
            if x.peak >= ep { failures.append("\(x.mode) peak \(byteText(x.peak)) ≥ eager's \(byteText(ep))") }
        }
        let worst = graphs.map(\.allocs).max() ?? 0
        let ratio = ea > 0 ? worst / ea : (worst > 0 ? .infinity : 1)
        let effect = Statistics.Interval(estimate: ratio, low: ratio, high: ratio)
        let name = "graph / eager allocations per step (worst mode)"
        if failures.isEmpty {
            let peaks = graphs.map { "\($0.mode) \(byteText($0.peak))" }.joined(separator: ", ")
            return g.finding("C2", .supported, name, effect, threshold: "< 1",
                             note: "allocs \(Int(ea)) → \(graphs.map { String(Int($0.allocs)) }.joined(separator: "/")); peak eager \(byteText(ep)) vs \(peaks)")
        }
        return g.finding("C2", .refuted, name, effect, threshold: "< 1", note: failures.joined(separator: "; "))
    }

    /// C5: time to the first finished step, eager < static < fused.
    ///
    /// Each mode's fresh-session first steps (`firstStepSamples`, at least
    /// `minimumFirstStepRepeats` each, else inconclusive) give the ratio of medians of each
    /// adjacent pair (later / earlier) with a percentile-bootstrap interval (each mode resampled
    /// on its own). Every pair is judged against 1 ± `firstStepMargin` (see `Verdict`); the chain
    /// is refuted when a pair is, inconclusive when a pair is, negligible when a pair is, and
    /// supported only when every pair is. Effect: static (or the second mode) over eager.
    static func c5(_ g: BenchmarkGroup, _ policy: ClaimPolicy) -> ClaimFinding? {
        let chain = [BenchmarkMode.eager, .static, .fused].compactMap { m -> BenchmarkResult? in
            guard let r = g[m], r.phases[.firstStep] != nil || !r.firstStepSamples.isEmpty else { return nil }
            return r
        }
        guard chain.count >= 2, chain[0].mode == .eager else { return nil }
        let m = policy.firstStepMargin
        let threshold = "> \(fmt(1 + m)) each step of the chain"
        let name = "\(chain[1].mode) / eager time to first step (ratio of medians)"
        if let few = chain.first(where: { $0.firstStepSamples.count < policy.minimumFirstStepRepeats }) {
            let v = (chain[1].phases[.firstStep] ?? .nan) / (chain[0].phases[.firstStep] ?? .nan)
            return g.finding("C5", .inconclusive, name, .unbounded(v), threshold: threshold,
                             note: "\(few.mode): \(few.firstStepSamples.count) fresh-session first steps, fewer than \(policy.minimumFirstStepRepeats)")
        }
        var verdicts: [(pair: String, verdict: Verdict)] = []
        var effect: Statistics.Interval?
        for (a, b) in zip(chain, chain.dropFirst()) {
            let r = firstStepRatio(b, over: a, policy)
            if effect == nil { effect = r }
            verdicts.append(("\(a.mode) < \(b.mode)", band(r, margin: m)))
        }
        let e = effect ?? .unbounded(.nan)
        let times = chain.map { "\($0.mode) \(seconds(Statistics.median($0.firstStepSamples)))" }.joined(separator: ", ")
        func pairs(_ v: Verdict) -> String { verdicts.filter { $0.verdict == v }.map(\.pair).joined(separator: ", ") }
        for (v, why) in [(Verdict.refuted, "reversed by more than \(pct(m))"), (.inconclusive, "undecided at ±\(pct(m))"),
                         (.negligible, "within ±\(pct(m))")] where verdicts.contains(where: { $0.verdict == v }) {
            return g.finding("C5", v, name, e, threshold: threshold, note: "\(pairs(v)): \(why) (\(times))")
        }
        return g.finding("C5", .supported, name, e, threshold: threshold, note: times)
    }

    /// median(b's first steps) / median(a's), bootstrap interval with each side resampled alone
    /// (fresh sessions are independent measurements; nothing pairs them).
    static func firstStepRatio(_ b: BenchmarkResult, over a: BenchmarkResult, _ policy: ClaimPolicy) -> Statistics.Interval {
        let r = Statistics.ratioCI(b.firstStepSamples, a.firstStepSamples, paired: false, level: policy.statistics.level,
                                   resamples: policy.resamples, seed: fnv1a(b.groupPath + "/c5"))
        return Statistics.Interval(estimate: r.ratio, low: r.low, high: r.high)
    }
}

// MARK: - Units for notes

/// Bytes with binary units and three significant digits: 812 B, 3.4 KiB, 1.91 MiB, 1023 KiB
/// (no exponent). The claim notes and the report's tables both print bytes through this.
public func byteText(_ b: Double) -> String {
    if b < 1024 { return "\(Int(b)) B" }
    let (value, unit) = b < 1024 * 1024 ? (b / 1024, "KiB") : (b / 1024 / 1024, "MiB")
    return String(format: value >= 1000 ? "%.0f" : "%.3g", value) + " " + unit
}

/// Seconds as ms or s with about three digits.
func seconds(_ s: Double) -> String {
    s < 1 ? "\(fmt(s * 1e3)) ms" : "\(fmt(s)) s"
}
