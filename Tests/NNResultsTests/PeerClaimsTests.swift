import NNResults
import NNVocabulary
import Testing
import TestSupport

// MARK: - Claims judged per framework, on each framework's modes by their class

@Suite("Claims per framework")
struct PeerClaimsTests {
    typealias F = PeerFixtures

    @Test("nnbench's and PyTorch's modes of one benchmark are judged apart, each against its own eager")
    func perFramework() {
        let run = F.nnbenchRun(F.nnbench + F.torch)
        let c6 = Claims.evaluate(run).filter { $0.claim == "C6" }
        #expect(c6.map(\.framework) == [.nnbench, .torch])
        #expect(c6.map(\.verdict) == [.supported, .refuted])
        #expect(abs(c6[1].effect.estimate - 0.4) < 1e-9, "C6 is the TorchScript claim: (100 − 80) / (100 − 50)")
        #expect(abs(c6[0].effect.estimate - 2.0 / 3) < 1e-9)
        let c1 = Claims.evaluate(run).filter { $0.claim == "C1" }
        #expect(c1.map(\.effect.estimate) == [1.5, 1.25])
    }

    @Test("two modes of one class (JAX jit and scan) are each judged, and named")
    func variants() {
        let jax = [F.result(.jax, "opbyop", .eager, median: 900_000, firstStep: 0.2, workload: "lstm", batch: 16, sequenceLength: 32),
                   F.result(.jax, "jit", .fused, median: 100_000, firstStep: 8, workload: "lstm", batch: 16, sequenceLength: 32),
                   F.result(.jax, "scan", .fused, median: 300_000, firstStep: 2, workload: "lstm", batch: 16, sequenceLength: 32)]
        let c5 = Claims.evaluate(F.peersRun(jax)).filter { $0.claim == "C5" }
        #expect(c5.map(\.variant) == ["jax.jit", "jax.scan"])
        #expect(c5.map(\.label) == ["lstm/b16_t32 (jax.jit)", "lstm/b16_t32 (jax.scan)"])
        #expect(c5.map(\.verdict) == [.supported, .supported])
        let rows = Claims.breakEven(F.peersRun(jax))
        #expect(rows.map(\.modeLabel) == ["jax.jit", "jax.scan"])
    }

    @Test("C7 weighs every strategy of a framework, two of one class included")
    func streamStrategies() {
        func s(_ name: String, _ cls: BenchmarkMode, _ median: Double) -> BenchmarkResult {
            F.result(.jax, name, cls, median: median, workload: "lstm-stream", task: .stream, batch: 16, sequenceLength: 64)
        }
        // scan+pad beats op-by-op; jit+pad (same class, listed first) does not.
        let run = F.peersRun([s("opbyop", .eager, 2e9), s("jit+pad", .fusedPadded, 3e9), s("scan+pad", .fusedPadded, 1e9)])
        let c7 = Claims.evaluate(run).filter { $0.claim == "C7" }
        #expect(c7.count == 1)
        #expect(c7.first?.verdict == .refuted)
        #expect(c7.first?.note.hasPrefix("jax.scan+pad beats eager") == true, "\(c7)")
    }

    @Test("the benchmark key holds the framework mode: nnbench's eager and PyTorch's eager differ")
    func keys() {
        let a = BenchmarkKey(F.nnbench[0]), b = BenchmarkKey(F.torch[0])
        #expect(a != b && a.mode == b.mode)
        #expect(a.description == "mlp/eager/b32" && b.description == "mlp/torch.eager/b32")
        #expect(F.torch[1].groupPath == "/benchmarks/mlp/torch.torchscript/b32")
        #expect(F.torch[1].frameworkMode == FrameworkMode(framework: .torch, name: "torchscript", modeClass: .static))
        #expect(a < b, "nnbench sorts before its peers")
    }
}

// MARK: - The combined view's numbers

@Suite("nnbench beside its peers")
struct PeerComparisonTests {
    typealias F = PeerFixtures

    @Test("every mode's median over the fastest PEER's, nnbench's own faster modes not counted as peers")
    func ratios() throws {
        let tf = [F.result(.tensorflow, "eager", .eager, median: 400_000), F.result(.tensorflow, "xla", .fused, median: 40_000)]
        let merged = try PeerComparison.combine([("n.h5", F.nnbenchRun(F.nnbench)), ("p.h5", F.peersRun(F.torch + tf))])
        let tables = PeerComparison.tables(merged)
        #expect(tables.count == 1)
        let t = try #require(tables.first)
        #expect(t.fastestPeer == FrameworkMode(framework: .tensorflow, name: "xla", modeClass: .fused))
        #expect(t.rows.map(\.result.modeLabel) == ["eager", "static", "fused", "torch.eager", "torch.torchscript",
                                                   "torch.compile", "tensorflow.eager", "tensorflow.xla"])
        let fused = try #require(t.row(FrameworkMode(nnbench: .fused))?.versusFastestPeer)
        #expect(abs(fused.estimate - 0.75) < 1e-9)
        #expect(fused.low <= 0.75 && 0.75 <= fused.high)
        #expect(t.row(FrameworkMode(framework: .tensorflow, name: "xla", modeClass: .fused))?.versusFastestPeer?.estimate == 1)
    }

    @Test("a benchmark in two files, or a workload from two workload files, is refused naming the file")
    func refusals() {
        #expect(throws: CombineError(file: "b.h5", reason: "/benchmarks/mlp/torch.eager/b32 is also in a.h5: give each framework's results once")) {
            try PeerComparison.combine([("a.h5", F.peersRun(F.torch)), ("b.h5", F.peersRun([F.torch[0]]))])
        }
        var other = F.peersRun(F.torch)
        other.environment.workloadHashes["mlp"] = String(repeating: "00", count: 32)
        #expect(throws: CombineError(file: "p.h5", reason: "/workloads/mlp: made from another version of the workload file than n.h5")) {
            try PeerComparison.combine([("n.h5", F.nnbenchRun(F.nnbench)), ("p.h5", other)])
        }
    }

    @Test("without peers there is no fastest peer and no ratio")
    func nnbenchAlone() throws {
        let t = try #require(PeerComparison.tables(F.nnbenchRun(F.nnbench)).first)
        #expect(t.fastestPeer == nil && t.rows.allSatisfy { $0.versusFastestPeer == nil })
    }
}
