import Foundation
import NNVocabulary
import Testing
import TestSupport

/// `nnbench run` on a `task: stream` workload (claim C7), through the built binary, on a tiny
/// Elman stream so the test takes seconds.
struct StreamRunTests {
    static let workload = """
        description: a tiny Elman stream for the end-to-end test
        task: stream
        model: {kind: elman, input: 6, hidden: 8, classes: 3}
        batch_sizes: [4]
        learning_rate: 0.01
        modes: [eager, static, fused]
        stream: {batches: 6, min_length: 2, max_length: 5}
        seed: 7
        """

    @Test func aStreamWorkloadReportsEveryStrategy() throws {
        guard let nnbench = NNBenchProcess.require() else { return }
        let dir = try scratchDirectory("stream")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/w", withIntermediateDirectories: true)
        try Self.workload.write(toFile: dir + "/w/tiny-stream.yaml", atomically: true, encoding: .utf8)
        let r = try NNBenchProcess.run(nnbench.path, ["run", "tiny-stream", "--quick", "--workloads", dir + "/w",
                                                       "--out", dir + "/out"] + nnbench.allowDebug)
        #expect(r.status == 0, "\(r)")
        // The terminal summary: every strategy of the stream contract, each line ≤ 100 columns.
        for strategy in ["eager", "static", "fused", "static+pad", "fused+pad"] {
            #expect(r.stdout.contains(" \(strategy)"), "\(strategy) column: \(r)")
        }
        #expect(r.stdout.contains("C7 eager wins stream"), "\(r)")
        #expect(r.stdout.split(separator: "\n").filter { !$0.hasPrefix("wrote ") }.allSatisfy { $0.count <= 100 }, "\(r)")
        let md = NNBenchProcess.listing(dir + "/out").filter { $0.hasSuffix(".md") }
        #expect(md.count == 1, "one report")
        let text = (try? String(contentsOfFile: dir + "/out/" + (md.first ?? ""), encoding: .utf8)) ?? ""
        #expect(text.contains("| C7 | `tiny-stream/"), "the report judges claim C7 on the stream")
        // One row per strategy in the report, with retraces and padding columns.
        for strategy in ["eager", "static", "fused", "static+pad", "fused+pad"] {
            #expect(text.contains("| `tiny-stream/\(strategy)/b4_t"), "\(strategy) row")
        }
        #expect(text.contains("| retraces |") && text.contains("| padded (%) |"))
    }
}
