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

    /// The whole report: title, environment, one table per workload, charts, claims.
    /// - Parameters:
    ///   - charts: links to the SVG charts (written by `ReportWriter`); nil for none.
    ///   - policy: the statistics the figures are computed with; the methodology lines state it.
    public static func render(_ run: RunResult, charts: ChartLinks? = nil, policy: StatisticsPolicy = .standard) -> String {
        var out = "# \(run.peers == nil ? "nnbench" : "peers") run \(run.environment.date)\n\n"
        if let peers = run.peers {
            out += peersEnvironmentBlock(run.environment, run.settings, peers, policy) + "\n"
        } else {
            out += environmentBlock(run.environment, run.settings, policy) + "\n"
        }
        let peak = run.environment.sgemmPeakGflops
        if peak > 0, run.benchmarks.contains(where: { !$0.samplesNs.isEmpty && $0.gflops(atMedianNs: Statistics.median($0.samplesNs)) > peak }) {
            out += "**Note:** some benchmarks ran faster than the measured sgemm peak: the peak was under-measured "
            out += "(short or disturbed measurement), so read \"% peak\" as indicative only.\n\n"
        }
        out += "## Results\n\n"
        out += tables(run, policy: policy)
        if let c = charts, c.speedup != nil || c.scaling != nil {
            out += "## Charts\n\n"
            if let s = c.speedup { out += "![Speed-up over eager per benchmark, with \(percentText(policy.level)) intervals](\(s))\n\n" }
            if let s = c.scaling { out += "![Median step time against batch size per mode](\(s))\n\n" }
        }
        // A run with peers judges every claim per framework, each on its own modes.
        out += run.frameworks.contains { $0 != .nnbench } ? frameworkClaimsSections(run, policy: policy)
                                                          : claimsSection(run, policy: policy)
        return out
    }

    /// The environment and how samples were taken: every rule is rendered from `s` and `p`.
    static func environmentBlock(_ e: Environment, _ s: MeasurementSettings, _ p: StatisticsPolicy) -> String {
        """
        | | |
        |---|---|
        | commit | \(e.commit)\(e.dirty ? " (dirty)" : "") |
        | host | \(cell(e.host)): \(cell(e.cpuModel)), \(e.cores) cores, \(cell(e.os)) |
        | build | Swift \(cell(e.swiftVersion)), \(e.buildConfiguration), nnbench \(e.nnbenchVersion) |
        | OpenBLAS | core \(e.openblasCoreName)\(coreProvenance(e)), \(e.openblasThreads) threads (OPENBLAS_CORETYPE=\(e.openblasCoretypeEnv.isEmpty ? "unset" : e.openblasCoretypeEnv), OPENBLAS_NUM_THREADS=\(e.openblasNumThreadsEnv.isEmpty ? "unset" : e.openblasNumThreadsEnv)) |
        | sgemm peak | \(number(e.sgemmPeakGflops)) GFLOP/s |
        | profile | \(s.profile): \(s.samples) samples per mode, each of ≥ \(number(s.minSampleSeconds * 1e3)) ms |
        | warm-up | until \(s.warmupWindow) successive chunks agree within \(percentText(s.warmupTolerance)), at most \(s.warmupMaxSteps) steps / \(number(s.warmupMaxSeconds)) s per mode |
        | sampling | modes interleaved in a seeded shuffled order each round (seed \(s.seed)); all samples kept |
        | statistics | median with percentile-bootstrap \(percentText(p.level)) CI (\(p.resamples) seeded resamples); speed-ups paired by round; outliers = beyond median ± \(plainNumber(p.outlierMADs)) · \(plainNumber(StatisticsPolicy.madToSigma)) · MAD, flagged, never dropped |

        """ + workerRows(e, s, p)
    }

    // MARK: - Formatting

    /// Nanoseconds as a readable duration (`812 ns`, `3.41 µs`, `12.8 ms`).
    /// " (chosen by nnbench: OpenBLAS alone picked Prescott)" when nnbench replaced a fallback.
    static func coreProvenance(_ e: Environment) -> String {
        switch e.openblasCoreChoice {
        case "nnbench": return " (chosen by nnbench: OpenBLAS alone picked \(e.openblasCoreDetected))"
        case "user": return " (set by the user)"
        default: return ""
        }
    }

    public static func duration(_ ns: Double) -> String {
        if !ns.isFinite { return ns.isNaN ? "–" : (ns > 0 ? "∞" : "−∞") }
        if ns < 0 { return "−" + duration(-ns) }
        if ns < 1e3 { return String(format: "%.0f ns", ns) }
        if ns < 1e6 { return String(format: "%.3g µs", ns / 1e3) }
        if ns < 1e9 { return String(format: "%.3g ms", ns / 1e6) }
        return String(format: "%.3g s", ns / 1e9)
    }

    /// A median and its interval in the median's unit: `12.3 µs [12.1, 12.6]`.
    static func durationInterval(_ i: Statistics.Interval) -> String {
        let (scale, unit): (Double, String)
        switch i.estimate {
        case ..<1e3: (scale, unit) = (1, "ns")
        case ..<1e6: (scale, unit) = (1e3, "µs")
        case ..<1e9: (scale, unit) = (1e6, "ms")
        default: (scale, unit) = (1e9, "s")
        }
        return "\(number(i.estimate / scale)) \(unit) [\(number(i.low / scale)), \(number(i.high / scale))]"
    }

    /// A dimensionless effect with its interval: `1.35 [1.30, 1.41]`.
    static func interval(_ i: Statistics.Interval, suffix: String = "") -> String {
        if i.low == i.high && i.low == i.estimate { return number(i.estimate) + suffix }
        return "\(number(i.estimate))\(suffix) [\(number(i.low)), \(number(i.high))]"
    }

    /// Three significant digits, without exponent for ordinary magnitudes.
    public static func number(_ x: Double) -> String {
        if x.isNaN { return "–" }
        if x.isInfinite { return x > 0 ? "∞" : "−∞" }
        if abs(x) >= 1000 { return String(format: "%.0f", x) }
        if x != 0 && abs(x) < 0.001 { return String(format: "%.1e", x) }
        return String(format: "%.3g", x)
    }

    /// Seconds as ms (below 1 s) or s.
    static func secondsText(_ s: Double) -> String {
        s < 1 ? "\(number(s * 1e3)) ms" : "\(number(s)) s"
    }

    /// Text safe inside a table cell (pipes escaped, newlines removed).
    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
