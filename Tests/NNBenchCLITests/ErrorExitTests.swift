import Foundation
import NNVocabulary
import Testing
import TestSupport

/// Bad input makes nnbench exit non-zero with one clear line on standard error, and never
/// touches files a user already has.
struct ErrorExitTests {
    static let badWorkload = """
        task: train
        model: {kind: mlp, input: 784, hidden: [512, -3], classes: 10, activation: relu}
        batch_sizes: [1]
        learning_rate: 0.01
        modes: [eager]
        """

    @Test(arguments: ["run", "graph"])
    func malformedWorkloadExitsOneNamingFileAndField(_ command: String) throws {
        guard let nnbench = NNBenchProcess.require() else { return }
        let dir = try scratchDirectory("bad")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/bad.yaml"
        try Self.badWorkload.write(toFile: path, atomically: true, encoding: .utf8)
        var args = [command, path]
        if command == "run" { args += ["--quick", "--out", dir + "/out"] + nnbench.allowDebug }
        let r = try NNBenchProcess.run(nnbench.path, args)
        #expect(r.status == 1, "\(r)")
        let errors = r.stderrLines.filter { $0.hasPrefix("nnbench: error:") }
        #expect(errors.count == 1, "exactly one error line: \(r)")
        let line = errors.first ?? ""
        #expect(line.contains(path) && line.contains("model.hidden[1]") && line.contains("at least 1"), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"), "a run that fails on input writes nothing")
    }

    @Test func malformedFileInTheWorkloadsDirectoryFailsList() throws {
        guard let nnbench = NNBenchProcess.require() else { return }
        let dir = try scratchDirectory("list")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.badWorkload.replacingOccurrences(of: "kind: mlp", with: "kind: gpt")
            .write(toFile: dir + "/odd.yaml", atomically: true, encoding: .utf8)
        let r = try NNBenchProcess.run(nnbench.path, ["list", "--workloads", dir])
        #expect(r.status == 1, "\(r)")
        #expect(r.stderr.contains("\(dir)/odd.yaml: model.kind: unknown model kind 'gpt'"), "\(r)")
    }

    @Test func unknownModeIsRejected() throws {
        guard let nnbench = NNBenchProcess.require() else { return }
        let r = try NNBenchProcess.run(nnbench.path, ["run", "mlp", "--mode", "turbo", "--quick",
                                                       "--workloads", workloadsDirectory])
        #expect(r.status != 0, "\(r)")
        #expect(r.stderr.contains("turbo") && r.stderr.contains("--mode"), "\(r)")
        #expect(r.stdout.isEmpty, "nothing measured: \(r)")
    }

    @Test func eagerHasNoGraph() throws {
        guard let nnbench = NNBenchProcess.require() else { return }
        let r = try NNBenchProcess.run(nnbench.path, ["graph", "mlp", "--mode", "eager", "--workloads", workloadsDirectory])
        #expect(r.status != 0, "\(r)")
        #expect(r.stderr.contains("'eager' is invalid") && r.stderr.contains("'static' and 'fused'"), "\(r)")
        #expect(r.stdout.isEmpty, "\(r)")
    }

    @Test func missingWorkloadIsOneLine() throws {
        guard let nnbench = NNBenchProcess.require() else { return }
        let r = try NNBenchProcess.run(nnbench.path, ["graph", "no-such-workload", "--workloads", workloadsDirectory])
        #expect(r.status == 1, "\(r)")
        #expect(r.stderrLines.count == 1 && r.stderr.contains("no-such-workload.yaml"), "\(r)")
    }

    @Test func earlierResultsSurviveAFailedRun() throws {
        guard let nnbench = NNBenchProcess.require() else { return }
        let out = try scratchDirectory("keep")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let earlier = out + "/20260101T000000Z-abcdef0.md"
        let content = "# an earlier run\n| workload | median |\n|---|---|\n| mlp | 1 ms |\n"
        try content.write(toFile: earlier, atomically: true, encoding: .utf8)
        let before = NNBenchProcess.listing(out)
        // Two ways to fail: a workload that does not exist, and a batch size no workload has
        // (found only after the workloads loaded).
        for extra in [["no-such-workload"], ["mlp", "--batch", "7"]] {
            let r = try NNBenchProcess.run(nnbench.path, ["run"] + extra + [
                "--quick", "--out", out, "--workloads", workloadsDirectory] + nnbench.allowDebug)
            #expect(r.status == 1, "\(r)")
            #expect(r.stderr.contains("nnbench: error:"), "\(r)")
        }
        #expect(NNBenchProcess.listing(out) == before, "no new, partial or temporary files left behind")
        #expect((try? String(contentsOfFile: earlier, encoding: .utf8)) == content)
    }
}
