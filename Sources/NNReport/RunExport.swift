import Foundation
import NNResults

// MARK: - A run as data for other tools: CSV, JSON, github-action-benchmark

/// `nnbench export`: a run's summary rows (`SummaryTable`) in formats other tools read without
/// nnbench. CSV and JSON hold the same columns as `/summary`; `benchmarkAction` is
/// github-action-benchmark's `customSmallerIsBetter` input.
public enum RunExport {
    /// RFC 4180 CSV: a header of column names, one line per benchmark; reals with full
    /// precision (shortest round-trip form), empty where NaN, −1 for an unmeasured count.
    public static func csv(_ run: RunResult, policy: StatisticsPolicy = .standard) -> String {
        var out = SummaryTable.columns.map(\.name).joined(separator: ",") + "\n"
        for row in SummaryTable.rows(run, policy: policy) {
            out += row.map { v -> String in
                switch v {
                case .string(let s):
                    return s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                        ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
                case .int(let i): return String(i)
                case .float(let f): return f.isNaN ? "" : (f.isInfinite ? (f > 0 ? "inf" : "-inf") : "\(f)")
                }
            }.joined(separator: ",") + "\n"
        }
        return out
    }

    /// The JSON document: `schema` (`nnbench-export/1`), the run's environment in snake_case, and
    /// `benchmarks`, one object per summary row (NaN as null).
    public static func json(_ run: RunResult, policy: StatisticsPolicy = .standard) throws -> String {
        let e = run.environment
        let environment: [String: Any] = [
            "commit": e.commit, "dirty": e.dirty, "date": e.date, "host": e.host, "cpu_model": e.cpuModel,
            "cores": e.cores, "os": e.os, "swift_version": e.swiftVersion, "build_configuration": e.buildConfiguration,
            "nnbench_version": e.nnbenchVersion, "openblas_core_name": e.openblasCoreName,
            "openblas_threads": e.openblasThreads, "openblas_coretype_env": e.openblasCoretypeEnv,
            "openblas_num_threads_env": e.openblasNumThreadsEnv, "sgemm_peak_gflops_per_s": e.sgemmPeakGflops,
            "profile": run.settings.profile, "schema_version": run.schemaVersion,
        ]
        let benchmarks = SummaryTable.rows(run, policy: policy).map { row -> [String: Any] in
            var o: [String: Any] = [:]
            for (c, v) in zip(SummaryTable.columns, row) {
                switch v {
                case .string(let s): o[c.name] = s
                case .int(let i): o[c.name] = i
                case .float(let f): o[c.name] = f.isFinite ? f : NSNull()
                }
            }
            return o
        }
        let document: [String: Any] = ["schema": "nnbench-export/1", "environment": environment, "benchmarks": benchmarks]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// github-action-benchmark `customSmallerIsBetter` entries of one run: per benchmark its
    /// median (ns, range ± MAD, extra: p10–p90 and the speed-up over eager), then its exact
    /// counters (unit `count`) under `<name> <counter>`.
    public static func benchmarkAction(_ run: RunResult, policy: StatisticsPolicy = .standard,
                                       exactCounters: [Counter] = ComparisonSettings.defaultExactCounters) -> [ComparisonJSON.BenchmarkActionEntry] {
        var out: [ComparisonJSON.BenchmarkActionEntry] = []
        for b in run.benchmarks where !b.samplesNs.isEmpty {
            let s = Summary(b, in: run.environment, policy: policy)
            var extra = "p10 \(Int(s.stats.p10.rounded())) ns, p90 \(Int(s.stats.p90.rounded())) ns, \(s.stats.count) samples"
            if b.mode != .eager, let e = run.result(like: b, mode: .eager), !e.samplesNs.isEmpty {
                let i = b.speedup(over: e, policy: policy).interval
                extra += ", speed-up over eager " + NumberFormat.ratio(i.estimate, low: i.low, high: i.high)
            }
            out.append(.init(name: b.name, unit: "ns", value: s.median.estimate.rounded(),
                             range: "± \(Int(s.stats.mad.rounded()))", extra: extra))
        }
        for b in run.benchmarks where !b.samplesNs.isEmpty {
            for c in exactCounters {
                guard let v = b.counters[c] else { continue }
                out.append(.init(name: "\(b.name) \(c)", unit: "count", value: v, range: nil, extra: nil))
            }
        }
        return out
    }
}
