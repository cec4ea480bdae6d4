import Foundation
import NNVocabulary
import Testing
import TestSupport

/// The happy paths of `list`, `graph` and `run`, through the built binary.
struct CommandTests {
    @Test func helpListsTheSubcommands() throws {
        guard let nnbench = NNBenchProcess.require() else { return }
        let r = try NNBenchProcess.run(nnbench.path, ["--help"])
        #expect(r.status == 0, "\(r)")
        for sub in ["run", "list", "graph"] { #expect(r.stdout.contains(sub), "\(sub) missing: \(r)") }
    }

    @Test func listShowsTheShippedWorkloads() throws {
        guard let nnbench = NNBenchProcess.require() else { return }
        let r = try NNBenchProcess.run(nnbench.path, ["list", "--workloads", workloadsDirectory])
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("modes: eager, static, fused"), "\(r)")
        let mlpRow = r.stdout.split(separator: "\n").first { $0.hasPrefix("| mlp |") }
        #expect(mlpRow?.contains("train") == true && mlpRow?.contains("1, 32, 256") == true, "\(r)")
        #expect(r.stdout.contains("| mlp-infer |"), "\(r)")
    }

    @Test func graphPrintsFusedOpsAndNodeCounts() throws {
        guard let nnbench = NNBenchProcess.require() else { return }
        let r = try NNBenchProcess.run(nnbench.path, ["graph", "mlp", "--mode", "fused", "--batch", "1",
                                                       "--workloads", workloadsDirectory])
        #expect(r.status == 0, "\(r)")
        let lines = r.stdout.split(separator: "\n")
        let counts = lines.first { $0.hasPrefix("# nodes:") }
        #expect(counts != nil, "a node count line: \(r)")
        // The count line lists stages with their node counts, and the last is a positive number.
        let final = counts?.split(separator: " ").last.flatMap { Int($0) }
        #expect((final ?? 0) > 0, "\(counts ?? "")")
        #expect(r.stdout.contains("fused."), "fused ops in the graph: \(r)")
    }

    @Test func staticGraphHasNoFusedOps() throws {
        guard let nnbench = NNBenchProcess.require() else { return }
        let r = try NNBenchProcess.run(nnbench.path, ["graph", "mlp", "--mode", "static", "--batch", "1",
                                                       "--workloads", workloadsDirectory])
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("# nodes:") && !r.stdout.contains("fused."), "\(r)")
    }

    @Test func quickRunWritesMarkdownAndHDF5() throws {
        guard let nnbench = NNBenchProcess.require() else { return }
        let out = try scratchDirectory("run")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try NNBenchProcess.run(nnbench.path, ["run", "mlp", "--quick", "--batch", "1", "--out", out,
                                                       "--workloads", workloadsDirectory]
                                                     + nnbench.allowDebug)
        #expect(r.status == 0, "\(r)")
        let files = NNBenchProcess.listing(out)
        let md = files.filter { $0.hasSuffix(".md") }
        let h5 = files.filter { $0.hasSuffix(".h5") }
        #expect(md.count == 1, "one Markdown report: \(files)")
        let svg = files.filter { $0.hasSuffix(".svg") }
        #expect(h5.count == 1, "one HDF5 file: \(files)")
        #expect(svg.count == 2, "the speed-up and scaling charts: \(files)")
        #expect(files.count == md.count + h5.count + svg.count, "no temporary files left: \(files)")
        if let name = md.first {
            // <UTC timestamp>-<short commit>.md, e.g. 20261125T102153Z-bd2cfb2.md
            #expect(name.range(of: #"^\d{8}T\d{6}Z-[0-9a-z]{5,7}\.md$"#, options: .regularExpression) != nil, "\(name)")
            let text = (try? String(contentsOfFile: out + "/" + name, encoding: .utf8)) ?? ""
            #expect(text.contains("mlp"), "the report names the workload")
            for mode in ["eager", "static", "fused"] { #expect(text.contains(mode), "\(mode) in the report") }
            #expect(r.stdout.contains("wrote \(out)/\(name)"), "\(r)")
            // The run ran in the package checkout: the file name and the report carry its commit.
            if let head = Self.gitHead() {
                #expect(name.hasSuffix("-\(head.prefix(7)).md"), "\(name) vs HEAD \(head)")
                #expect(text.contains(head), "the report records the full commit")
            }
        }
        if let name = h5.first { #expect(r.stdout.contains("wrote \(out)/\(name)"), "\(r)") }
    }

    /// The package checkout's HEAD commit, or nil when it is not a git checkout.
    static func gitHead() -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", packageRoot, "rev-parse", "HEAD"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let head = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return p.terminationStatus == 0 && head.count == 40 ? head : nil
    }
}
