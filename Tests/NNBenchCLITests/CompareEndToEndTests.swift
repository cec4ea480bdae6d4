import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import NNResults
import NNReport
import NNVocabulary
import Testing
import TestSupport

// MARK: - nnbench compare and history: outputs from the built binary

@Suite("nnbench compare and history (end to end)")
struct CompareEndToEndTests {
    @Test("compare: exit 0 even when slower; --out holds exactly what was printed")
    func markdownAndOut() throws {
        let dir = try scratchDirectory("compare")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = try CompareFixture.write(CompareFixture.run(date: "2026-11-24T03:00:00Z"), dir, "base.h5")
        let head = try CompareFixture.write(CompareFixture.run(date: "2026-11-25T03:00:00Z", scale: 1.2), dir, "head.h5")
        let r = try nnbench(["compare", base, head, "--out", dir + "/cmp.md"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("| mlp/static/b32 | 500 µs | 600 µs | +20% |"))
        #expect(try String(contentsOfFile: dir + "/cmp.md", encoding: .utf8) == r.stdout)
    }

    @Test("compare --format json: every judgement, and a github-action-benchmark customSmallerIsBetter array")
    func json() throws {
        let dir = try scratchDirectory("compare")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = try CompareFixture.write(CompareFixture.run(date: "2026-11-24T03:00:00Z"), dir, "base.h5")
        let head = try CompareFixture.write(CompareFixture.run(date: "2026-11-25T03:00:00Z", scale: 0.8, allocations: 39), dir, "head.h5")
        let r = try nnbench(["compare", base, head, "--format", "json"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(object?["schema"] as? String == "nnbench-compare/2")
        #expect(object?["regressed"] as? Bool == false)
        let timings = object?["timings"] as? [[String: Any]] ?? []
        #expect(timings.compactMap { $0["verdict"] as? String } == ["faster", "faster"])
        #expect(timings.first?["name"] as? String == "mlp/eager/b32")
        // snake_case, units in the names
        for key in ["base_median_ns", "head_median_ns", "head_mad_ns", "change_low", "p_value", "sequence_length"] {
            #expect(timings.first?[key] != nil, "missing \(key)")
        }
        #expect(!r.stdout.contains("Median\"") && !r.stdout.contains("customSmallerIsBetter"))
        let entries = object?["benchmark_action"] as? [[String: Any]] ?? []
        let eager = entries.first { $0["name"] as? String == "mlp/eager/b32" }
        #expect(eager?["unit"] as? String == "ns")
        #expect(abs((eager?["value"] as? Double ?? 0) - 8e5) < 1e4)
        let allocations = entries.first { $0["name"] as? String == "mlp/eager/b32 allocations_per_step" }
        #expect(allocations?["value"] as? Double == 39)

        let action = try nnbench(["compare", base, head, "--format", "benchmark-action"], in: dir)
        let array = try JSONSerialization.jsonObject(with: Data(action.stdout.utf8)) as? [[String: Any]]
        #expect(array?.count == entries.count)
        #expect(array?.allSatisfy { $0["name"] is String && $0["unit"] is String && $0["value"] is Double } == true)
    }

    @Test("history: runs in date order, the step marked, a well-formed SVG written next to the table")
    func history() throws {
        let dir = try scratchDirectory("compare")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let runs = try scratchDirectory("compare")
        try CompareFixture.write(CompareFixture.run(date: "2026-11-21T03:00:00Z"), runs, "20261121T030000Z-0123456.h5")
        try CompareFixture.write(CompareFixture.run(date: "2026-11-22T03:00:00Z"), runs, "20261122T030000Z-0123456.h5")
        try CompareFixture.write(CompareFixture.run(date: "2026-11-23T03:00:00Z", scale: 1.25), runs, "20261123T030000Z-0123456.h5")
        let r = try nnbench(["history", runs, "--out", dir + "/history.md"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let rows = r.stdout.split(separator: "\n").filter { $0.hasPrefix("| 2026-11-") }
        #expect(rows.count == 3)
        #expect(rows.last?.contains("▲ 1.25 ms (+25%)") == true)
        #expect(rows.dropLast().allSatisfy { !$0.contains("▲") && !$0.contains("▼") })
        #expect(r.stdout.contains("mlp/eager/b32 at `0123456` (2026-11-23T03:00:00Z): slower"))
        let svg = try Data(contentsOf: URL(fileURLWithPath: dir + "/history.svg"))
        let parser = XMLParser(data: svg)
        #expect(parser.parse(), "the SVG is well-formed XML")
        let text = String(decoding: svg, as: UTF8.self)
        #expect(text.components(separatedBy: "<polyline").count - 1 == 2, "one line per benchmark")
        #expect(text.contains("class=\"step-slower\""), "the step change is marked ▲")
        #expect(try String(contentsOfFile: dir + "/history.md", encoding: .utf8).contains("![median step time per run](history.svg)"))
    }

    @Test("history of an empty directory: exit 1")
    func emptyHistory() throws {
        let dir = try scratchDirectory("compare")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try nnbench(["history", dir])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no .h5 result files"))
    }
}
