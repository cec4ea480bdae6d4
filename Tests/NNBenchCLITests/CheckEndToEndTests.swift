import Foundation
import NNResults
import NNReport
import NNVocabulary
import Testing
import TestSupport

// MARK: - nnbench check: exit codes from the built binary on crafted files

@Suite("nnbench check (end to end)")
struct CheckEndToEndTests {
    @Test("The same timings and counters: exit 0, and the table is printed")
    func noRegression() throws {
        let dir = try scratchDirectory("compare")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = try CompareFixture.write(CompareFixture.run(date: "2026-11-24T03:00:00Z"), dir, "base.h5")
        let head = try CompareFixture.write(CompareFixture.run(date: "2026-11-25T03:00:00Z"), dir, "head.h5")
        let r = try nnbench(["check", "--baseline", base, head], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("| mlp/eager/b32 |"))
        #expect(r.stdout.contains("No regression."))
    }

    @Test("20% slower: exit 2, the benchmark marked slower")
    func slower() throws {
        let dir = try scratchDirectory("compare")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = try CompareFixture.write(CompareFixture.run(date: "2026-11-24T03:00:00Z"), dir, "base.h5")
        let head = try CompareFixture.write(CompareFixture.run(date: "2026-11-25T03:00:00Z", scale: 1.2), dir, "head.h5")
        let r = try nnbench(["check", "--baseline", base, head], in: dir)
        #expect(r.status == 2, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("**slower**"))
        #expect(r.stderr.contains("regression"))
    }

    @Test("One more allocation per step, same timings: exit 2")
    func counterRegression() throws {
        let dir = try scratchDirectory("compare")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = try CompareFixture.write(CompareFixture.run(date: "2026-11-24T03:00:00Z"), dir, "base.h5")
        let head = try CompareFixture.write(CompareFixture.run(date: "2026-11-25T03:00:00Z", allocations: 41), dir, "head.h5")
        let r = try nnbench(["check", "--baseline", base, head], in: dir)
        #expect(r.status == 2, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("| mlp/eager/b32 | allocations_per_step | 40 | 41 | **regression** |"))
    }

    @Test("A missing or corrupt baseline: exit 1 with one error line naming the file")
    func badBaseline() throws {
        let dir = try scratchDirectory("compare")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let head = try CompareFixture.write(CompareFixture.run(date: "2026-11-25T03:00:00Z"), dir, "head.h5")
        let missing = try nnbench(["check", "--baseline", dir + "/nope.h5", head], in: dir)
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("nnbench: error: ") && missing.stderr.contains("nope.h5"))
        #expect(missing.stderr.split(separator: "\n").count == 1)

        let corrupt = dir + "/corrupt.h5"
        try Data("not an HDF5 file at all".utf8).write(to: URL(fileURLWithPath: corrupt))
        let r = try nnbench(["check", "--baseline", corrupt, head], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("corrupt.h5"))

        let empty = dir + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let none = try nnbench(["check", "--baseline", empty, head], in: dir)
        #expect(none.status == 1)
        #expect(none.stderr.contains("no .h5 result files"))
    }

    @Test("A baseline with no benchmark in common checks nothing: exit 1")
    func nothingInCommon() throws {
        let dir = try scratchDirectory("compare")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var other = CompareFixture.run(date: "2026-11-24T03:00:00Z")
        for i in other.benchmarks.indices { other.benchmarks[i].workload = "cnn" }
        let base = try CompareFixture.write(other, dir, "base.h5")
        let head = try CompareFixture.write(CompareFixture.run(date: "2026-11-25T03:00:00Z"), dir, "head.h5")
        let r = try nnbench(["check", "--baseline", base, head], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("no benchmark in common"))
        #expect(r.stdout.contains("Only in base: `cnn/eager/b32`"))
    }

    @Test("Another build configuration: exit 1 unless --allow-env-mismatch; the warning block is printed")
    func environmentMismatch() throws {
        let dir = try scratchDirectory("compare")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var debug = CompareFixture.run(date: "2026-11-24T03:00:00Z")
        debug.environment.buildConfiguration = "debug"
        let base = try CompareFixture.write(debug, dir, "base.h5")
        let head = try CompareFixture.write(CompareFixture.run(date: "2026-11-25T03:00:00Z"), dir, "head.h5")
        let refused = try nnbench(["check", "--baseline", base, head], in: dir)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("build configuration: debug → release"))
        #expect(refused.stdout.contains("WARNING: the environments differ"))
        let allowed = try nnbench(["check", "--allow-env-mismatch", "--baseline", base, head], in: dir)
        #expect(allowed.status == 0, "stderr: \(allowed.stderr)")
    }

    @Test("Another OpenBLAS core is another machine class: timings skipped, exit 0, not an error")
    func otherCore() throws {
        let dir = try scratchDirectory("compare")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = try CompareFixture.write(CompareFixture.run(date: "2026-11-24T03:00:00Z", coreName: "SkylakeX"), dir, "base.h5")
        let head = try CompareFixture.write(CompareFixture.run(date: "2026-11-25T03:00:00Z", scale: 1.3), dir, "head.h5")
        let r = try nnbench(["check", "--baseline", base, head], in: dir)
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("timing skipped: other machine class: OpenBLAS core: SkylakeX → Haswell"))
    }

    @Test("A baseline directory: the newest run by file-name timestamp is the baseline, not the head itself")
    func newestInDirectory() throws {
        let dir = try scratchDirectory("compare")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The older baseline matches the head; the newer one is 30% faster, so the head regressed against it.
        try CompareFixture.write(CompareFixture.run(date: "2026-11-20T03:00:00Z"), dir, "20261120T030000Z-0123456.h5")
        try CompareFixture.write(CompareFixture.run(date: "2026-11-22T03:00:00Z", scale: 0.7), dir, "20261122T030000Z-0123456.h5")
        let head = try CompareFixture.write(CompareFixture.run(date: "2026-11-25T03:00:00Z"), dir, "20261125T030000Z-0123456.h5")
        let r = try nnbench(["check", "--baseline", dir, head], in: dir)
        #expect(r.status == 2, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("20261122T030000Z-0123456.h5"))
    }

    @Test("A workload file's measure.threshold overrides the default: 20% slower passes under a 30% threshold")
    func workloadThreshold() throws {
        let dir = try scratchDirectory("compare")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/Workloads", withIntermediateDirectories: true)
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let mlp = try String(contentsOf: repo.appendingPathComponent("Workloads/mlp.yaml"), encoding: .utf8)
        try (mlp + "\nmeasure:\n  threshold: 0.3\n").write(toFile: dir + "/Workloads/mlp.yaml", atomically: true, encoding: .utf8)
        let base = try CompareFixture.write(CompareFixture.run(date: "2026-11-24T03:00:00Z"), dir, "base.h5")
        let head = try CompareFixture.write(CompareFixture.run(date: "2026-11-25T03:00:00Z", scale: 1.2), dir, "head.h5")
        let r = try nnbench(["check", "--baseline", base, head], in: dir)
        #expect(r.status == 0, "stdout: \(r.stdout) stderr: \(r.stderr)")
        #expect(r.stdout.contains("| 30% |"))
    }
}
