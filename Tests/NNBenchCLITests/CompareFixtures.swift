import NNVocabulary
import Foundation
import NNResults
import NNReport

// MARK: - Crafted result files for the compare/check/history tests

enum CompareFixture {
    static func environment(date: String, coreName: String = "Haswell", commit: String = "0123456789abcdef0123456789abcdef01234567") -> Environment {
        Environment(nnbenchVersion: "0.1.0", commit: commit, dirty: false, date: date, host: "ci-1",
                    cpuModel: "AMD EPYC 9R45", cores: 2, os: "Debian 12", swiftVersion: "6.3",
                    buildConfiguration: "release", openblasConfig: "OpenBLAS 0.3.21", openblasCoreName: coreName,
                    openblasThreads: 2, openblasNumThreadsEnv: "", openblasCoretypeEnv: "",
                    sgemmPeakGflops: 250, workloadHashes: ["mlp": "abc123"])
    }

    /// Low-noise samples around `median` (±0.5%, deterministic).
    static func samples(_ median: Double) -> [Double] {
        (0..<15).map { i in median * (1 + 0.005 * sin(Double(i) * 2.4)) }
    }

    /// A run of the mlp workload in eager and static mode at `scale` times 1 ms and 0.5 ms.
    static func run(date: String, scale: Double = 1, allocations: Double = 40, coreName: String = "Haswell") -> RunResult {
        let settings = MeasurementSettings(profile: "quick", warmupMaxSteps: 10, warmupMaxSeconds: 1,
                                           minSampleSeconds: 0.01, samples: 15, seed: 42)
        let benchmarks = [
            BenchmarkResult(workload: "mlp", mode: .eager, task: .train, batch: 32, samplesNs: samples(1e6 * scale),
                            stepsPerSample: 10, flopsPerStep: 1e8, counters: [.allocationsPerStep: allocations, .kernelsPerStep: 20]),
            BenchmarkResult(workload: "mlp", mode: .static, task: .train, batch: 32, samplesNs: samples(5e5 * scale),
                            stepsPerSample: 10, flopsPerStep: 1e8, counters: [.allocationsPerStep: 0, .kernelsPerStep: 20]),
        ]
        return RunResult(environment: environment(date: date, coreName: coreName), settings: settings, benchmarks: benchmarks)
    }

    /// Writes `run` to `dir/name` and returns the path.
    @discardableResult
    static func write(_ run: RunResult, _ dir: String, _ name: String) throws -> String {
        let path = dir + "/" + name
        try HDF5Store.write(run, to: path)
        return path
    }
}
