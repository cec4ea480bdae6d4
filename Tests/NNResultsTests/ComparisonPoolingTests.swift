import Foundation
import NNResults
import NNVocabulary
import Testing

// MARK: - Pooling repeated runs of one build

@Suite("Comparison: pooling runs")
struct ComparisonPoolingTests {
    @Test("Samples of the same benchmark are concatenated in run order; others are kept once")
    func pooled() {
        let r1 = Fixture.run([Fixture.benchmark(mode: .eager, samples: [1, 2, 3], counters: [.kernelsPerStep: 7]),
                              Fixture.benchmark(mode: .static, samples: [10, 11])],
                             environment: Fixture.environment(date: "2026-11-25T01:00:00Z", hashes: ["mlp": "h1"]))
        let r2 = Fixture.run([Fixture.benchmark(mode: .eager, samples: [4, 5], counters: [.kernelsPerStep: 7]),
                              Fixture.benchmark("cnn", mode: .fused, samples: [20])],
                             environment: Fixture.environment(date: "2026-11-25T02:00:00Z", hashes: ["cnn": "h2"]))
        let p = RunResult.pooled([r1, r2])
        #expect(p.benchmarks.map { BenchmarkKey($0).description } == ["mlp/eager/b32", "mlp/static/b32", "cnn/fused/b32"])
        #expect(p.benchmarks[0].samplesNs == [1, 2, 3, 4, 5])
        #expect(p.benchmarks[0].sampleWorkers == [0, 0, 0, 1, 1], "each run's process stays its own unit")
        #expect(p.benchmarks[0].counters == [.kernelsPerStep: 7])
        #expect(p.benchmarks[1].samplesNs == [10, 11])
        #expect(p.environment.date == "2026-11-25T02:00:00Z")
        #expect(p.environment.workloadHashes == ["mlp": "h1", "cnn": "h2"])
        #expect(p.settings.samples == 5)
    }

    @Test("Each worker's sgemm peak is kept in worker order when runs are pooled; one run without them drops them all")
    func workerPeaks() {
        var a = Fixture.run([Fixture.benchmark(samples: [1, 2, 3, 4])]), b = Fixture.run([Fixture.benchmark(samples: [5, 6])])
        a.benchmarks[0].sampleWorkers = [0, 0, 1, 1]
        a.environment.sgemmPeakWorkers = [150, 200]
        b.environment.sgemmPeakWorkers = [100]
        let p = RunResult.pooled([a, b])
        #expect(p.benchmarks[0].sampleWorkers == [0, 0, 1, 1, 2, 2])
        #expect(p.environment.sgemmPeakWorkers == [150, 200, 100])
        #expect(p.environment.sgemmPeakGflops == 150)
        b.environment.sgemmPeakWorkers = []
        #expect(RunResult.pooled([a, b]).environment.sgemmPeakWorkers == [])
    }

    @Test("Pooling one run changes nothing but the sample count setting and the filled-in worker and round indices")
    func single() {
        let r = Fixture.run([Fixture.benchmark(samples: [1, 2, 3])])
        var expected = r
        expected.settings.samples = 3
        expected.benchmarks[0].sampleWorkers = [0, 0, 0]
        expected.benchmarks[0].sampleRounds = [0, 1, 2]
        expected.benchmarks[0].sampleDisturbed = [false, false, false]
        #expect(RunResult.pooled([r]) == expected)
        // One side of a lockstep measurement stays that side; two runs pooled are no side.
        var side = r
        side.interleave = Interleave(id: "x", side: "against-1", sides: ["head", "against-1"])
        #expect(RunResult.pooled([side]).interleave == side.interleave)
        #expect(RunResult.pooled([side, side]).interleave == nil)
    }
}
