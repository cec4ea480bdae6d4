import Foundation
import NNReport
import NNResults
import NNVocabulary
import Testing
import TestSupport

/// Corrupt run files are refused by every command that reads them (exit 1, one line naming the
/// file and the dataset), and `graph` refuses a batch too large for the machine like `run` does.
struct CorruptInputTests {
    static let kinds: [(name: String, samples: [Double])] = [
        ("all NaN", [.nan, .nan, .nan]), ("one NaN", CompareFixture.samples(1e6).enumerated().map { $0 == 3 ? .nan : $1 }),
        ("infinite", [.infinity, 1e6, 1e6]), ("negative", [-2e6, 1e6, 1e6]), ("empty", []),
    ]

    static let cases: [(command: String, kind: Int)] = ["report", "compare-base", "compare-head", "check", "history"]
        .flatMap { c in kinds.indices.map { (c, $0) } }

    @Test(arguments: cases.indices)
    func corruptSamplesAreRefusedByEveryReader(_ i: Int) throws {
        let (command, kind) = Self.cases[i]
        let dir = try scratchDirectory("corrupt-cli")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = try CompareFixture.write(CompareFixture.run(date: "2026-11-25T10:00:00Z"), dir, "20261125T100000Z-good.h5")
        var bad = CompareFixture.run(date: "2026-11-25T11:00:00Z")
        bad.benchmarks[0].samplesNs = Self.kinds[kind].samples
        let runs = dir + "/runs"
        try FileManager.default.createDirectory(atPath: runs, withIntermediateDirectories: true)
        let corrupt = try CompareFixture.write(bad, command == "history" ? runs : dir, "20261125T110000Z-bad.h5")
        let args: [String] = switch command {
        case "report": ["report", corrupt]
        case "compare-base": ["compare", corrupt, good]
        case "compare-head": ["compare", good, corrupt]
        case "check": ["check", "--baseline", good, corrupt]
        default: ["history", runs]
        }
        let r = try nnbench(args)
        #expect(r.status == 1, "\(Self.kinds[kind].name): \(r)")
        let errors = r.stderrLines.filter { $0.hasPrefix("nnbench: error:") }
        #expect(errors.count == 1, "\(r)")
        #expect(errors.first?.contains(corrupt + ": ") == true
                && errors.first?.contains(bad.benchmarks[0].groupPath + "/samples_ns") == true, "\(r)")
        #expect(r.stdout.isEmpty, "nothing was computed from it: \(r)")
    }

    @Test func graphRefusesABatchTooLargeForTheMachine() throws {
        let dir = try scratchDirectory("graph-memory")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Fits at its own batch size (about 0.8 GB of parameters); at 2^20 it needs ~250 GB.
        let path = dir + "/wide.yaml"
        try """
            task: train
            model: {kind: mlp, input: 8192, hidden: [8192], classes: 10, activation: relu}
            batch_sizes: [1]
            learning_rate: 0.01
            modes: [eager, static, fused]
            """.write(toFile: path, atomically: true, encoding: .utf8)
        for mode in ["static", "fused"] {
            let r = try nnbench(["graph", path, "--batch", "1048576", "--mode", mode])
            #expect(r.status == 1, "\(r)")
            #expect(r.stderrLines.count == 1 && r.stderr.contains("\(path): --batch 1048576: too large for this machine"), "\(r)")
            #expect(r.stdout.isEmpty)
        }
    }
}
