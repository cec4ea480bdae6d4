import Foundation
import Testing
import TestSupport

/// The options users reach for: --version, --filter/--skip, errors that say what exists,
/// `export` in each format.
struct OptionsEndToEndTests {
    @Test func versionPrintsTheVersion() throws {
        guard let nnbench = NNBenchProcess.require() else { return }
        let r = try NNBenchProcess.run(nnbench.path, ["--version"])
        #expect(r.status == 0 && r.stdout.hasPrefix("nnbench "), "\(r)")
    }

    @Test func anUnknownBatchSizeListsTheSizesThereAre() throws {
        guard let nnbench = NNBenchProcess.require() else { return }
        let dir = try scratchDirectory("batch")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try NNBenchProcess.run(nnbench.path, ["run", "mlp", "--batch", "7", "--quick", "--out", dir + "/out",
                                                       "--workloads", workloadsDirectory] + nnbench.allowDebug)
        #expect(r.status == 1, "\(r)")
        #expect(r.stderr.contains("--batch 7") && r.stderr.contains("mlp 1, 32, 256"), "\(r)")
    }

    @Test func aFilterThatMatchesNothingListsTheNames() throws {
        guard let nnbench = NNBenchProcess.require() else { return }
        let dir = try scratchDirectory("filter")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try NNBenchProcess.run(nnbench.path, ["run", "mlp", "--filter", "cnn/*", "--quick", "--out", dir + "/out",
                                                       "--workloads", workloadsDirectory] + nnbench.allowDebug)
        #expect(r.status == 1, "\(r)")
        #expect(r.stderr.contains("mlp/eager/b1") && r.stderr.contains("mlp/fused/b256"), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    @Test func filterAndSkipSelectBenchmarksByName() throws {
        guard let nnbench = NNBenchProcess.require() else { return }
        let dir = try scratchDirectory("select")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try NNBenchProcess.run(nnbench.path, ["run", "mlp-infer", "--filter", "*/b1", "--skip", "*/fused/*",
                                                       "--quick", "--samples", "3", "--out", dir + "/out",
                                                       "--workloads", workloadsDirectory] + nnbench.allowDebug)
        #expect(r.status == 0, "\(r)")
        let h5 = try #require(NNBenchProcess.listing(dir + "/out").first { $0.hasSuffix(".h5") })
        let csv = try NNBenchProcess.run(nnbench.path, ["export", dir + "/out/" + h5, "--format", "csv"])
        #expect(csv.status == 0, "\(csv)")
        let names = csv.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        #expect(names == ["mlp-infer/eager/b1", "mlp-infer/static/b1"], "\(csv)")
        let json = try NNBenchProcess.run(nnbench.path, ["export", dir + "/out/" + h5, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["schema"] as? String == "nnbench-export/1")
        #expect((object?["benchmarks"] as? [[String: Any]])?.count == 2)
        let action = try NNBenchProcess.run(nnbench.path, ["export", dir + "/out/" + h5, "--format", "benchmark-action"])
        let entries = try JSONSerialization.jsonObject(with: Data(action.stdout.utf8)) as? [[String: Any]]
        #expect(entries?.first?["name"] as? String == "mlp-infer/eager/b1" && entries?.first?["unit"] as? String == "ns")
    }
}
