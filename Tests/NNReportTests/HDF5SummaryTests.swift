import Foundation
import NNResults
@testable import NNReport
import NNVocabulary
import Testing

// MARK: - /summary rows are the reporters' Summary, not a second computation

@Suite("HDF5 summary table")
struct HDF5SummaryTests {
    /// The run's benchmarks with their rows, as the store writes them.
    static func rowsAndSummaries() -> [(row: SummaryRow, summary: Summary, benchmark: BenchmarkResult)] {
        let run = Fixtures.run()
        let peak = run.environment.sgemmPeakGflops
        return zip(HDF5Store.summaryRows(run), run.benchmarks).map { ($0, Summary($1, peakGflops: peak), $1) }
    }

    @Test("Each row's median, CI, MAD, min, samples/s, GFLOP/s and % peak equal the benchmark's Summary")
    func rowEqualsSummary() throws {
        let all = Self.rowsAndSummaries()
        #expect(all.count == Fixtures.run().benchmarks.count)
        for (row, s, b) in all {
            #expect(row.medianNs == s.median.estimate, "\(b.groupPath)")
            #expect(row.ciLowNs == s.median.low && row.ciHighNs == s.median.high, "\(b.groupPath)")
            #expect(row.madNs == s.stats.mad && row.minNs == s.stats.min, "\(b.groupPath)")
            #expect(row.samplesPerS == s.samplesPerSecond, "\(b.groupPath)")
            #expect(row.gflops.bitPattern == s.gflops.bitPattern, "\(b.groupPath)")
            let pct = try #require(s.percentOfPeak, "the fixture's run measured a peak")
            #expect(row.pctPeak.bitPattern == pct.bitPattern, "\(b.groupPath)")
            #expect(row.workload == s.workload && row.mode == s.mode.rawValue && row.batch == s.batch)
        }
    }

    @Test("The row's figures follow their definitions in Results/README.md")
    func rowFollowsDefinitions() throws {
        for (row, _, b) in Self.rowsAndSummaries() {
            let sorted = b.samplesNs.sorted()
            let n = sorted.count
            let median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
            #expect(row.medianNs == median, "\(b.groupPath)")
            #expect(row.minNs == sorted[0])
            #expect(row.ciLowNs <= row.medianNs && row.medianNs <= row.ciHighNs, "\(b.groupPath)")
            let items = Double(b.batch) * (b.task == .stream ? try #require(b.counters[.streamBatches]) : 1)
            #expect(abs(row.samplesPerS - items * 1e9 / median) <= 1e-12 * row.samplesPerS, "\(b.groupPath)")
            #expect(row.pctPeak.isNaN == row.gflops.isNaN)
        }
    }

    @Test("Without a measured peak % peak is NaN; without samples every timing figure is NaN")
    func notApplicable() {
        let b = BenchmarkResult(workload: "mlp", mode: .eager, task: .train, batch: 4, samplesNs: [],
                                stepsPerSample: 1, flopsPerStep: 1e6, counters: [.allocationsPerStep: 3],
                                phases: [.firstStep: 0.5])
        let empty = SummaryRow(b, peakGflops: 100)
        let timings = [empty.medianNs, empty.ciLowNs, empty.ciHighNs, empty.madNs, empty.minNs,
                       empty.samplesPerS, empty.gflops, empty.pctPeak]
        #expect(timings.allSatisfy { $0.isNaN }, "\(timings)")
        #expect(empty.allocationsPerStep == 3 && empty.firstStepS == 0.5)
        var timed = b
        timed.samplesNs = [2e6, 1e6, 3e6]
        let noPeak = SummaryRow(timed, peakGflops: 0)
        #expect(noPeak.pctPeak.isNaN)
        #expect(noPeak.gflops == 1e6 / 2e6)
    }
}
