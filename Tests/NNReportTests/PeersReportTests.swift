import Foundation
import NNReport
import NNResults
import NNVocabulary
import Testing
import TestSupport

// MARK: - Peers in the HDF5 file and in the reports

@Suite("Peers: files and reports")
final class PeersReportTests {
    typealias F = PeerFixtures
    let dir: String

    init() throws { dir = try scratchDirectory("peers") }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    @Test("a peers run reads back identical: framework, its mode name, class, version, peers' root facts")
    func roundTrip() throws {
        let jaxStream = F.result(.jax, "scan+pad", .fusedPadded, median: 1e9, workload: "lstm-stream", task: .stream,
                                 batch: 16, sequenceLength: 64)
        let run = F.peersRun(F.torch + [jaxStream])
        let path = dir + "/p.h5"
        try HDF5Store.write(run, to: path)
        let back = try HDF5Store.read(path: path)
        #expect(back == run)
        #expect(back.benchmarks.map(\.groupPath) == ["/benchmarks/mlp/torch.eager/b32", "/benchmarks/mlp/torch.torchscript/b32",
                                                      "/benchmarks/mlp/torch.compile/b32", "/benchmarks/lstm-stream/jax.scan+pad/b16_t64"])
        #expect(back.peers?.frameworks.map(\.framework) == [.torch, .jax])
    }

    @Test("nnbench's own groups say framework nnbench, their class, and the run's nnbench version")
    func nnbenchGroups() throws {
        let path = dir + "/n.h5"
        try HDF5Store.write(F.nnbenchRun(F.nnbench), to: path)
        let back = try HDF5Store.read(path: path)
        #expect(back.benchmarks.allSatisfy { $0.framework == .nnbench && $0.peerMode == nil && $0.frameworkVersion.isEmpty })
        #expect(back.benchmarks.map(\.groupPath) == ["/benchmarks/mlp/eager/b32", "/benchmarks/mlp/static/b32", "/benchmarks/mlp/fused/b32"])
        if Tools.hasH5dump {
            let dump = try #require(Tools.run(["h5dump", "-A", "-g", "/benchmarks/mlp/fused/b32", path]))
            for attribute in ["framework", "framework_version", "framework_mode", "mode_class"] {
                #expect(dump.output.contains("ATTRIBUTE \"\(attribute)\""), "\(attribute)")
            }
            #expect(dump.output.contains("\"nnbench\"") && dump.output.contains("\"0.1.0\""))
        }
    }

    @Test("a peers run's report: frameworks' versions, its modes by name, the claims judged per framework")
    func peersReport() {
        let md = MarkdownReport.render(F.peersRun(F.torch))
        #expect(md.hasPrefix("# peers run 2026-12-01T00:00:00Z"))
        #expect(md.contains("| PyTorch | 1.2.3 (2 threads) |"))
        #expect(md.contains("| `mlp/torch.torchscript/b32` | 80.0 [79.4, 80.6] | 1.25× |"))
        #expect(md.contains("## Claims: PyTorch\n\nModes judged as: `torch.eager` = eager, `torch.torchscript` = static, `torch.compile` = fused."))
        #expect(!md.contains("## Claims: nnbench") && !md.contains("OpenBLAS"))
        #expect(md.contains("| C6 | `mlp/b32` | ✗ refuted | (eager − static) / (eager − fused), per-round differences | 0.400"))
        #expect(md.contains("| C1 | `mlp/b32` | ✓ supported | eager / static step time (median of per-round ratios) | 1.25"))
        #expect(md.contains("| `mlp/torch/b32` | ✓ 1.25 | ✓ 1.60 | ✗ 1.25 | ✓ 5.00 | ✗ 0.400 |"), "the verdict matrix names the framework")
    }

    @Test("nnbench's own report is unchanged by peers support: one claims section, no framework names")
    func nnbenchReport() {
        let md = MarkdownReport.render(F.nnbenchRun(F.nnbench))
        #expect(md.hasPrefix("# nnbench run ") && md.contains("\n## Claims\n") && !md.contains("## Claims:"))
    }

    @Test("the combined view: every framework's modes beside nnbench's, ratios to the fastest peer, claims per framework")
    func combined() throws {
        let text = try CombinedReport.render([("n.h5", F.nnbenchRun(F.nnbench)), ("p.h5", F.peersRun(F.torch))])
        #expect(text.hasPrefix("# nnbench beside PyTorch\n"))
        #expect(text.contains("| `mlp/b32` | torch.compile | 50.0 µs | 0.600× ["))
        #expect(text.contains("| nnbench | fused | fused | 30.0 µs ["))
        #expect(text.contains("| PyTorch 1.2.3 | torch.compile | fused | 50.0 µs [") && text.contains("| 1× (fastest peer) |"))
        #expect(text.contains("| PyTorch 1.2.3 | torch.eager | eager | 100 µs [") && text.contains("| 2.00× ["))
        #expect(text.contains("| 0.600× [0.594, 0.606] (fused) | 0.600× ["), "nnbench eager / PyTorch eager = 60 / 100")
        #expect(text.contains("| claim | benchmark | nnbench | PyTorch |"))
        #expect(text.contains("| C6 | `mlp/b32` | ✓ supported 0.667 | ✗ refuted 0.400 |"))
    }
}
