import Foundation
import NNResults
import NNVocabulary
import Testing

// MARK: - Records of several workers: merging, spread, comparability, pooling

@Suite("Worker records, comparability and pooling")
struct WorkerRecordsTests {
    static func part(_ samples: [Double], disturbed: [Bool]? = nil, retaken: Int = 0) -> BenchmarkResult {
        var b = Fixture.benchmark(samples: samples, counters: [.kernelsPerStep: 20])
        b.sampleRounds = Array(samples.indices)
        b.sampleDisturbed = disturbed ?? samples.map { _ in false }
        b.roundsTotal = samples.count
        b.roundsDisturbed = b.sampleDisturbed.filter { $0 }.count
        b.roundsRetaken = retaken
        b.workers = 1
        b.threads = 2
        return b
    }

    @Test("Merging workers keeps each sample's worker and round, sums the round counts")
    func merge() {
        let m = BenchmarkResult.merged([Self.part([1, 2, 3]), Self.part([4, 5], disturbed: [false, true], retaken: 1)])
        #expect(m.samplesNs == [1, 2, 3, 4, 5])
        #expect(m.sampleWorkers == [0, 0, 0, 1, 1])
        #expect(m.sampleRounds == [0, 1, 2, 0, 1])
        #expect(m.sampleDisturbed == [false, false, false, false, true])
        #expect(m.workers == 2 && m.roundsTotal == 5 && m.roundsDisturbed == 1 && m.roundsRetaken == 1)
        #expect(m.counters[.samples] == 5)
        #expect(m.disturbanceText == "1 of 5 rounds disturbed (1 re-taken)")
    }

    @Test("Workers whose medians differ by more than the policy's fraction are flagged; agreeing ones are not")
    func disagreement() throws {
        let apart = BenchmarkResult.merged([Self.part([500, 505, 495]), Self.part([1080, 1090, 1100])])
        let s = try #require(WorkerSpread(apart))
        #expect(s.disagree)
        #expect(s.warning()?.contains("> 10%") == true)
        let loose = StatisticsPolicy(workerDisagreement: 2.5)
        #expect(WorkerSpread(apart, policy: loose)?.disagree == false)
        let close = BenchmarkResult.merged([Self.part([500, 505, 495]), Self.part([510, 500, 505])])
        #expect(WorkerSpread(close)?.warning() == nil)
    }

    @Test("A worker that drifts within itself is flagged")
    func drift() throws {
        let drifting = BenchmarkResult.merged([Self.part([100, 101, 99, 130, 131, 129])])
        #expect(try #require(WorkerSpread(drifting)).drifting)
    }

    static func run(profile: String = "standard", threads: Int = 2, peak: Double = 250, sampleSeconds: Double = 0.01) -> RunResult {
        var env = Fixture.environment()
        env.sgemmPeakGflops = peak
        var settings = MeasurementSettings(profile: profile, warmupMaxSteps: 100, warmupMaxSeconds: 1,
                                           minSampleSeconds: sampleSeconds, samples: 15, seed: 42)
        settings.threads = threads
        return RunResult(environment: env, settings: settings, benchmarks: [Self.part([1, 2, 3])])
    }

    @Test("Different profiles, sample lengths, thread counts or sgemm peaks > 25% apart are mismatches")
    func comparability() {
        func mismatches(_ a: RunResult, _ b: RunResult) -> [String] {
            EnvironmentDifference.between(runs: a, b).filter { $0.severity == .mismatch }.map(\.field)
        }
        #expect(mismatches(Self.run(), Self.run()).isEmpty)
        #expect(mismatches(Self.run(), Self.run(profile: "quick")) == ["profile"])
        #expect(mismatches(Self.run(), Self.run(sampleSeconds: 0.002)) == ["sample length"])
        #expect(mismatches(Self.run(), Self.run(threads: 1)) == ["threads"])
        #expect(mismatches(Self.run(peak: 161), Self.run(peak: 42)).first?.hasPrefix("sgemm peak") == true)
        #expect(mismatches(Self.run(peak: 250), Self.run(peak: 220)).isEmpty)
    }

    @Test("Pooling refuses runs measured differently, naming the run")
    func poolingRefuses() {
        #expect(throws: PoolingError.self) {
            try RunResult.pooled(checking: [("a.h5", Self.run()), ("b.h5", Self.run(threads: 1))])
        }
        do {
            _ = try RunResult.pooled(checking: [("a.h5", Self.run()), ("b.h5", Self.run(profile: "quick"))])
        } catch {
            #expect(error.description.hasPrefix("b.h5: "))
        }
    }

    @Test("Pooling keeps each run's workers as separate units")
    func poolingRenumbers() throws {
        var a = Self.run(), b = Self.run()
        a.benchmarks = [BenchmarkResult.merged([Self.part([1, 2]), Self.part([3, 4])])]
        b.benchmarks = [BenchmarkResult.merged([Self.part([5, 6]), Self.part([7, 8])])]
        let p = try RunResult.pooled(checking: [("a", a), ("b", b)])
        #expect(p.benchmarks[0].sampleWorkers == [0, 0, 1, 1, 2, 2, 3, 3])
        #expect(p.benchmarks[0].workerCount == 4)
    }

    @Test("Thread count is part of the benchmark key")
    func threadsInKey() {
        var one = Self.part([1, 2, 3]), two = Self.part([1, 2, 3])
        one.threads = 1; two.threads = 2
        #expect(BenchmarkKey(one) != BenchmarkKey(two))
    }

    @Test("% of sgemm peak: each worker's GFLOP/s over its own peak, median over workers; the run's peak when a worker has none")
    func percentOfWorkerPeak() {
        // 1e6 flops a step: worker 0 at 10 µs (100 GFLOP/s), worker 1 at 20 µs (50 GFLOP/s).
        var b = Fixture.benchmark(samples: [10_000, 10_000, 20_000, 20_000])
        b.sampleWorkers = [0, 0, 1, 1]
        // Worker 0's process reached 200 GFLOP/s of sgemm, worker 1's only 100: both at 50%.
        #expect(Summary(b, peakGflops: 150, workerPeaks: [200, 100]).percentOfPeak == 50)
        // Against the one run peak: the median step (15 µs, 66.7 GFLOP/s) over 150.
        let whole = 100 * (1e6 / 15_000) / 150
        #expect(abs((Summary(b, peakGflops: 150).percentOfPeak ?? 0) - whole) < 1e-9)
        #expect(abs((Summary(b, peakGflops: 150, workerPeaks: [200]).percentOfPeak ?? 0) - whole) < 1e-9)
        #expect(Summary(b, peakGflops: 0).percentOfPeak == nil)
    }
}
