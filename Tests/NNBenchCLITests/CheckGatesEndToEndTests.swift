import Foundation
import NNResults
import NNReport
import NNVocabulary
import Testing
import TestSupport

// MARK: - nnbench check across machine classes, and its instruction-count gate (crafted files)

@Suite("nnbench check gates (end to end)")
struct CheckGatesEndToEndTests {
    static let host = InstructionHost(coretype: "Haswell", glibcVersion: "glibc 2.36", cpuClass: "AuthenticAMD x86-64-v3 erms fsrm",
                                      valgrindVersion: "valgrind-3.19.0", countedSteps: 2)

    /// The compare fixture on `cpu`, with instruction counts `eager` / 500 000 when given.
    static func run(date: String, cpu: String = "AMD EPYC 9R45", scale: Double = 1, allocations: Double = 40,
                    eager: Int? = nil) -> RunResult {
        var r = CompareFixture.run(date: date, scale: scale, allocations: allocations)
        r.environment.cpuModel = cpu
        if let eager {
            r.benchmarks[0].instructionsPerStep = eager
            r.benchmarks[1].instructionsPerStep = 500_000
            r.instructionHost = host
        }
        return r
    }

    @Test("A baseline from another CPU: timings skipped (a 30% slower head still exits 0), the gates are printed")
    func otherMachineSkipsTimings() throws {
        let dir = try scratchDirectory("gates")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = try CompareFixture.write(Self.run(date: "2026-11-24T03:00:00Z", cpu: "Intel Xeon Processor (model 207)"), dir, "base.h5")
        let head = try CompareFixture.write(Self.run(date: "2026-11-25T03:00:00Z", scale: 1.3), dir, "head.h5")
        let r = try nnbench(["check", "--baseline", base, head], in: dir)
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("timing skipped: other machine class: CPU model: Intel Xeon Processor (model 207) → AMD EPYC 9R45"))
        #expect(!r.stdout.contains("**slower**"))
        #expect(r.stderr.contains("Gates: timing skipped: other machine class"))
        // Asked for, the timings are judged anyway: then the 30% shows.
        let forced = try nnbench(["check", "--allow-env-mismatch", "--baseline", base, head], in: dir)
        #expect(forced.status == 2, "\(forced)")
    }

    @Test("A baseline from another CPU still gates exact counters: one more allocation exits 2")
    func otherMachineGatesCounters() throws {
        let dir = try scratchDirectory("gates")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = try CompareFixture.write(Self.run(date: "2026-11-24T03:00:00Z", cpu: "Intel Xeon Processor (model 207)"), dir, "base.h5")
        let head = try CompareFixture.write(Self.run(date: "2026-11-25T03:00:00Z", allocations: 41), dir, "head.h5")
        let r = try nnbench(["check", "--baseline", base, head], in: dir)
        #expect(r.status == 2, "\(r)")
        #expect(r.stdout.contains("| mlp/eager/b32 | allocations_per_step | 40 | 41 | **regression** |"))
    }

    @Test("Instruction counts 2% up in one benchmark: exit 2 with its row; 0.5% up: exit 0; same timings both times")
    func instructionGate() throws {
        let dir = try scratchDirectory("gates")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = try CompareFixture.write(Self.run(date: "2026-11-24T03:00:00Z", eager: 1_000_000), dir, "base.h5")
        let up = try CompareFixture.write(Self.run(date: "2026-11-25T03:00:00Z", eager: 1_020_000), dir, "up.h5")
        let r = try nnbench(["check", "--baseline", base, up], in: dir)
        #expect(r.status == 2, "\(r)")
        #expect(r.stdout.contains("| mlp/eager/b32 | 1000000 | 1020000 | +2.0% | **regression** |"))
        #expect(r.stderr.contains("instructions per step used (tolerance +1.0%)"))
        let small = try CompareFixture.write(Self.run(date: "2026-11-25T03:00:00Z", eager: 1_005_000), dir, "small.h5")
        let ok = try nnbench(["check", "--baseline", base, small], in: dir)
        #expect(ok.status == 0, "\(ok)")
        #expect(ok.stdout.contains("within tolerance"))
    }

    @Test("A baseline from another CPU still gates instruction counts when they were counted under the same conditions")
    func otherMachineGatesInstructions() throws {
        let dir = try scratchDirectory("gates")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = try CompareFixture.write(Self.run(date: "2026-11-24T03:00:00Z", cpu: "AMD EPYC 7B13", eager: 1_000_000), dir, "base.h5")
        let head = try CompareFixture.write(Self.run(date: "2026-11-25T03:00:00Z", eager: 1_030_000), dir, "head.h5")
        let r = try nnbench(["check", "--baseline", base, head], in: dir)
        #expect(r.status == 2, "\(r)")
        #expect(r.stdout.contains("timing skipped: other machine class"))
        #expect(r.stdout.contains("| mlp/eager/b32 | 1000000 | 1030000 | +3.0% | **regression** |"))
    }
}

// MARK: - The nightly's two checks: pooled same-job runs, and counters only against the baseline

@Suite("nnbench check for the nightly (end to end)")
struct CheckNightlyEndToEndTests {
    @Test("--pooled-baseline pools both directories: a head 20% slower in every run exits 2; the same build exits 0")
    func pooled() throws {
        let dir = try scratchDirectory("gates")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for side in ["A", "B", "C"] { try FileManager.default.createDirectory(atPath: "\(dir)/\(side)", withIntermediateDirectories: true) }
        for round in 1...2 {
            try CompareFixture.write(CompareFixture.run(date: "2026-11-25T0\(round):00:00Z"), dir + "/A", "round\(round).h5")
            try CompareFixture.write(CompareFixture.run(date: "2026-11-25T0\(round):30:00Z", scale: 1.2), dir + "/B", "round\(round).h5")
            try CompareFixture.write(CompareFixture.run(date: "2026-11-25T0\(round):40:00Z"), dir + "/C", "round\(round).h5")
        }
        let slower = try nnbench(["check", "--pooled-baseline", "--baseline", dir + "/A", dir + "/B"], in: dir)
        #expect(slower.status == 2, "\(slower)")
        #expect(slower.stdout.contains("**slower**"))
        let same = try nnbench(["check", "--pooled-baseline", "--baseline", dir + "/A", dir + "/C"], in: dir)
        #expect(same.status == 0, "\(same)")
    }

    @Test("--skip-timings: a 30% slower head on the same machine exits 0; a counter increase still exits 2")
    func skipTimings() throws {
        let dir = try scratchDirectory("gates")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = try CompareFixture.write(CompareFixture.run(date: "2026-11-24T03:00:00Z"), dir, "base.h5")
        let slow = try CompareFixture.write(CompareFixture.run(date: "2026-11-25T03:00:00Z", scale: 1.3), dir, "slow.h5")
        let r = try nnbench(["check", "--skip-timings", "--baseline", base, slow], in: dir)
        #expect(r.status == 0, "\(r)")
        #expect(r.stderr.contains("Gates: timing skipped: --skip-timings · exact counters used"))
        let more = try CompareFixture.write(CompareFixture.run(date: "2026-11-25T03:00:00Z", allocations: 41), dir, "more.h5")
        #expect(try nnbench(["check", "--skip-timings", "--baseline", base, more], in: dir).status == 2)
    }
}
