import NNResults
import NNVocabulary

// MARK: - Results of nnbench and its peers, made by hand for tests of judging and rendering

/// Hand-made runs with nnbench's and peer frameworks' benchmarks (no measurement involved).
public enum PeerFixtures {
    /// `count` samples spread ±1% around `median` in a fixed order (median exactly `median` for
    /// odd counts, within 0.1% otherwise).
    public static func samples(_ median: Double, count: Int = 9) -> [Double] {
        (0..<count).map { i -> Double in
            let position = Double((i &* 4) % count) / Double(count - 1)   // a permutation of 0…1
            return median * (1 + 0.02 * (position - 0.5))
        }
    }

    /// One benchmark of `framework` in its mode `name` (class `modeClass`).
    public static func result(_ framework: Framework, _ name: String, _ modeClass: BenchmarkMode, median: Double,
                              firstStep: Double = 0.1, workload: String = "mlp", task: BenchmarkTask = .train,
                              batch: Int = 32, sequenceLength: Int = 0) -> BenchmarkResult {
        var b = BenchmarkResult(workload: workload, mode: modeClass, task: task, batch: batch, sequenceLength: sequenceLength,
                                samplesNs: samples(median), stepsPerSample: 10, flopsPerStep: 1e6,
                                counters: [.warmupStable: 1, .samples: 9],
                                phases: [.firstStep: firstStep, .firstStepMin: firstStep * 0.95, .firstStepMax: firstStep * 1.05],
                                firstLoss: 2.3)
        b.setPeer(framework, mode: name, version: framework == .nnbench ? "" : "1.2.3")
        // Three workers of three rounds each (every mode the same rounds: paired), and five
        // fresh-session first steps spread ±5% around `firstStep`.
        b.sampleWorkers = b.samplesNs.indices.map { $0 / 3 }
        b.sampleRounds = b.samplesNs.indices.map { $0 % 3 }
        b.firstStepSamples = [0.95, 0.975, 1, 1.025, 1.05].map { $0 * firstStep }
        return b
    }

    /// The environment both kinds of run share in tests (`workloadHashes` of mlp, lstm, lstm-stream).
    public static func environment(date: String = "2026-12-01T00:00:00Z", peers: Bool = false) -> Environment {
        Environment(nnbenchVersion: peers ? "peers" : "0.1.0", commit: "0123456789abcdef0123456789abcdef01234567",
                    dirty: false, date: date, host: "host", cpuModel: "AMD EPYC", cores: 2, os: "Linux",
                    swiftVersion: peers ? "" : "6.3", buildConfiguration: "release",
                    openblasConfig: peers ? "" : "OpenBLAS 0.3.21", openblasCoreName: peers ? "" : "Cooperlake",
                    openblasThreads: peers ? 0 : 2, openblasNumThreadsEnv: "", openblasCoretypeEnv: "",
                    sgemmPeakGflops: 0,
                    workloadHashes: ["mlp": String(repeating: "ab", count: 32), "lstm": String(repeating: "cd", count: 32),
                                     "lstm-stream": String(repeating: "ef", count: 32)])
    }

    public static let settings = MeasurementSettings(profile: "quick", warmupMaxSteps: 20, warmupMaxSeconds: 0.1,
                                                     minSampleSeconds: 0.002, samples: 9, seed: 1)

    /// A peers run (`scripts/peers`) of `benchmarks`, with the frameworks they use.
    public static func peersRun(_ benchmarks: [BenchmarkResult]) -> RunResult {
        var frameworks: [PeersEnvironment.FrameworkInfo] = []
        for b in benchmarks where !frameworks.contains(where: { $0.framework == b.framework }) {
            frameworks.append(.init(framework: b.framework, version: b.frameworkVersion, threadsSetting: "2 threads"))
        }
        let peers = PeersEnvironment(pythonVersion: "3.11.2", lossTolerance: 1e-5, referenceRun: "reference.h5",
                                     frameworks: frameworks)
        var s = settings
        s.threads = 2
        return RunResult(environment: environment(peers: true), settings: s, benchmarks: benchmarks, peers: peers)
    }

    /// An nnbench run of `benchmarks`.
    public static func nnbenchRun(_ benchmarks: [BenchmarkResult]) -> RunResult {
        RunResult(environment: environment(), settings: settings, benchmarks: benchmarks)
    }

    /// PyTorch at mlp b=32: eager 100 µs, TorchScript 80 µs, torch.compile 50 µs; first steps
    /// 0.1 s, 0.5 s, 5 s. C1, C3, C5 hold; C6 = (100 − 80) / (100 − 50) = 0.4 is refuted.
    public static let torch: [BenchmarkResult] = [
        result(.torch, "eager", .eager, median: 100_000, firstStep: 0.1),
        result(.torch, "torchscript", .static, median: 80_000, firstStep: 0.5),
        result(.torch, "compile", .fused, median: 50_000, firstStep: 5),
    ]

    /// nnbench at mlp b=32: eager 60 µs, static 40 µs, fused 30 µs (C6 = 20/30 ≈ 0.67 holds).
    public static let nnbench: [BenchmarkResult] = [
        result(.nnbench, "eager", .eager, median: 60_000, firstStep: 0.001),
        result(.nnbench, "static", .static, median: 40_000, firstStep: 0.01),
        result(.nnbench, "fused", .fused, median: 30_000, firstStep: 0.02),
    ]
}
