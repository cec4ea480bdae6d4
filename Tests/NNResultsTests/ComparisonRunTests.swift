import Foundation
import NNResults
import NNVocabulary
import Testing

// MARK: - Whole-run comparison: matching, exact counters, geometric mean, environments

@Suite("Comparison: runs")
struct ComparisonRunTests {
    static let steady = [100.0, 101, 99, 100, 102, 98, 100, 101, 99, 100]

    @Test("An exact counter that goes up by one is a regression, with identical timings")
    func exactCounterRegression() {
        let base = Fixture.run([Fixture.benchmark(samples: Self.steady, counters: [.allocationsPerStep: 12, .kernelsPerStep: 30])])
        let head = Fixture.run([Fixture.benchmark(samples: Self.steady, counters: [.allocationsPerStep: 13, .kernelsPerStep: 30])])
        let c = Comparison.compare(base: base, head: head)
        #expect(c.timings.map(\.verdict) == [.noChange])
        #expect(c.counterChanges.count == 1, "equal counters are not listed")
        #expect(c.counterRegressions.map(\.counter) == [.allocationsPerStep])
        #expect(c.counterRegressions.first?.base == 12 && c.counterRegressions.first?.head == 13)
        #expect(c.regressed)
    }

    @Test("A counter that goes down is an improvement, not a regression; unlisted counters are ignored")
    func counterImprovement() {
        let base = Fixture.run([Fixture.benchmark(samples: Self.steady, counters: [.gemmCallsPerStep: 6, .bytesPerStep: 100, .nodesFinal: 40])])
        let head = Fixture.run([Fixture.benchmark(samples: Self.steady, counters: [.gemmCallsPerStep: 4, .bytesPerStep: 900, .nodesFinal: 40])])
        let c = Comparison.compare(base: base, head: head)
        #expect(c.counterChanges.map(\.counter) == [.gemmCallsPerStep])
        #expect(c.counterChanges.allSatisfy { $0.improved })
        #expect(!c.regressed)
    }

    @Test("Benchmarks are matched by workload, mode, task, batch and length; the rest are listed apart")
    func matching() {
        let base = Fixture.run([
            Fixture.benchmark(mode: .eager, samples: Self.steady),
            Fixture.benchmark(mode: .static, samples: Self.steady),
            Fixture.benchmark("rnn", batch: 8, sequenceLength: 16, samples: Self.steady),
        ])
        let head = Fixture.run([
            Fixture.benchmark(mode: .eager, samples: Self.steady),
            Fixture.benchmark(mode: .fused, samples: Self.steady),
            Fixture.benchmark("rnn", batch: 8, sequenceLength: 32, samples: Self.steady),
        ])
        let c = Comparison.compare(base: base, head: head)
        #expect(c.timings.map(\.key.description) == ["mlp/eager/b32"])
        #expect(c.onlyInBase.map(\.description) == ["mlp/static/b32", "rnn/eager/b8_t16"])
        #expect(c.onlyInHead.map(\.description) == ["mlp/fused/b32", "rnn/eager/b8_t32"])
    }

    @Test("The geometric mean of head/base ratios: twice as slow and twice as fast cancel")
    func geometricMean() throws {
        let base = Fixture.run([Fixture.benchmark(mode: .eager, samples: Self.steady),
                                Fixture.benchmark(mode: .static, samples: Self.steady),
                                Fixture.benchmark(mode: .fused, samples: Self.steady)])
        let head = Fixture.run([Fixture.benchmark(mode: .eager, samples: Self.steady.map { $0 * 2 }),
                                Fixture.benchmark(mode: .static, samples: Self.steady.map { $0 / 2 }),
                                Fixture.benchmark(mode: .fused, samples: Self.steady.map { $0 * 1.5 })])
        let c = Comparison.compare(base: base, head: head)
        // (2 · 0.5 · 1.5)^(1/3)
        #expect(abs((c.geometricMeanRatio ?? 0) - pow(1.5, 1.0 / 3)) < 1e-12)
        let g = try #require(c.geometricMean)
        #expect(g.benchmarks == 3)
        #expect(g.low <= g.ratio && g.ratio <= g.high)
        // Each side varies by ±2% around its median, so the interval stays within a few percent.
        #expect(g.low > pow(1.5, 1.0 / 3) * 0.97 && g.high < pow(1.5, 1.0 / 3) * 1.03)
        #expect(Comparison.compare(base: base, head: Fixture.run([])).geometricMeanRatio == nil)
    }

    @Test("Identical environments give no warnings")
    func sameEnvironment() {
        #expect(EnvironmentDifference.between(Fixture.environment(), Fixture.environment(date: "2026-11-26T10:00:00Z")).isEmpty)
    }

    @Test("Another OpenBLAS core, thread count or workload file is a mismatch; another host a note")
    func environmentMismatch() {
        let a = Fixture.environment()
        var b = Fixture.environment(coreName: "SkylakeX", hashes: ["mlp": "def456", "cnn": "999"])
        b.openblasThreads = 1
        b.host = "laptop"
        let diffs = EnvironmentDifference.between(a, b)
        let mismatches = diffs.filter { $0.severity == .mismatch }.map(\.field)
        #expect(mismatches == ["OpenBLAS core", "OpenBLAS threads", "workload mlp file hash"])
        #expect(diffs.filter { $0.severity == .note }.map(\.field) == ["host"])
        #expect(diffs.first.map(\.description) == "OpenBLAS core: Haswell → SkylakeX")
        let c = Comparison.compare(base: Fixture.run([], environment: a), head: Fixture.run([], environment: b))
        #expect(c.environmentMismatches.count == 3)
    }

    @Test("OPENBLAS_CORETYPE unset on one side is a mismatch shown as 'unset'")
    func coretypeUnset() {
        var b = Fixture.environment()
        b.openblasCoretypeEnv = ""
        let diffs = EnvironmentDifference.between(Fixture.environment(), b)
        #expect(diffs.map(\.description) == ["OPENBLAS_CORETYPE: Haswell → unset"])
        #expect(diffs.first?.severity == .mismatch)
    }

    @Test("Kernels compiled for other instructions are a note (a build difference, like the compiler); unknown on one side is no difference")
    func kernelISA() {
        var a = Fixture.environment(), b = Fixture.environment()
        a.kernelISA = "baseline"; b.kernelISA = "avx2+fma"
        #expect(EnvironmentDifference.between(a, b).map(\.description) == ["kernel ISA: baseline → avx2+fma"])
        #expect(EnvironmentDifference.between(a, b).first?.severity == .note)
        a.kernelISA = ""
        #expect(EnvironmentDifference.between(a, b).isEmpty)
    }
}
