import Foundation
import NNResults
import NNReport
import NNVocabulary
import Testing
import TestSupport

// MARK: - check and compare with worker processes: undecided, refusals, pooling

@Suite("nnbench check/compare: undecided and refusals (end to end)")
struct WorkerComparisonTests {
    /// A run whose mlp eager benchmark has one group of samples per entry of `medians`.
    static func run(date: String, medians: [Double], profile: String = "quick", threads: Int = 2, peak: Double = 250) -> RunResult {
        var r = CompareFixture.run(date: date)
        r.settings.profile = profile
        r.settings.threads = threads
        r.settings.workers = medians.count
        r.environment.sgemmPeakGflops = peak
        var b = r.benchmarks[0]
        b.samplesNs = medians.flatMap { m in (0..<5).map { m * (1 + 0.004 * sin(Double($0) * 2.4)) } }
        b.sampleWorkers = medians.indices.flatMap { [Int](repeating: $0, count: 5) }
        b.sampleRounds = medians.indices.flatMap { _ in Array(0..<5) }
        b.sampleDisturbed = b.samplesNs.map { _ in false }
        b.sampleDisturbed[0] = true
        b.workers = medians.count; b.threads = threads
        b.roundsTotal = b.samplesNs.count; b.roundsDisturbed = 1
        r.benchmarks = [b]
        return r
    }

    @Test("A change beyond the threshold that the workers cannot decide: check exits 3 and says what would decide it")
    func undecidedExitsThree() throws {
        let dir = try scratchDirectory("workers")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = try CompareFixture.write(Self.run(date: "2026-11-24T03:00:00Z", medians: [1.0e6, 1.04e6, 0.96e6]), dir, "base.h5")
        let head = try CompareFixture.write(Self.run(date: "2026-11-25T03:00:00Z", medians: [1.02e6, 1.30e6, 1.12e6]), dir, "head.h5")
        let r = try nnbench(["check", "--baseline", base, head], in: dir)
        #expect(r.status == 3, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("| undecided |"))
        #expect(r.stderr.contains("undecided"))
        #expect(r.stderr.contains("--workers"))
        #expect(r.stdout.contains("1 of 15 rounds disturbed"))
    }

    @Test("A slowdown every worker shows: exit 2 (a regression outranks undecided)")
    func consistentSlowdownExitsTwo() throws {
        let dir = try scratchDirectory("workers")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = try CompareFixture.write(Self.run(date: "2026-11-24T03:00:00Z", medians: [1.0e6, 1.01e6, 0.99e6]), dir, "base.h5")
        let head = try CompareFixture.write(Self.run(date: "2026-11-25T03:00:00Z", medians: [1.2e6, 1.21e6, 1.19e6]), dir, "head.h5")
        let r = try nnbench(["check", "--baseline", base, head], in: dir)
        #expect(r.status == 2, "stderr: \(r.stderr)")
    }

    @Test("Runs of different profiles, thread counts or sgemm peaks far apart: compare and check refuse with one line, unless allowed", arguments: [
        ("profile", "default", 2, 250.0), ("threads", "quick", 1, 250.0), ("sgemm peak", "quick", 2, 42.0),
    ])
    func refusesMismatch(field: String, profile: String, threads: Int, peak: Double) throws {
        let dir = try scratchDirectory("workers")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = try CompareFixture.write(Self.run(date: "2026-11-24T03:00:00Z", medians: [1e6, 1e6, 1e6]), dir, "base.h5")
        let head = try CompareFixture.write(Self.run(date: "2026-11-25T03:00:00Z", medians: [1e6, 1e6, 1e6], profile: profile,
                                                     threads: threads, peak: peak), dir, "head.h5")
        for command in [["compare", base, head], ["check", "--baseline", base, head]] {
            let r = try nnbench(command, in: dir)
            #expect(r.status == 1, "\(command[0]) stderr: \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
            #expect(r.stderr.contains(field))
            let allowed = try nnbench(command + ["--allow-env-mismatch"], in: dir)
            if field == "threads" && command[0] == "check" {
                // Threads are part of the key: even allowed, nothing is in common to check.
                #expect(allowed.status == 1 && allowed.stderr.contains("part of every benchmark's key"))
            } else {
                #expect(allowed.status != 1, "\(command[0]) --allow-env-mismatch stderr: \(allowed.stderr)")
            }
        }
    }

    @Test("compare refuses the same file on both sides, directly or through a directory")
    func sameFileBothSides() throws {
        let dir = try scratchDirectory("workers")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let runs = dir + "/runs"
        try FileManager.default.createDirectory(atPath: runs, withIntermediateDirectories: true)
        let a = try CompareFixture.write(Self.run(date: "2026-11-24T03:00:00Z", medians: [1e6, 1e6]), runs, "a.h5")
        try CompareFixture.write(Self.run(date: "2026-11-25T03:00:00Z", medians: [1e6, 1e6]), runs, "b.h5")
        for command in [["compare", a, a], ["compare", runs, a], ["check", "--baseline", a, a]] {
            let r = try nnbench(command, in: dir)
            #expect(r.status == 1, "\(command) stderr: \(r.stderr)")
            #expect(r.stderr.contains("same"))
        }
    }

    @Test("Pooling a directory refuses runs measured differently, naming the file")
    func poolingRefusesMismatch() throws {
        let dir = try scratchDirectory("workers")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let runs = dir + "/runs"
        try FileManager.default.createDirectory(atPath: runs, withIntermediateDirectories: true)
        try CompareFixture.write(Self.run(date: "2026-11-24T03:00:00Z", medians: [1e6, 1e6]), runs, "a.h5")
        try CompareFixture.write(Self.run(date: "2026-11-25T03:00:00Z", medians: [1e6, 1e6], threads: 1), runs, "b.h5")
        let head = try CompareFixture.write(Self.run(date: "2026-11-26T03:00:00Z", medians: [1e6, 1e6]), dir, "head.h5")
        let r = try nnbench(["compare", runs, head], in: dir)
        #expect(r.status == 1, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("b.h5") && r.stderr.contains("pool"))
    }
}
