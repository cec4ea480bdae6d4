import Foundation
import NNVocabulary
import Testing
@testable import NNWorkloads
import TestSupport

/// Every kind of malformed workload gives one `WorkloadError` naming the file, the field
/// (as a dotted path) and the reason, in one line.
struct WorkloadErrorTests {
    /// A valid training workload; each case below changes one thing.
    static let valid = """
        task: train
        model:
          kind: mlp
          input: 784
          hidden: [512, 256]
          classes: 10
          activation: relu
        batch_sizes: [1, 32]
        learning_rate: 0.01
        modes: [eager, static, fused]
        seed: 42
        """

    static let file = "/some/dir/w.yaml"

    /// The error `text` gives, or nil when it parses.
    static func error(_ text: String, memoryLimit: Double = Double(ProcessInfo.processInfo.physicalMemory))
        -> WorkloadError? {
        do {
            _ = try WorkloadLoader.parse(text, file: file, name: "w", memoryLimit: memoryLimit)
            return nil
        } catch {
            return error
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let label: String
        let text: String
        let field: String
        /// A word the reason must contain.
        let reason: String
        var testDescription: String { label }

        /// The valid file with `old` replaced by `new`.
        init(_ label: String, replacing old: String, with new: String, field: String, reason: String) {
            precondition(WorkloadErrorTests.valid.contains(old), "case \(label): '\(old)' not in the valid text")
            self.label = label
            text = WorkloadErrorTests.valid.replacingOccurrences(of: old, with: new)
            self.field = field
            self.reason = reason
        }
    }

    static let cases: [Case] = [
        Case("unknown top-level key", replacing: "seed: 42", with: "seed: 42\nwarmup: 3", field: "warmup", reason: "unknown key"),
        Case("unknown nested key", replacing: "  classes: 10", with: "  classes: 10\n  dropout: 0.5",
             field: "model.dropout", reason: "unknown key"),
        Case("wrong type: text for a number", replacing: "input: 784", with: "input: big", field: "model.input",
             reason: "whole number"),
        Case("wrong type: fraction for a size", replacing: "input: 784", with: "input: 78.4", field: "model.input",
             reason: "whole number"),
        Case("wrong type: scalar for a list", replacing: "batch_sizes: [1, 32]", with: "batch_sizes: 32",
             field: "batch_sizes", reason: "list"),
        Case("wrong type: list for a scalar", replacing: "seed: 42", with: "seed: [42]", field: "seed",
             reason: "single value"),
        Case("wrong type: quoted number", replacing: "classes: 10", with: "classes: '10'", field: "model.classes",
             reason: "whole number"),
        Case("zero batch size", replacing: "batch_sizes: [1, 32]", with: "batch_sizes: [1, 0]",
             field: "batch_sizes[1]", reason: "at least 1"),
        Case("zero input", replacing: "input: 784", with: "input: 0", field: "model.input", reason: "at least 1"),
        Case("negative hidden size", replacing: "hidden: [512, 256]", with: "hidden: [512, -256]",
             field: "model.hidden[1]", reason: "at least 1"),
        Case("negative learning rate", replacing: "learning_rate: 0.01", with: "learning_rate: -0.01",
             field: "learning_rate", reason: "(0, 10]"),
        Case("negative seed", replacing: "seed: 42", with: "seed: -1", field: "seed", reason: "at least 0"),
        Case("absurd hidden size", replacing: "hidden: [512, 256]", with: "hidden: [100000000]",
             field: "model.hidden[0]", reason: "absurd"),
        Case("absurd batch size", replacing: "batch_sizes: [1, 32]", with: "batch_sizes: [1, 100000000]",
             field: "batch_sizes[1]", reason: "absurd"),
        Case("model too large for memory", replacing: "hidden: [512, 256]", with: "hidden: [1000000, 1000000]",
             field: "model", reason: "GiB"),
        Case("unknown mode", replacing: "modes: [eager, static, fused]", with: "modes: [eager, turbo]",
             field: "modes[1]", reason: "turbo"),
        Case("duplicate mode", replacing: "modes: [eager, static, fused]", with: "modes: [eager, eager]",
             field: "modes", reason: "twice"),
        Case("empty mode list", replacing: "modes: [eager, static, fused]", with: "modes: []",
             field: "modes", reason: "at least one"),
        Case("unknown model kind", replacing: "kind: mlp", with: "kind: transformer", field: "model.kind",
             reason: "transformer"),
        Case("unknown activation", replacing: "activation: relu", with: "activation: gelu", field: "model.activation",
             reason: "gelu"),
        Case("unknown task", replacing: "task: train", with: "task: finetune", field: "task", reason: "finetune"),
        Case("duplicate batch size", replacing: "batch_sizes: [1, 32]", with: "batch_sizes: [32, 1, 32]",
             field: "batch_sizes", reason: "twice"),
        Case("missing model", replacing: "model:\n  kind: mlp\n  input: 784\n  hidden: [512, 256]\n  classes: 10\n  activation: relu\n",
             with: "", field: "model", reason: "required"),
        Case("missing model size", replacing: "  classes: 10\n", with: "", field: "model.classes", reason: "required"),
        Case("missing task", replacing: "task: train\n", with: "", field: "task", reason: "required"),
        Case("missing batch sizes", replacing: "batch_sizes: [1, 32]\n", with: "", field: "batch_sizes",
             reason: "required"),
        Case("missing learning rate for training", replacing: "learning_rate: 0.01\n", with: "",
             field: "learning_rate", reason: "required"),
        Case("empty value", replacing: "seed: 42", with: "seed:", field: "seed", reason: "no value"),
        Case("learning rate for inference", replacing: "task: train", with: "task: infer", field: "learning_rate",
             reason: "infer"),
        Case("sequence length on an MLP", replacing: "seed: 42", with: "seed: 42\nsequence_length: 8",
             field: "sequence_length", reason: "recurrent"),
        Case("stream section on a training task", replacing: "seed: 42",
             with: "seed: 42\nstream: {batches: 2, min_length: 1, max_length: 3}", field: "stream", reason: "stream"),
        Case("name mismatch", replacing: "task: train", with: "name: other\ntask: train", field: "name",
             reason: "w.yaml"),
        Case("model not a mapping", replacing: "model:\n  kind: mlp\n  input: 784\n  hidden: [512, 256]\n  classes: 10\n  activation: relu",
             with: "model: mlp", field: "model", reason: "mapping"),
    ]

    @Test(arguments: cases)
    func malformedFieldIsNamed(_ c: Case) {
        guard let e = Self.error(c.text) else {
            Issue.record("\(c.label): parsed without error")
            return
        }
        #expect(e.file == Self.file)
        #expect(e.field == c.field, "\(c.label): \(e)")
        #expect(e.reason.contains(c.reason), "\(c.label): \(e)")
        // One line that names the file and the field.
        #expect(!e.description.contains("\n"))
        #expect(e.description.hasPrefix("\(Self.file): \(c.field): "))
    }

    @Test func validBaseTextParses() {
        #expect(Self.error(Self.valid) == nil, "the cases above must differ from a valid file by one change")
    }

    @Test func memoryLimitBlamesTheBatchSizesWhenBatchOneFits() throws {
        // The model fits at batch 1 but not at batch 32 under this limit.
        let mlp = ModelSpec.mlp(MLPSpec(input: 784, hidden: [512, 256], classes: 10, activation: .relu))
        let limit = (MemoryEstimate.bytes(mlp, batch: 1, sequenceLength: 1)
            + MemoryEstimate.bytes(mlp, batch: 32, sequenceLength: 1)) / 2
        let e = try #require(Self.error(Self.valid, memoryLimit: limit))
        #expect(e.field == "batch_sizes" && e.reason.contains("GiB"), "\(e)")
        let tiny = try #require(Self.error(Self.valid, memoryLimit: 1000))
        #expect(tiny.field == "model", "\(tiny)")
    }

    @Test func invalidYAMLNamesTheFile() throws {
        let e = try #require(Self.error("task: train\nmodel: [1, 2\nseed: 3"))
        #expect(e.file == Self.file && e.field == "")
        #expect(e.reason.contains("YAML"), "\(e)")
        // Where, and the whole sentence: the problem itself, not only what was being parsed.
        #expect(e.reason.range(of: #"line \d+, column \d+"#, options: .regularExpression) != nil, "\(e)")
        #expect(e.reason.contains("did not find expected") && e.reason.contains("flow sequence"), "\(e)")
        #expect(!e.description.contains("\n") && e.description.hasPrefix(Self.file + ": "))
    }

    @Test func duplicateKeyIsNamed() throws {
        // Yams rejects duplicate keys while parsing, before the field checks: the message
        // still names the file and the key.
        let e = try #require(Self.error(Self.valid + "\nseed: 43"))
        #expect(e.file == Self.file && e.reason.contains("'seed'"), "\(e)")
        #expect(!e.description.contains("\n"))
    }

    @Test func rootMustBeAMapping() throws {
        let e = try #require(Self.error("- just\n- a list\n"))
        #expect(e.file == Self.file && e.reason.contains("mapping"), "\(e)")
    }

    // MARK: - Files on disk

    /// A fresh directory holding `files` (name → contents).
    static func directory(_ files: [String: String]) throws -> String {
        let dir = try scratchDirectory("wl")
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        return dir
    }

    @Test func emptyFileNamesTheFile() throws {
        let dir = try Self.directory(["empty.yaml": "", "comments.yaml": "# nothing here\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["empty.yaml", "comments.yaml"] {
            let path = dir + "/" + name
            #expect(throws: WorkloadError(file: path, field: "", reason: "the file is empty")) {
                try WorkloadLoader.load(path: path)
            }
        }
    }

    @Test func missingFileNamesTheFile() {
        let path = "/nonexistent/nnbench/nope.yaml"
        #expect(throws: WorkloadError(file: path, field: "", reason: "no such workload file")) {
            try WorkloadLoader.load(path: path)
        }
    }

    @Test func nameMustMatchTheFileName() throws {
        let dir = try Self.directory(["right.yaml": "name: right\n" + Self.valid, "wrong.yaml": "name: right\n" + Self.valid])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try WorkloadLoader.load(path: dir + "/right.yaml").name == "right")
        do {
            _ = try WorkloadLoader.load(path: dir + "/wrong.yaml")
            Issue.record("a name that differs from the file name was accepted")
        } catch {
            #expect(error.file == dir + "/wrong.yaml" && error.field == "name", "\(error)")
            #expect(error.reason.contains("wrong.yaml"), "\(error)")
        }
    }

    @Test func loadAllStopsAtTheFirstBadFileAndNamesIt() throws {
        let dir = try Self.directory(["a.yaml": Self.valid, "b.yaml": Self.valid.replacingOccurrences(of: "input: 784", with: "input: -1")])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            _ = try WorkloadLoader.loadAll(directory: dir)
            Issue.record("a directory with a bad file loaded")
        } catch {
            #expect(error.file == dir + "/b.yaml" && error.field == "model.input", "\(error)")
        }
    }

    @Test func emptyDirectoryIsAnError() throws {
        let dir = try Self.directory([:])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: WorkloadError.self) { try WorkloadLoader.loadAll(directory: dir) }
    }
}
