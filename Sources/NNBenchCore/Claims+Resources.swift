// MARK: - C2 (exact memory counters) and C5 (time to first step)

extension Claims {
    /// C2: static and fused make fewer heap allocations per step and use less peak memory than
    /// eager. Exact counters: the verdict has no interval and is never inconclusive.
    /// Effect: the most allocations any graph mode makes per step, over eager's.
    static func c2(_ g: BenchmarkGroup) -> ClaimFinding? {
        guard let e = g["eager"], let ea = e.counters["allocations_per_step"], let ep = e.counters["peak_bytes"] else {
            return nil
        }
        let graphs = ["static", "fused"].compactMap { m -> (mode: String, allocs: Double, peak: Double)? in
            guard let r = g[m], let a = r.counters["allocations_per_step"], let p = r.counters["peak_bytes"] else {
                return nil
            }
            return (m, a, p)
        }
        guard !graphs.isEmpty else { return nil }
        var failures: [String] = []
        for x in graphs {
            if x.allocs >= ea { failures.append("\(x.mode) allocates \(Int(x.allocs))/step ≥ eager's \(Int(ea))") }
            if x.peak >= ep { failures.append("\(x.mode) peak \(bytes(x.peak)) ≥ eager's \(bytes(ep))") }
        }
        let worst = graphs.map(\.allocs).max() ?? 0
        let ratio = ea > 0 ? worst / ea : (worst > 0 ? .infinity : 1)
        let effect = Statistics.Interval(estimate: ratio, low: ratio, high: ratio)
        let name = "graph / eager allocations per step (worst mode)"
        if failures.isEmpty {
            let peaks = graphs.map { "\($0.mode) \(bytes($0.peak))" }.joined(separator: ", ")
            return g.finding("C2", .supported, name, effect, threshold: "< 1",
                             note: "allocs \(Int(ea)) → \(graphs.map { String(Int($0.allocs)) }.joined(separator: "/")); peak eager \(bytes(ep)) vs \(peaks)")
        }
        return g.finding("C2", .refuted, name, effect, threshold: "< 1", note: failures.joined(separator: "; "))
    }

    /// C5: time to the first finished step, eager < static < fused. Each is one measurement, so
    /// an ordering counts only beyond `firstStepMargin`. Effect: static / eager first-step time.
    static func c5(_ g: BenchmarkGroup, _ policy: ClaimPolicy) -> ClaimFinding? {
        let chain = ["eager", "static", "fused"].compactMap { m in g[m]?.phases["first_step"].map { (mode: m, t: $0) } }
        guard chain.count >= 2, chain[0].mode == "eager" else { return nil }
        let m = 1 + policy.firstStepMargin
        var holds = 0, reversed: [String] = [], ties: [String] = []
        for (a, b) in zip(chain, chain.dropFirst()) {
            if b.t > a.t * m { holds += 1 }
            else if a.t > b.t * m { reversed.append("\(b.mode) is faster to first step than \(a.mode)") }
            else { ties.append("\(a.mode) and \(b.mode) within \(pct(policy.firstStepMargin))") }
        }
        let times = chain.map { "\($0.mode) \(seconds($0.t))" }.joined(separator: " < ")
        let r = chain[1].t / max(chain[0].t, 1e-12)
        let effect = Statistics.Interval(estimate: r, low: r, high: r)
        let name = "\(chain[1].mode) / eager time to first step"
        let threshold = "> \(fmt(m)) (one measurement each)"
        if !reversed.isEmpty {
            return g.finding("C5", .refuted, name, effect, threshold: threshold, note: reversed.joined(separator: "; "))
        }
        if !ties.isEmpty {
            return g.finding("C5", .inconclusive, name, effect, threshold: threshold, note: ties.joined(separator: "; "))
        }
        return g.finding("C5", .supported, name, effect, threshold: threshold, note: times)
    }
}

// MARK: - Units for notes

/// Bytes with a binary-ish unit: 812 B, 3.4 KB, 12.8 MB.
func bytes(_ b: Double) -> String {
    if b < 1024 { return "\(Int(b)) B" }
    if b < 1024 * 1024 { return "\(fmt(b / 1024)) KB" }
    return "\(fmt(b / 1024 / 1024)) MB"
}

/// Seconds as ms or s with about three digits.
func seconds(_ s: Double) -> String {
    s < 1 ? "\(fmt(s * 1e3)) ms" : "\(fmt(s)) s"
}
