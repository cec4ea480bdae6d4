// MARK: - Runs that cannot be compared: profile, sample length, threads, sgemm peak

/// How far apart two runs' sgemm peaks may be before their timings are refused: the larger
/// over the smaller above 1 + this (0.25: more than 25% apart means another machine state or
/// class, and every timing would differ for that reason alone).
public let sgemmPeakTolerance = 0.25

extension EnvironmentDifference {
    /// Every difference between two runs: the environments' (`between(_:_:)`), and the ways
    /// they were measured that make timings incomparable: profile, sample length, OpenBLAS
    /// thread count, and sgemm peaks more than `sgemmPeakTolerance` apart (all mismatches).
    /// Worker count and rounds are notes: the statistics account for them.
    public static func between(runs a: RunResult, _ b: RunResult) -> [EnvironmentDifference] {
        var out = between(a.environment, b.environment)
        var extra: [EnvironmentDifference] = []
        func check(_ field: String, _ x: String, _ y: String, _ severity: Severity) {
            if x != y { extra.append(EnvironmentDifference(field: field, base: x, head: y, severity: severity)) }
        }
        check("profile", a.settings.profile, b.settings.profile, .mismatch)
        check("sample length", plainNumber(a.settings.minSampleSeconds * 1e3) + " ms",
              plainNumber(b.settings.minSampleSeconds * 1e3) + " ms", .mismatch)
        check("threads", String(a.settings.threads), String(b.settings.threads), .mismatch)
        let pa = a.environment.sgemmPeakGflops, pb = b.environment.sgemmPeakGflops
        if pa > 0, pb > 0, max(pa, pb) / min(pa, pb) > 1 + sgemmPeakTolerance {
            extra.append(EnvironmentDifference(
                field: "sgemm peak (more than \(percentText(sgemmPeakTolerance)) apart)",
                base: plainNumber((pa * 10).rounded() / 10) + " GFLOP/s", head: plainNumber((pb * 10).rounded() / 10) + " GFLOP/s",
                severity: .mismatch))
        }
        check("workers", String(a.settings.workers), String(b.settings.workers), .note)
        let mismatches = out.filter { $0.severity == .mismatch }, notes = out.filter { $0.severity == .note }
        out = mismatches + extra.filter { $0.severity == .mismatch } + notes + extra.filter { $0.severity == .note }
        return out
    }
}
