import Foundation
import NNResults
@testable import NNReport
import NNVocabulary
import Testing

// MARK: - /summary rows are the reporters' Summary, not a second computation

@Suite("HDF5 summary table")
struct HDF5SummaryTests {
    /// The value of column `name` in `row`.
    func value(_ row: [SummaryTable.Value], _ name: String) -> SummaryTable.Value? {
        SummaryTable.columns.firstIndex { $0.name == name }.map { row[$0] }
    }

    func float(_ row: [SummaryTable.Value], _ name: String) -> Double {
        if case .float(let f) = value(row, name) { return f }
        Issue.record("\(name) is not a float column")
        return .nan
    }

    @Test("Each row's figures equal the benchmark's Summary and speed-up, the numbers the report shows")
    func rowEqualsSummary() throws {
        let run = Fixtures.run()
        let rows = HDF5Store.summaryRows(run)
        #expect(rows.count == run.benchmarks.count)
        for (row, b) in zip(rows, run.benchmarks) {
            let s = Summary(b, in: run.environment)
            #expect(value(row, "name") == .string(b.name))
            #expect(float(row, "median_ns") == s.median.estimate, "\(b.name)")
            #expect(float(row, "ci_low_ns") == s.median.low && float(row, "ci_high_ns") == s.median.high)
            #expect(float(row, "p10_ns") == s.stats.p10 && float(row, "p90_ns") == s.stats.p90)
            #expect(float(row, "mad_ns") == s.stats.mad && float(row, "mean_ns") == s.stats.mean && float(row, "min_ns") == s.stats.min)
            #expect(value(row, "samples") == .int(b.samplesNs.count))
            #expect(float(row, "gflops_per_s").bitPattern == s.gflops.bitPattern)
            if b.mode == .eager {
                #expect(float(row, "speedup_vs_eager") == 1)
            } else if let e = run.result(like: b, mode: .eager) {
                #expect(float(row, "speedup_vs_eager") == b.speedup(over: e).interval.estimate)
            }
            #expect(value(row, "threads") == .int(run.environment.openblasThreads))
            #expect(value(row, "commit") == .string(run.environment.commit))
        }
    }

    @Test("Counts are integers, −1 when not measured; every timing is NaN without samples")
    func notApplicable() {
        let b = BenchmarkResult(workload: "mlp", mode: .eager, task: .train, batch: 4, samplesNs: [],
                                stepsPerSample: 1, flopsPerStep: 1e6, counters: [.allocationsPerStep: 3],
                                phases: [.firstStep: 0.5])
        let run = RunResult(environment: Fixtures.run().environment, settings: .quick, benchmarks: [b])
        let row = SummaryTable.rows(run)[0]
        for c in ["median_ns", "p10_ns", "mean_ns", "samples_per_s", "speedup_vs_eager"] { #expect(float(row, c).isNaN, "\(c)") }
        #expect(value(row, "allocations_per_step") == .int(3))
        #expect(value(row, "peak_bytes") == .int(-1))
        #expect(float(row, "first_step_ns") == 0.5e9)
        for c in SummaryTable.columns where ["samples", "outliers", "warmup_stable", "batch", "threads"].contains(c.name) {
            #expect(c.kind == .int, "\(c.name) is a count")
        }
        #expect(SummaryTable.columns.filter { $0.kind == .float }.allSatisfy {
            $0.name.hasSuffix("_ns") || $0.name.hasSuffix("_per_s") || $0.name.hasSuffix("_pct") || $0.name.hasPrefix("speedup")
                || $0.name == "flops_per_step"
        }, "every real column names its unit")
    }
}
