import Foundation
import NNResults
import NNReport
import Testing
import TestSupport

// MARK: - Real instruction counts under valgrind (skipped, with a message, when valgrind is absent)

/// Whether valgrind, setarch, objcopy and gcc are on PATH (all are on this project's machines and in CI).
private let countingTools: Bool = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return ["valgrind", "setarch", "objcopy", "gcc"].allSatisfy { tool in
        path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
    }
}()

@Suite("Instruction counts under callgrind (end to end)",
       .enabled(if: countingTools, "valgrind, setarch, objcopy or gcc is not installed: instruction counts cannot be tested here"))
struct InstructionCountEndToEndTests {
    /// A small MLP whose step is mostly sgemm (every GEMM dimension 128), in its own directory.
    static func workloadDirectory() throws -> String {
        let dir = try scratchDirectory("instructions")
        try FileManager.default.createDirectory(atPath: dir + "/Workloads", withIntermediateDirectories: true)
        try """
            description: small MLP for the instruction-count tests
            task: train
            model: {kind: mlp, input: 128, hidden: [128], classes: 128, activation: relu}
            batch_sizes: [128]
            learning_rate: 0.01
            modes: [eager, static, fused]
            """.write(toFile: dir + "/Workloads/gemmy.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    /// `benchmark → count` from `nnbench instructions` output lines `key<TAB>count`.
    static func counts(_ stdout: String) -> [String: Int] {
        var out: [String: Int] = [:]
        for line in stdout.split(separator: "\n") {
            let f = line.split(separator: "\t")
            if f.count == 2, let n = Int(f[1]) { out[String(f[0])] = n }
        }
        return out
    }

    /// The release binary when built (a debug step under callgrind is many times slower), else the tested one.
    static func counting(_ arguments: [String], in dir: String, environment: [String: String?] = [:]) throws -> NNBenchProcess.Output {
        let release = packageRoot + "/.build/release/nnbench"
        guard FileManager.default.isExecutableFile(atPath: release) else {
            return try nnbench(arguments + (arguments.first == "run" ? (NNBenchProcess.binary?.allowDebug ?? []) : []),
                               in: dir, environment: environment, timeout: 1800)
        }
        return try NNBenchProcess.run(release, arguments, in: dir, environment: environment, timeout: 1800)
    }

    /// Builds scripts/sgemm-slowdown.c into `dir`.
    static func shim(_ dir: String) throws -> String {
        let so = dir + "/sgemm-slowdown.so"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["gcc", "-O2", "-shared", "-fPIC", "-o", so, packageRoot + "/scripts/sgemm-slowdown.c", "-ldl"]
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "gcc could not build scripts/sgemm-slowdown.c")
        return so
    }

    @Test("Two counts of the same build are identical, every mode counted, and the host facts are printed")
    func repeatable() throws {
        let dir = try Self.workloadDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = try Self.counting(["instructions", "gemmy"], in: dir)
        let b = try Self.counting(["instructions", "gemmy"], in: dir)
        #expect(a.status == 0 && b.status == 0, "\(a)\n\(b)")
        let ca = Self.counts(a.stdout), cb = Self.counts(b.stdout)
        #expect(ca.count == 3 && ca.values.allSatisfy { $0 > 100_000 }, "\(a.stdout)")
        #expect(ca == cb)
        #expect(a.stdout.contains("coretype Haswell"))
    }

    @Test("sgemm doing ~2% more work (LD_PRELOAD shim, no code change) is caught by check's instruction gate")
    func twoPercentCaught() throws {
        let dir = try Self.workloadDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let so = try Self.shim(dir)
        let args = ["run", "gemmy", "--quick", "--workers", "1", "--samples", "3", "--instructions"]
        let base = try Self.counting(args + ["--out", dir + "/base"], in: dir)
        let head = try Self.counting(args + ["--out", dir + "/head"], in: dir,
                                     environment: ["LD_PRELOAD": so, "NNBENCH_SGEMM_EXTRA": "0.025"])
        #expect(base.status == 0 && head.status == 0, "\(base)\n\(head)")
        func h5(_ sub: String) throws -> String {
            dir + "/\(sub)/" + (try #require(NNBenchProcess.listing(dir + "/" + sub).first { $0.hasSuffix(".h5") }))
        }
        let b = try HDF5Store.read(path: try h5("base")), h = try HDF5Store.read(path: try h5("head"))
        #expect(b.instructionHost?.coretype == "Haswell")
        // The one worker measured its own sgemm peak; the run's peak is theirs (median of one).
        #expect(b.environment.sgemmPeakWorkers.count == 1 && b.environment.sgemmPeakWorkers.first == b.environment.sgemmPeakGflops)
        #expect(b.environment.sgemmPeakGflops > 0)
        for (x, y) in zip(b.benchmarks, h.benchmarks) {
            let change = Double(try #require(y.instructionsPerStep)) / Double(try #require(x.instructionsPerStep)) - 1
            #expect(change > 0.01 && change < 0.04, "\(x.mode): \(change)")
        }
        let c = Comparison.compare(base: b, head: h)
        #expect(c.instructionGate == .used && c.instructionRegressions.count == 3)
        // Timings of two quick one-worker runs say nothing (and may be refused as measured
        // differently): judge the counts alone, as the nightly does against its baseline.
        let r = try Self.counting(["check", "--skip-timings", "--baseline", try h5("base"), try h5("head")], in: dir)
        #expect(r.status == 2, "\(r)")
        #expect(r.stdout.contains("## Instructions per step (callgrind)"))
    }
}
