import Foundation
import NNResults

// MARK: - The Markdown view of a run

/// Renders a `RunResult` as GitHub-flavoured Markdown. A view only: every figure comes from the
/// result through `Summary` and `Claims`, the same numbers every other reporter uses.
public enum MarkdownReport {
    /// The relative file names of the charts written beside the report (nil: no chart).
    public struct ChartLinks: Sendable, Equatable {
        public var speedup: String?
        public var scaling: String?

        public init(speedup: String?, scaling: String?) {
            self.speedup = speedup; self.scaling = scaling
        }
    }

    /// The whole report, in reading order: the environment in two lines, the verdict matrix
    /// with its key (the one-screen summary), then the details: one table per workload, the
    /// charts, every verdict with its reason, and the full environment and method.
    /// - Parameters:
    ///   - charts: links to the SVG charts (written by `ReportWriter`); nil for none.
    ///   - policy: the statistics the figures are computed with; the methodology lines state it.
    public static func render(_ run: RunResult, charts: ChartLinks? = nil, policy: StatisticsPolicy = .standard) -> String {
        var out = "# \(run.peers == nil ? "nnbench" : "peers") run \(run.environment.date)\n\n"
        if let peers = run.peers {
            out += peersEnvironmentLines(run.environment, run.settings, peers) + "\n"
        } else {
            out += environmentLines(run.environment, run.settings) + "\n"
        }
        out += verdictSection(run, policy: policy)
        out += "## Results\n\n"
        if run.benchmarks.contains(where: { ($0.percentOfPeak(in: run.environment) ?? 0) > 100 }) {
            out += "**Note:** some benchmarks ran faster than the measured sgemm peak: the peak was under-measured "
            out += "(short or disturbed measurement), so read \"% peak\" as indicative only.\n\n"
        }
        out += tables(run, policy: policy)
        if let c = charts, c.speedup != nil || c.scaling != nil {
            out += "## Charts\n\n"
            if let s = c.speedup { out += "![Speed-up over eager per benchmark, log scale, with \(percentText(policy.level)) intervals](\(s))\n\n" }
            if let s = c.scaling { out += "![Median step time per mode: against batch size, or per mode where a workload has one batch size](\(s))\n\n" }
        }
        // A run with peers judges every claim per framework, each on its own modes.
        out += run.frameworks.contains { $0 != .nnbench } ? frameworkClaimsSections(run, policy: policy)
                                                          : claimsSection(run, policy: policy)
        out += "## Environment and method\n\n"
        if let peers = run.peers {
            out += peersEnvironmentBlock(run.environment, run.settings, peers, policy)
        } else {
            out += environmentBlock(run.environment, run.settings, policy)
        }
        return out
    }

    /// The environment in two lines (a Markdown hard break between them): what ran where, then
    /// the BLAS and how much was sampled. The full table is at the end of the report.
    static func environmentLines(_ e: Environment, _ s: MeasurementSettings) -> String {
        let env = { (v: String) in v.isEmpty ? "unset" : v }
        var first = "commit `\(Environment.shortCommit(e.commit))`\(e.dirty ? " (dirty)" : "") · \(e.cpuModel), \(e.cores) cores"
        first += " · Swift \(e.swiftVersion) \(e.buildConfiguration) · nnbench \(e.nnbenchVersion)"
        var second = "OpenBLAS \(e.openblasCoreName)\(coreProvenance(e)), \(e.openblasThreads) threads (OPENBLAS_CORETYPE \(env(e.openblasCoretypeEnv)), "
        second += "OPENBLAS_NUM_THREADS \(env(e.openblasNumThreadsEnv)))"
        second += " · sgemm peak \(e.sgemmPeakGflops > 0 ? NumberFormat.sig3(e.sgemmPeakGflops) + " GFLOP/s" + peakSpread(e) : "not measured")"
        second += " · profile \(s.profile): \(s.samples) samples per mode of ≥ \(secondsText(s.minSampleSeconds))"
        return first + "\\\n" + second + "\n"
    }

    /// The environment and how samples were taken: every rule is rendered from `s` and `p`.
    static func environmentBlock(_ e: Environment, _ s: MeasurementSettings, _ p: StatisticsPolicy) -> String {
        """
        | | |
        |---|---|
        | commit | \(e.commit)\(e.dirty ? " (dirty)" : "") |
        | host | \(cell(e.host)): \(cell(e.cpuModel)), \(e.cores) cores, \(cell(e.os)) |
        | build | Swift \(cell(e.swiftVersion)), \(e.buildConfiguration), nnbench \(e.nnbenchVersion)\(e.kernelISA.isEmpty ? "" : ", kernels \(e.kernelISA)") |
        | OpenBLAS | core \(e.openblasCoreName)\(coreProvenance(e)), \(e.openblasThreads) threads (OPENBLAS_CORETYPE=\(e.openblasCoretypeEnv.isEmpty ? "unset" : e.openblasCoretypeEnv), OPENBLAS_NUM_THREADS=\(e.openblasNumThreadsEnv.isEmpty ? "unset" : e.openblasNumThreadsEnv)) |
        | sgemm peak | \(number(e.sgemmPeakGflops)) GFLOP/s\(peakSpread(e))\(e.sgemmPeakWorkers.isEmpty ? "" : "; \"% of sgemm peak\" sets each worker's GFLOP/s against its own process's peak") |
        | profile | \(s.profile): \(s.samples) samples per mode, each of ≥ \(secondsText(s.minSampleSeconds)) |
        | warm-up | until \(s.warmupWindow) successive chunks agree within \(percentText(s.warmupTolerance)), at most \(s.warmupMaxSteps) steps / \(secondsText(s.warmupMaxSeconds)) per mode |
        | sampling | modes interleaved in a seeded shuffled order each round (seed \(s.seed)); all samples kept |
        | statistics | median with percentile-bootstrap \(percentText(p.level)) CI (\(p.resamples) seeded resamples); speed-ups: median of per-round ratios, paired by (worker, round), bootstrap over rounds (hierarchical over workers); outliers = beyond median ± \(plainNumber(p.outlierMADs)) · \(plainNumber(StatisticsPolicy.madToSigma)) · MAD, flagged, never dropped |

        """ + workerRows(e, s, p)
    }

    // MARK: - Formatting

    /// " (median of 3 worker processes: 153–204)" when every worker measured its own peak.
    static func peakSpread(_ e: Environment) -> String {
        guard let lo = e.sgemmPeakWorkers.min(), let hi = e.sgemmPeakWorkers.max() else { return "" }
        return " (median of \(e.sgemmPeakWorkers.count) worker processes: \(NumberFormat.sig3(lo))–\(NumberFormat.sig3(hi)))"
    }

    /// " (chosen by nnbench: OpenBLAS alone picked Prescott)" when nnbench replaced a fallback.
    static func coreProvenance(_ e: Environment) -> String {
        switch e.openblasCoreChoice {
        case "nnbench": return " (chosen by nnbench: OpenBLAS alone picked \(e.openblasCoreDetected))"
        case "user": return " (set by the user)"
        default: return ""
        }
    }

    /// Nanoseconds as a duration in the unit that suits it: `812 ns`, `3.41 µs`, `12.8 ms`.
    public static func duration(_ ns: Double) -> String { UnitScale.text(ns, in: UnitScale.time) }

    /// A dimensionless effect with its interval: `1.35 [1.30, 1.41]` (see `NumberFormat.ratio`).
    static func interval(_ i: Statistics.Interval, suffix: String = "") -> String {
        NumberFormat.ratio(i.estimate, low: i.low, high: i.high, suffix: suffix)
    }

    /// Three significant digits (`NumberFormat.sig3`).
    public static func number(_ x: Double) -> String { NumberFormat.sig3(x) }

    /// Seconds in the unit that suits them: `2.00 ms`, `1.50 s`.
    static func secondsText(_ s: Double) -> String { duration(s * 1e9) }

    /// Text safe inside a table cell (pipes escaped, newlines removed).
    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
