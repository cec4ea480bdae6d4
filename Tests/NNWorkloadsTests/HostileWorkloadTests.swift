import Foundation
import NNVocabulary
import Testing
@testable import NNWorkloads
import TestSupport
import Yams

/// Hostile workload files, generated from the shipped ones: every value replaced by hostile
/// values and every key dropped. Each file either loads or gives one `WorkloadError` that is one
/// line, names the file and a field, and stays short (long values are clipped).
struct HostileWorkloadTests {
    /// What replaces each value in turn.
    static var hostile: [Node] {
        let scalars = ["", "~", "0", "-1", "1.5", "1e400", "nan", ".inf", "-.inf", "0x10", "true",
                       "9223372036854775808", "18446744073709551616", "-9223372036854775809",
                       String(repeating: "9", count: 400), String(repeating: "x", count: 400), "eager, static"]
        return scalars.map { Node.scalar(.init($0)) } + [
            Node.sequence(.init([Node.scalar(.init("a")), Node.scalar(.init("b"))])),
            Node.sequence(.init([])),
            Node.mapping(.init([(Node.scalar(.init("a")), Node.scalar(.init("1")))])),
        ]
    }

    /// Every variant of `node`: itself replaced by each hostile value, each key of a mapping
    /// dropped, and the same for every node below; `path` names the changed field.
    static func variants(_ node: Node, _ path: String) -> [(path: String, node: Node)] {
        var out = hostile.map { (path, $0) }
        switch node {
        case .mapping(let m):
            let pairs = Array(m).map { ($0.key, $0.value) }
            for (i, (key, value)) in pairs.enumerated() {
                let sub = path.isEmpty ? (key.string ?? "?") : "\(path).\(key.string ?? "?")"
                var dropped = pairs
                dropped.remove(at: i)
                out.append(("drop \(sub)", .mapping(.init(dropped))))
                for v in variants(value, sub) {
                    var changed = pairs
                    changed[i] = (key, v.node)
                    out.append((v.path, .mapping(.init(changed))))
                }
            }
        case .sequence(let s):
            let items = Array(s)
            for (i, item) in items.enumerated() {
                for v in variants(item, "\(path)[\(i)]") {
                    var changed = items
                    changed[i] = v.node
                    out.append((v.path, .sequence(.init(changed))))
                }
            }
        case .scalar, .alias:
            break
        }
        return out
    }

    static let shipped: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: workloadsDirectory)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()

    @Test(arguments: shipped)
    func everyValueReplacedAndEveryKeyDropped(_ name: String) throws {
        let text = try String(contentsOfFile: workloadsDirectory + "/" + name, encoding: .utf8)
        let root = try #require(try Yams.compose(yaml: text))
        let file = "/hostile/\(name)"
        var refused = 0
        let all = Self.variants(root, "")
        for v in all {
            let yaml = try Yams.serialize(node: v.node)
            do {
                _ = try WorkloadLoader.parse(yaml, file: file, name: String(name.dropLast(5)))
            } catch {
                refused += 1
                let line = error.description
                #expect(!line.contains("\n"), "\(v.path): \(line)")
                #expect(line.hasPrefix(file + ": "), "\(v.path): \(line)")
                #expect(line.count <= 300, "\(v.path): \(line.count) characters: \(line)")
                #expect(!error.field.isEmpty || error.reason.hasPrefix("not valid YAML")
                        || error.reason.contains("mapping") || error.reason == "the file is empty", "\(v.path): no field: \(line)")
            }
        }
        #expect(refused > all.count / 2, "\(refused) of \(all.count) hostile variants refused")
    }

    /// `valid` with `line` (a whole line of it) replaced.
    static func error(_ old: String, _ new: String) throws -> WorkloadError? {
        let text = WorkloadErrorTests.valid.replacingOccurrences(of: old, with: new)
        do { _ = try WorkloadLoader.parse(text, file: WorkloadErrorTests.file, name: "w"); return nil } catch { return error }
    }

    @Test func theSeedIsAUInt64() throws {
        #expect(try Self.error("seed: 42", "seed: 9223372036854775808") == nil, "above Int.max, a valid uint64")
        #expect(try Self.error("seed: 42", "seed: 18446744073709551615") == nil)
        let over = try #require(try Self.error("seed: 42", "seed: 18446744073709551616"))
        #expect(over.field == "seed" && over.reason.contains("at most 18446744073709551615"), "\(over)")
        #expect(!over.reason.contains("whole number"), "a range problem: \(over)")
    }

    @Test func anIntegerTooLargeForIntIsARangeProblem() throws {
        let e = try #require(try Self.error("input: 784", "input: 99999999999999999999999"))
        #expect(e.field == "model.input" && e.reason.contains("at most"), "\(e)")
        #expect(e.reason.contains("99999999999999999999999"), "the value is shown: \(e)")
    }

    @Test func aListWhereAModeBelongsSaysSo() throws {
        let e = try #require(try Self.error("modes: [eager, static, fused]", "modes: [eager, [static, fused]]"))
        #expect(e.field == "modes[1]" && e.reason.contains("a list of 2 items"), "\(e)")
        #expect(!e.reason.contains("non-scalar"))
    }

    @Test func aLongValueIsClipped() throws {
        let long = String(repeating: "7", count: 400)
        let e = try #require(try Self.error("activation: relu", "activation: r\(long)"))
        #expect(e.description.count < 200, "\(e.description.count) characters")
        #expect(e.reason.contains("r777") && e.reason.contains("…") && e.reason.contains("401 characters"), "\(e)")
    }

    @Test(arguments: [
        ("input: 784", "input: big", "'big'"),
        ("batch_sizes: [1, 32]", "batch_sizes: [1, x]", "'x'"),
        ("batch_sizes: [1, 32]", "batch_sizes: 32", "'32'"),
        ("seed: 42", "seed: [42]", "a list of 1 item"),
        ("batch_sizes: [1, 32]", "batch_sizes: [32, 1, 32]", "32"),
        ("modes: [eager, static, fused]", "modes: [eager, eager]", "eager"),
        ("learning_rate: 0.01", "learning_rate: .nan", "'.nan'"),
    ])
    func everyMessageShowsTheBadValue(_ old: String, _ new: String, _ shown: String) throws {
        let e = try #require(try Self.error(old, new))
        #expect(e.reason.contains(shown), "\(e)")
    }

    @Test(arguments: [
        "\u{FEFF}task: train", "a: &a [*a, *a]\nb: *a", String(repeating: "[", count: 5000),
        "task: train\n\tmodel: x", "\u{01}\u{02}binary\u{7F}", "key: 'unterminated", "? [a]\n: b",
    ])
    func rawHostileTextIsOneLine(_ text: String) {
        do {
            _ = try WorkloadLoader.parse(text, file: "/hostile/raw.yaml", name: "raw")
            Issue.record("accepted: \(text.prefix(40))")
        } catch {
            #expect(!error.description.contains("\n") && error.description.hasPrefix("/hostile/raw.yaml: "), "\(error)")
            #expect(error.description.count <= 300, "\(error)")
        }
    }

    @Test func aBatchSizeFromTheCommandLineMustFit() throws {
        let spec = try WorkloadLoader.parse(WorkloadErrorTests.valid, file: "/w.yaml", name: "w")
        try spec.checkFits(batch: 32, option: "--batch")
        let e = #expect(throws: WorkloadError.self) { try spec.checkFits(batch: 1 << 20, option: "--batch", memoryLimit: 1e9) }
        #expect(e?.description.contains("/w.yaml: --batch 1048576: too large for this machine") == true, "\(String(describing: e))")
    }
}
