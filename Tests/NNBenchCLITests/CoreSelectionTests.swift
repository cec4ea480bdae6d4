import Foundation
import Testing
import TestSupport

/// `nnbench run` re-executes itself with another OpenBLAS core when asked (the same path that
/// replaces a fallback core), says so on its first line and records who chose the core.
struct CoreSelectionTests {
    @Test func aForcedCoreIsAnnouncedUsedAndRecorded() throws {
        guard let nnbench = NNBenchProcess.require() else { return }
        let dir = try scratchDirectory("core")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Sandybridge: a core OpenBLAS never picks by itself on this project's machines.
        let r = try NNBenchProcess.run(
            nnbench.path, ["run", "mlp-infer", "--quick", "--out", dir] + nnbench.allowDebug,
            environment: ["NNBENCH_OPENBLAS_CORE": "Sandybridge", "OPENBLAS_CORETYPE": nil])
        #expect(r.status == 0, "\(r)")
        let first = r.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.contains("re-running with OPENBLAS_CORETYPE=Sandybridge"), "first line: \(first)")
        let md = NNBenchProcess.listing(dir).filter { $0.hasSuffix(".md") }
        let text = (try? String(contentsOfFile: dir + "/" + (md.first ?? ""), encoding: .utf8)) ?? ""
        #expect(text.contains("core Sandybridge (chosen by nnbench: OpenBLAS alone picked "), "\(text.prefix(800))")
    }

    @Test func keepLeavesOpenBLASsChoice() throws {
        guard let nnbench = NNBenchProcess.require() else { return }
        let dir = try scratchDirectory("core-keep")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try NNBenchProcess.run(
            nnbench.path, ["run", "mlp-infer", "--quick", "--out", dir] + nnbench.allowDebug,
            environment: ["NNBENCH_OPENBLAS_CORE": "keep", "OPENBLAS_CORETYPE": nil])
        #expect(r.status == 0, "\(r)")
        #expect(!r.stderr.contains("re-running with"), "\(r.stderr)")
    }
}
