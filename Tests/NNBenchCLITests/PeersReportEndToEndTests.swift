import Foundation
import NNReport
import NNResults
import Testing
import TestSupport

// MARK: - nnbench report with peers files: one file, and several files as one view

@Suite("nnbench report with peers (end to end)")
final class PeersReportEndToEndTests {
    typealias F = PeerFixtures
    let dir: String

    init() throws { dir = try scratchDirectory("peers-cli") }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    /// Writes `run` to `<dir>/<name>` and returns the path.
    func file(_ name: String, _ run: RunResult) throws -> String {
        let path = dir + "/" + name
        try HDF5Store.write(run, to: path)
        return path
    }

    @Test("a peers file renders with its claims per framework; --out writes it with its charts")
    func onePeersFile() throws {
        let p = try file("p-peers.h5", F.peersRun(F.torch))
        let r = try nnbench(["report", p])
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("## Claims: PyTorch") && r.stdout.contains("| C6 | `mlp/b32` | ✗ refuted |"))
        let out = try nnbench(["report", p, "--out", dir + "/p.md"])
        #expect(out.status == 0, "\(out)")
        #expect(out.stdout == "wrote \(dir)/p.md\nwrote \(dir)/p-speedup.svg\nwrote \(dir)/p-scaling.svg\n")
    }

    @Test("nnbench.h5 peers.h5 renders one combined view; --out writes it")
    func combinedView() throws {
        let n = try file("n.h5", F.nnbenchRun(F.nnbench)), p = try file("p-peers.h5", F.peersRun(F.torch))
        let r = try nnbench(["report", n, p])
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.hasPrefix("# nnbench beside PyTorch\n"))
        #expect(r.stdout.contains("## nnbench against the fastest peer") && r.stdout.contains("1× (fastest peer)"))
        let out = try nnbench(["report", n, p, "--out", dir + "/both.md"])
        #expect(out.status == 0 && out.stdout == "wrote \(dir)/both.md\n", "\(out)")
        #expect((try? String(contentsOfFile: dir + "/both.md", encoding: .utf8)) == r.stdout)
    }

    @Test("files that cannot be viewed together: one line naming the file, exit 1, nothing written")
    func clash() throws {
        let p = try file("p-peers.h5", F.peersRun(F.torch))
        let r = try nnbench(["report", p, p, "--out", dir + "/x.md"])
        #expect(r.status == 1 && r.stdout.isEmpty)
        #expect(r.stderrLines == ["nnbench: error: \(p): /benchmarks/mlp/torch.eager/b32 is also in \(p): give each framework's results once"])
        #expect(!FileManager.default.fileExists(atPath: dir + "/x.md"))
        let missing = try nnbench(["report", p, dir + "/none.h5"])
        #expect(missing.status == 1 && missing.stderrLines.count == 1 && missing.stderr.contains("none.h5"))
    }
}
