import NNVocabulary
import Foundation
import NNResults

// MARK: - Synthetic runs with realistic timing noise, for the comparison tests

/// Builders of `RunResult`s whose samples come from a known distribution.
enum Fixture {
    /// An environment as a release run on the CI machine would record it.
    static func environment(date: String = "2026-11-25T10:00:00Z", commit: String = "aaaaaaa000000000000000000000000000000000",
                            coreName: String = "Haswell", hashes: [String: String] = ["mlp": "abc123"]) -> Environment {
        Environment(nnbenchVersion: "0.1.0", commit: commit, dirty: false, date: date, host: "ci-1",
                    cpuModel: "AMD EPYC 9R45", cores: 2, os: "Debian 12", swiftVersion: "6.3",
                    buildConfiguration: "release", openblasConfig: "OpenBLAS 0.3.21", openblasCoreName: coreName,
                    openblasThreads: 2, openblasNumThreadsEnv: "", openblasCoretypeEnv: "Haswell",
                    sgemmPeakGflops: 250, workloadHashes: hashes)
    }

    static let settings = MeasurementSettings(profile: "standard", warmupMaxSteps: 100, warmupMaxSeconds: 1,
                                              minSampleSeconds: 0.01, samples: 15, seed: 42)

    static func run(_ benchmarks: [BenchmarkResult], environment: Environment = environment()) -> RunResult {
        RunResult(environment: environment, settings: settings, benchmarks: benchmarks)
    }

    static func benchmark(_ workload: String = "mlp", mode: BenchmarkMode = .eager, batch: Int = 32, sequenceLength: Int = 0,
                          samples: [Double], counters: [Counter: Double] = [:]) -> BenchmarkResult {
        BenchmarkResult(workload: workload, mode: mode, task: .train, batch: batch, sequenceLength: sequenceLength,
                        samplesNs: samples, stepsPerSample: 10, flopsPerStep: 1e6, counters: counters)
    }

    /// `count` samples around `median` nanoseconds: lognormal with relative spread `sigma`, plus
    /// an outlier (1.2 to 1.6 times slower, as a preempted sample) with probability `outliers`.
    static func samples(_ count: Int, median: Double, sigma: Double = 0.03, outliers: Double = 0.05,
                        rng: inout Xoshiro) -> [Double] {
        (0..<count).map { _ in
            var x = median * exp(sigma * normal(&rng))
            if uniform(&rng) < outliers { x *= 1.2 + 0.4 * uniform(&rng) }
            return x
        }
    }

    static func uniform(_ rng: inout Xoshiro) -> Double { Double(rng.next() >> 11) / Double(1 << 53) }

    /// A standard normal deviate (Box-Muller).
    static func normal(_ rng: inout Xoshiro) -> Double {
        let u1 = max(uniform(&rng), 1e-300), u2 = uniform(&rng)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
