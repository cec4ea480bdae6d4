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
    /// With repeated fresh-session measurements (phases `first_step_min`/`first_step_max`) an
    /// ordering holds when the ranges do not overlap: with 5 repeats each, that happens by chance
    /// with probability 2/252 (an exact rank test with U = 0). Without them each mode has one
    /// measurement and an ordering counts only beyond `firstStepMargin`.
    /// Effect: the second mode's first-step time over eager's, with the range-ratio interval.
    static func c5(_ g: BenchmarkGroup, _ policy: ClaimPolicy) -> ClaimFinding? {
        let chain = [BenchmarkMode.eager, .static, .fused].compactMap { m -> FirstStep? in
            guard let r = g[m], let t = r.phases[.firstStep] else { return nil }
            let m2 = policy.firstStepMargin
            return FirstStep(mode: m, median: t,
                             low: r.phases[.firstStepMin] ?? t / (1 + m2), high: r.phases[.firstStepMax] ?? t * (1 + m2),
                             repeated: r.phases[.firstStepMin] != nil)
        }
        guard chain.count >= 2, chain[0].mode == .eager else { return nil }
        var reversed: [String] = [], ties: [String] = []
        for (a, b) in zip(chain, chain.dropFirst()) {
            if a.high < b.low { continue }
            if b.high < a.low { reversed.append("\(b.mode) reaches its first step sooner than \(a.mode)") }
            else { ties.append("\(a.mode) and \(b.mode) overlap") }
        }
        let e = chain[0], s = chain[1]
        let effect = Statistics.Interval(estimate: s.median / e.median, low: s.low / e.high, high: s.high / e.low)
        let name = "\(s.mode) / eager time to first step"
        let threshold = chain.allSatisfy(\.repeated) ? "ranges apart" : "> \(fmt(1 + policy.firstStepMargin)) (one measurement each)"
        let times = chain.map { "\($0.mode) \(seconds($0.median))" }.joined(separator: ", ")
        if !reversed.isEmpty {
            return g.finding("C5", .refuted, name, effect, threshold: threshold, note: reversed.joined(separator: "; ") + " (\(times))")
        }
        if !ties.isEmpty {
            return g.finding("C5", .inconclusive, name, effect, threshold: threshold, note: ties.joined(separator: "; ") + " (\(times))")
        }
        return g.finding("C5", .supported, name, effect, threshold: threshold, note: times)
    }

    /// One mode's time to first step: median of repeats and their range (or a margin around
    /// a single measurement).
    struct FirstStep {
        var mode: BenchmarkMode
        var median: Double
        var low: Double
        var high: Double
        var repeated: Bool
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
