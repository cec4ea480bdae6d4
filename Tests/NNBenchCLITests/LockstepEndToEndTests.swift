import Foundation
import NNReport
import NNResults
import Testing
import TestSupport

// MARK: - nnbench run --against: several builds measured in lockstep, judged round by round

@Suite("nnbench run --against (end to end)")
struct LockstepEndToEndTests {
    @Test("Two sides in lockstep: both files share one interleave id, rounds pair up, check judges them round by round")
    func twoSides() throws {
        guard let binary = NNBenchProcess.require() else { return }
        let dir = try scratchDirectory("lockstep")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try nnbench(["run", "mlp", "--quick", "--batch", "1", "--mode", "eager", "--mode", "fused", "--workers", "2",
                             "--against", binary.path, "--out", dir] + binary.allowDebug)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("rounds in lockstep"))
        let head = try #require(NNBenchProcess.listing(dir).first { $0.hasSuffix(".h5") })
        let other = try #require(NNBenchProcess.listing(dir + "/against-1").first { $0.hasSuffix(".h5") })
        let h = try HDF5Store.read(path: dir + "/" + head), b = try HDF5Store.read(path: dir + "/against-1/" + other)
        #expect(h.interleave?.side == "head" && b.interleave?.side == "against-1")
        #expect(h.interleave?.id == b.interleave?.id && h.interleave != nil)
        // Each side records what its workers' kernels were compiled for (one build here).
        #expect(!h.environment.kernelISA.isEmpty && h.environment.kernelISA == b.environment.kernelISA)
        // Lockstep workers do not measure a peak of their own (they would run beside each other).
        #expect(h.environment.sgemmPeakWorkers.isEmpty && h.environment.sgemmPeakGflops > 0)
        for (hb, bb) in zip(h.benchmarks, b.benchmarks) {
            #expect(hb.name == bb.name)
            #expect(hb.sampleRounds == bb.sampleRounds && hb.sampleWorkers == bb.sampleWorkers)
            #expect(BenchmarkResult.pairedLogRatios(base: bb, head: hb)?.count == 2)
        }
        #expect(r.stdout.contains("nnbench check --baseline \(dir)/against-1/\(other) \(dir)/\(head)"))
        let c = try nnbench(["check", "--baseline", dir + "/against-1", dir + "/" + head], in: dir)
        #expect([0, 2, 3].contains(c.status), "stderr: \(c.stderr)")
        #expect(c.stdout.contains("rounds taken in lockstep"))
        // compare of the same two sides, the base given as its directory (one run: not pooled,
        // so the rounds still pair) judges them round by round too.
        let cmp = try nnbench(["compare", dir + "/against-1", dir + "/" + head], in: dir)
        #expect(cmp.status == 0, "stderr: \(cmp.stderr)")
        #expect(cmp.stdout.contains("rounds taken in lockstep"), "stdout: \(cmp.stdout)")
    }

    @Test("--against a file that is not an executable, or a program that is not nnbench: exit 1 with one line naming it")
    func badExecutable() throws {
        guard let binary = NNBenchProcess.require() else { return }
        let dir = try scratchDirectory("lockstep")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = try nnbench(["run", "mlp", "--quick", "--against", dir + "/no-such-nnbench", "--out", dir] + binary.allowDebug)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no-such-nnbench: not an executable file"))
        #expect(missing.stderr.split(separator: "\n").count == 1, "stderr: \(missing.stderr)")
        let notNNBench = try nnbench(["run", "mlp", "--quick", "--batch", "1", "--against", "/bin/true", "--out", dir] + binary.allowDebug)
        #expect(notNNBench.status == 1)
        #expect(notNNBench.stderr.contains("against-1 (") && notNNBench.stderr.contains("true): stopped answering"), "stderr: \(notNNBench.stderr)")
        #expect(NNBenchProcess.listing(dir).isEmpty, "nothing written: \(NNBenchProcess.listing(dir))")
    }
}
