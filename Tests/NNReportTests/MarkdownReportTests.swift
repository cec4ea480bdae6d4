import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import NNVocabulary
import Testing
import NNResults
@testable import NNReport

// MARK: - A fixed synthetic run

enum Fixture {
    /// Deterministic samples around `median` (a fixed LCG, not the code under test).
    static func samples(_ median: Double, _ n: Int, seed: UInt64, spread: Double = 0.03) -> [Double] {
        var s = seed
        return (0..<n).map { _ in
            s = s &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let u = Double(s >> 11) / Double(1 << 53)
            return (median * (1 + spread * (2 * u - 1))).rounded()
        }
    }

    static func step(_ w: String, _ mode: BenchmarkMode, task: BenchmarkTask = .train, batch: Int, median: Double, allocs: Double,
                     peak: Double, first: Double, seed: UInt64, stable: Double = 1, rounds: [Int] = Array(0..<10)) -> BenchmarkResult {
        var x = samples(median, rounds.count, seed: seed)
        if seed == 2 { x[4] *= 1.6 }   // one clear outlier, flagged and kept
        let firstSteps = samples(first * 1e9, 7, seed: seed &+ 100, spread: 0.04).map { $0 * 1e-9 }
        return BenchmarkResult(
            workload: w, mode: mode, task: task, batch: batch, samplesNs: x, stepsPerSample: 4,
            flopsPerStep: 2e6 * Double(batch),
            counters: [.allocationsPerStep: allocs, .peakBytes: peak, .warmupStable: stable, .outliers: 0],
            phases: [.firstStep: first, .firstStepMin: first * 0.95, .firstStepMax: first * 1.05],
            sampleWorkers: rounds.map { _ in 0 }, sampleRounds: rounds, firstStepSamples: firstSteps)
    }

    static func stream(_ mode: BenchmarkMode, pass: Double, warm: Double, retraces: Double, retraceTotal: Double,
                       padded: Double, seed: UInt64) -> BenchmarkResult {
        BenchmarkResult(
            workload: "rnn-stream", mode: mode, task: .stream, batch: 8, sequenceLength: 40,
            samplesNs: samples(pass, 10, seed: seed), stepsPerSample: 1, flopsPerStep: 4e8,
            counters: [.streamBatches: 16, .distinctLengths: 9, .retraces: retraces, .paddedFraction: padded,
                       .allocationsPerPass: mode == .eager ? 5000 : 300],
            phases: [.retraceTotal: retraceTotal, .firstStep: 0.01],
            sampleWorkers: [Int](repeating: 0, count: 10), sampleRounds: Array(0..<10),
            warmSamplesNs: samples(warm, 10, seed: seed &+ 50), warmSampleWorkers: [Int](repeating: 0, count: 10),
            warmSampleRounds: Array(0..<10))
    }

    static let run = RunResult(
        environment: Environment(
            nnbenchVersion: "0.1.0", commit: "0123456789abcdef0123456789abcdef01234567", dirty: true,
            date: "2026-11-25T10:00:00Z", host: "ci-host", cpuModel: "Test CPU @ 2 GHz", cores: 2,
            os: "Linux 6.1", swiftVersion: "6.3", buildConfiguration: "release",
            openblasConfig: "OpenBLAS 0.3.21", openblasCoreName: "Prescott", openblasThreads: 2,
            openblasNumThreadsEnv: "", openblasCoretypeEnv: "", sgemmPeakGflops: 120,
            workloadHashes: ["mlp": "abc"]),
        settings: MeasurementSettings(profile: "default", warmupMaxSteps: 200, warmupMaxSeconds: 0.5,
                                      minSampleSeconds: 0.01, samples: 10, seed: 42),
        benchmarks: [
            step("mlp", .eager, batch: 1, median: 90_000, allocs: 100, peak: 2_000_000, first: 0.002, seed: 1),
            step("mlp", .static, batch: 1, median: 60_000, allocs: 2, peak: 1_500_000, first: 0.004, seed: 2),
            step("mlp", .fused, batch: 1, median: 50_000, allocs: 2, peak: 1_200_000, first: 0.005, seed: 3, stable: 0),
            step("mlp", .eager, batch: 32, median: 1_000_000, allocs: 103, peak: 3_000_000, first: 0.003, seed: 4),
            // static b=32 lost its round 9: that eager sample has no partner and is left out.
            step("mlp", .static, batch: 32, median: 1_200_000, allocs: 5, peak: 3_500_000, first: 0.006, seed: 5,
                 rounds: Array(0..<9)),
            step("mlp", .fused, batch: 32, median: 980_000, allocs: 5, peak: 3_100_000, first: 0.007, seed: 6),
            step("mlp-infer", .eager, task: .infer, batch: 1, median: 20_000, allocs: 26, peak: 9000, first: 0.0004, seed: 7),
            step("mlp-infer", .static, task: .infer, batch: 1, median: 19_000, allocs: 1, peak: 3000, first: 0.00052, seed: 8),
            // Cold passes: retracing makes every graph strategy slower than eager; warm: the
            // retracing strategies win.
            stream(.eager, pass: 80e6, warm: 78e6, retraces: 0, retraceTotal: 0, padded: 0, seed: 9),
            stream(.static, pass: 110e6, warm: 60e6, retraces: 8, retraceTotal: 0.05, padded: 0, seed: 10),
            stream(.fused, pass: 100e6, warm: 50e6, retraces: 8, retraceTotal: 0.05, padded: 0, seed: 11),
            stream(.staticPadded, pass: 95e6, warm: 93e6, retraces: 0, retraceTotal: 0.01, padded: 0.35, seed: 12),
            stream(.fusedPadded, pass: 85e6, warm: 83e6, retraces: 0, retraceTotal: 0.012, padded: 0.35, seed: 13),
        ])

    static let links = MarkdownReport.ChartLinks(speedup: "run-speedup.svg", scaling: "run-scaling.svg")
}

// MARK: - Golden file

@Suite struct MarkdownReportTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/report.md")

    /// The report of the fixed run must match Golden/report.md byte for byte. To accept a
    /// deliberate change: `NNBENCH_UPDATE_GOLDEN=1 swift test --filter MarkdownReportTests`, then
    /// review the diff of the golden file before committing it.
    @Test func reportMatchesTheGoldenFile() throws {
        let md = MarkdownReport.render(Fixture.run, charts: Fixture.links)
        if ProcessInfo.processInfo.environment["NNBENCH_UPDATE_GOLDEN"] == "1" {
            try md.write(to: Self.golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        #expect(md == expected, "the Markdown report changed: see the diff, regenerate with NNBENCH_UPDATE_GOLDEN=1")
    }

    @Test func reportHasEverySection() {
        let md = MarkdownReport.render(Fixture.run, charts: Fixture.links)
        for heading in ["## Verdicts", "## Results", "### mlp (train)", "### mlp-infer (infer)", "### rnn-stream (stream)",
                        "## Charts", "## Claims", "### Where verdicts flip with size",
                        "### Compile amortization", "## Environment and method"] {
            #expect(md.contains("\n\(heading)\n"), "missing \(heading)")
        }
        #expect(md.contains("](run-speedup.svg)") && md.contains("](run-scaling.svg)"))
        #expect(md.contains("`mlp/fused/b1` †"))                      // unsettled warm-up is marked
        #expect(md.contains("| 1/10 |"))                     // the planted outlier is counted
        for id in ["C1", "C2", "C3", "C4", "C5", "C6", "C7"] { #expect(md.contains("| \(id) |")) }
    }

    /// The summary comes first: two environment lines, then the verdict matrix, before any detail.
    @Test func reportOpensWithTheVerdictMatrix() throws {
        let md = MarkdownReport.render(Fixture.run, charts: Fixture.links)
        let lines = md.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[2].hasPrefix("commit `0123456` (dirty)") && lines[2].hasSuffix("\\"))
        #expect(lines[3].hasPrefix("OpenBLAS Prescott"))
        #expect(lines[5] == "## Verdicts")
        let matrix = try #require(lines.firstIndex { $0.hasPrefix("| benchmark | C1") })
        #expect(matrix < 10)
        #expect(lines[matrix + 2].hasPrefix("| `mlp/b1` | ✓ 1.48 | ✓ 0.0200 |"))
        let results = try #require(lines.firstIndex(of: "## Results"))
        #expect(matrix < results)
        #expect(results < 30, "the summary should fit one screen")
    }

    /// One number format: no ASCII minus before a digit, no exponents, no "95% CI" over a range.
    @Test func numbersUseOneFormat() {
        let md = MarkdownReport.render(Fixture.run, charts: Fixture.links)
        let body = md.components(separatedBy: "## Environment and method")[0]
        #expect(body.range(of: #"(^|[ \[(|])-[0-9]"#, options: .regularExpression) == nil)
        #expect(body.range(of: #"[0-9]e[+-]?[0-9]"#, options: .regularExpression) == nil)
        #expect(!body.contains("∞ ["))
        #expect(!body.contains("(range "))     // C5 has a bootstrap interval now, not a min–max range
    }

    @Test func anUnderMeasuredPeakIsCalledOut() {
        #expect(!MarkdownReport.render(Fixture.run).contains("under-measured"))
        var r = Fixture.run
        r.environment.sgemmPeakGflops = 50      // mlp-infer reaches ~100 GFLOP/s
        #expect(MarkdownReport.render(r).contains("the peak was under-measured"))
    }

    @Test func tablesAreWhatRunPrints() {
        let t = MarkdownReport.tables(Fixture.run)
        #expect(t.contains("speed-up vs eager"))
        #expect(t.contains("baseline"))
        #expect(!t.contains("## Claims"))
    }

    // MARK: - Renders as real GitHub tables

    static let cmark = "/usr/bin/cmark-gfm"

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: cmark)))
    func everyTableRendersAsAnHTMLTable() throws {
        let md = MarkdownReport.render(Fixture.run, charts: Fixture.links)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.cmark)
        p.arguments = ["-e", "table"]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        input.fileHandleForWriting.write(Data(md.utf8))
        try input.fileHandleForWriting.close()
        let html = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let delimiterRows = md.split(separator: "\n").filter { $0.hasPrefix("|---") }.count
        let tables = html.components(separatedBy: "<table>").count - 1
        // verdict matrix + its key + 3 workloads + claims + break-even + stream break-even + environment
        #expect(delimiterRows == 9)
        #expect(tables == delimiterRows)
        #expect(html.contains("<img src=\"run-speedup.svg\""))
    }
}
