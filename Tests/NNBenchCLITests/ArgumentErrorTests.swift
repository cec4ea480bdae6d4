import Foundation
import NNVocabulary
import Testing
import TestSupport

/// Every subcommand's command-line mistakes exit 64 (README: exit codes) with exactly one line
/// on standard error that shows the bad value and points at the subcommand's help, and nothing
/// on standard output. Generated: each count-like or enumerated option with hostile values, an
/// unknown option, and a missing argument.
struct ArgumentErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let arguments: [String]
        /// Text the one error line must contain (the bad value, clipped when long).
        let shown: String
        var testDescription: String { arguments.joined(separator: " ").prefix(80).description }
    }

    /// The base invocation of each subcommand: valid as far as parsing goes.
    static let bases: [String: [String]] = [
        "run": ["run", "mlp"], "graph": ["graph", "mlp"], "report": ["report", "x.h5"],
        "compare": ["compare", "a.h5", "b.h5"], "check": ["check", "--baseline", "a.h5", "b.h5"],
        "history": ["history", "dir"], "list": ["list"],
    ]

    static let long = String(repeating: "9", count: 400)

    /// Hostile values per (subcommand, option).
    static let hostile: [(command: String, option: String, values: [String])] = [
        ("run", "--batch", ["0", "-1", "1048577", "abc", "1.5", long]),
        ("run", "--samples", ["0", "-1", "2", "100001", "100000000", "abc"]),
        ("run", "--mode", ["bogus", "", "EAGER"]),
        ("graph", "--batch", ["0", "-1", "1048577", "99999999", "abc"]),
        ("graph", "--mode", ["eager", "bogus"]),
        ("compare", "--threshold", ["-1", "nan", "1", "inf", "-inf", "abc"]),
        ("compare", "--format", ["xml", ""]),
        ("check", "--threshold", ["-1", "nan", "1"]),
        ("check", "--format", ["xml"]),
        ("history", "--threshold", ["-1", "nan", "2"]),
    ]

    static let cases: [Case] = {
        var out: [Case] = []
        for h in hostile {
            for v in h.values {
                let shown = v.count > 40 ? String(v.prefix(20)) : (v == "eager" ? "eager" : h.option)
                out.append(Case(arguments: (bases[h.command] ?? []) + [h.option, v], shown: shown))
            }
        }
        for (name, base) in bases.sorted(by: { $0.key < $1.key }) {
            out.append(Case(arguments: base + ["--bogus-option"], shown: "--bogus-option"))
            if base.count > 1 { out.append(Case(arguments: [name], shown: name == "run" ? "--all" : "Missing")) }
        }
        return out
    }()

    @Test(arguments: cases)
    func argumentErrorIsOneLineAndExit64(_ c: Case) throws {
        let r = try nnbench(c.arguments + ["--workloads", workloadsDirectory].filter { _ in c.arguments.first == "run" || c.arguments.first == "graph" })
        #expect(r.status == 64, "\(r)")
        #expect(r.stdout.isEmpty, "\(r)")
        #expect(r.stderrLines.count == 1, "one line, no usage text: \(r)")
        let line = r.stderrLines.first ?? ""
        #expect(line.hasPrefix("nnbench: error: ") && line.contains(c.shown), "\(r)")
        #expect(line.contains("--help"), "points at the help: \(r)")
        #expect(line.count <= 300, "\(line.count) characters: \(r)")
    }

    @Test func helpStillExitsZero() throws {
        for args in [["--help"], ["run", "--help"], ["check", "--help"]] {
            let r = try nnbench(args)
            #expect(r.status == 0 && r.stdout.contains("USAGE"), "\(r)")
        }
    }
}
