import Foundation
import NNBenchCore

// MARK: - The Markdown view of a run

/// Renders a `RunResult` as Markdown. A view only: every figure comes from the result.
public enum MarkdownReport {
    /// The whole report: title, environment, one table per workload.
    public static func render(_ run: RunResult) -> String {
        var out = "# nnbench run \(run.environment.date)\n\n"
        out += environmentBlock(run.environment, run.settings) + "\n"
        out += tables(run)
        return out
    }

    /// One table per workload (also what `nnbench run` prints).
    public static func tables(_ run: RunResult) -> String {
        var out = ""
        var order: [String] = []
        for b in run.benchmarks where !order.contains(b.workload) { order.append(b.workload) }
        for w in order {
            out += "## \(w)\n\n"
            out += "| mode | batch | median | min | max | samples/s | GFLOP/s | allocs/step |\n"
            out += "|---|---:|---:|---:|---:|---:|---:|---:|\n"
            for b in run.benchmarks where b.workload == w {
                let s = b.samplesNs.sorted()
                let median = Statistics.quantile(sorted: s, 0.5)
                out += "| \(b.mode) | \(b.batch) | \(duration(median)) | \(duration(s[0])) | \(duration(s[s.count - 1])) "
                out += "| \(number(Double(b.batch) * 1e9 / median)) | \(number(b.flopsPerStep / median)) "
                out += "| \(Int(b.counters["allocations_per_step"] ?? 0)) |\n"
            }
            out += "\n"
        }
        return out
    }

    static func environmentBlock(_ e: Environment, _ s: MeasurementSettings) -> String {
        """
        | | |
        |---|---|
        | commit | \(e.commit)\(e.dirty ? " (dirty)" : "") |
        | host | \(e.host): \(e.cpuModel), \(e.cores) cores, \(e.os) |
        | build | Swift \(e.swiftVersion), \(e.buildConfiguration), nnbench \(e.nnbenchVersion) |
        | OpenBLAS | core \(e.openblasCoreName), \(e.openblasThreads) threads (OPENBLAS_CORETYPE=\(e.openblasCoretypeEnv.isEmpty ? "unset" : e.openblasCoretypeEnv), OPENBLAS_NUM_THREADS=\(e.openblasNumThreadsEnv.isEmpty ? "unset" : e.openblasNumThreadsEnv)) |
        | sgemm peak | \(number(e.sgemmPeakGflops)) GFLOP/s |
        | profile | \(s.profile): \(s.samples) samples of ≥ \(number(s.minSampleSeconds * 1e3)) ms, warm-up ≤ \(s.warmupMaxSteps) steps / \(number(s.warmupMaxSeconds)) s |

        """
    }

    /// Nanoseconds as a readable duration (`812 ns`, `3.41 µs`, `12.8 ms`).
    public static func duration(_ ns: Double) -> String {
        if ns < 1e3 { return String(format: "%.0f ns", ns) }
        if ns < 1e6 { return String(format: "%.3g µs", ns / 1e3) }
        if ns < 1e9 { return String(format: "%.3g ms", ns / 1e6) }
        return String(format: "%.3g s", ns / 1e9)
    }

    /// Three significant digits, without exponent for ordinary magnitudes.
    public static func number(_ x: Double) -> String {
        if x.isNaN { return "–" }
        if abs(x) >= 1000 { return String(format: "%.0f", x) }
        return String(format: "%.3g", x)
    }
}
