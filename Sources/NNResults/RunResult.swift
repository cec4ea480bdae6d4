import NNVocabulary

// MARK: - Results: plain data, produced by the runner, judged by comparison, rendered by reporters

/// The version of the result layout written to HDF5 (see Results/README.md). Version 2 changed
/// what counters mean (launches, FLOPs of the unfused maths, eager peak memory), so version 1
/// files are refused rather than compared.
public let resultSchemaVersion = 2

/// Everything one `nnbench run` measured: enough to recompute every table later.
public struct RunResult: Codable, Sendable, Equatable {
    public var schemaVersion: Int
    public var environment: Environment
    public var settings: MeasurementSettings
    public var benchmarks: [BenchmarkResult]
    /// Inputs, initial parameters and first losses per workload and batch (`--save-tensors`),
    /// so the numbers can be re-checked in another framework; nil when not saved.
    public var tensors: [SavedTensors]?
    /// The conditions instruction counts were taken under; nil when none were counted.
    public var instructionHost: InstructionHost?
    /// What a peers run (`scripts/peers`, root attribute `kind` = `peers`) records beside the
    /// environment; nil for nnbench's own runs.
    public var peers: PeersEnvironment?
    /// Which lockstep measurement this run was one side of (`nnbench run --against`); nil for a
    /// run measured on its own.
    public var interleave: Interleave?

    public init(schemaVersion: Int = resultSchemaVersion, environment: Environment,
                settings: MeasurementSettings, benchmarks: [BenchmarkResult], tensors: [SavedTensors]? = nil,
                instructionHost: InstructionHost? = nil, peers: PeersEnvironment? = nil, interleave: Interleave? = nil) {
        self.schemaVersion = schemaVersion
        self.environment = environment
        self.settings = settings
        self.benchmarks = benchmarks
        self.tensors = tensors
        self.instructionHost = instructionHost
        self.peers = peers
        self.interleave = interleave
    }
}

/// The machine, build and library facts a result was measured under.
public struct Environment: Codable, Sendable, Equatable {
    public var nnbenchVersion: String
    public var commit: String          // full hash, or "unknown" outside a git checkout
    public var dirty: Bool             // uncommitted changes in the work tree
    public var date: String            // ISO 8601, UTC, when the run started
    public var host: String
    public var cpuModel: String
    public var cores: Int
    public var os: String
    public var swiftVersion: String
    public var buildConfiguration: String   // "release" or "debug"
    public var openblasConfig: String       // openblas_get_config()
    public var openblasCoreName: String     // openblas_get_corename()
    public var openblasThreads: Int         // openblas_get_num_threads()
    public var openblasNumThreadsEnv: String  // OPENBLAS_NUM_THREADS as set, "" when unset
    public var openblasCoretypeEnv: String    // OPENBLAS_CORETYPE as set, "" when unset
    public var sgemmPeakGflops: Double        // measured at start of the run, 0 when not measured
    /// The core OpenBLAS chose on its own ("" when the user set OPENBLAS_CORETYPE).
    public var openblasCoreDetected: String = ""
    /// Who chose the core in use: "openblas" (its own choice), "nnbench" (it replaced a
    /// fallback, see the CLI's CoreSelection) or "user" (OPENBLAS_CORETYPE set by the user).
    public var openblasCoreChoice: String = "openblas"
    public var workloadHashes: [String: String]  // workload name → SHA-256 of its file
    /// What nnbench did about the placement of OpenBLAS's threads against the measuring thread
    /// (root attribute `openblas_affinity`; "" when not recorded).
    public var openblasAffinity = ""
    /// The vector instructions nnbench's own kernels were compiled for (`avx2+fma`, `baseline`;
    /// root attribute `kernel_isa`, "" in files from before it was recorded).
    public var kernelISA = ""
    /// Each worker process's own sgemm peak (GFLOP/s), in worker order; `sgemmPeakGflops` is
    /// then their median. Empty when the peak was measured once, in the coordinating process
    /// (`run --against`, and files from before; root dataset `sgemm_peak_workers_gflops`).
    public var sgemmPeakWorkers: [Double] = []

    public init(nnbenchVersion: String, commit: String, dirty: Bool, date: String, host: String,
                cpuModel: String, cores: Int, os: String, swiftVersion: String,
                buildConfiguration: String, openblasConfig: String, openblasCoreName: String,
                openblasThreads: Int, openblasNumThreadsEnv: String, openblasCoretypeEnv: String,
                sgemmPeakGflops: Double, workloadHashes: [String: String]) {
        self.nnbenchVersion = nnbenchVersion; self.commit = commit; self.dirty = dirty
        self.date = date; self.host = host; self.cpuModel = cpuModel; self.cores = cores
        self.os = os; self.swiftVersion = swiftVersion; self.buildConfiguration = buildConfiguration
        self.openblasConfig = openblasConfig; self.openblasCoreName = openblasCoreName
        self.openblasThreads = openblasThreads; self.openblasNumThreadsEnv = openblasNumThreadsEnv
        self.openblasCoretypeEnv = openblasCoretypeEnv; self.sgemmPeakGflops = sgemmPeakGflops
        self.workloadHashes = workloadHashes
    }
}

extension Environment {
    /// The first 7 characters of a commit hash, or "nogit" (for file names and tables).
    public static func shortCommit(_ commit: String) -> String {
        commit == "unknown" ? "nogit" : String(commit.prefix(7))
    }
}

/// How samples were taken in a run.
public struct MeasurementSettings: Codable, Sendable, Equatable {
    public var profile: String          // "quick", "default", "thorough"
    public var warmupMaxSteps: Int
    public var warmupMaxSeconds: Double
    public var minSampleSeconds: Double
    public var samples: Int
    public var seed: UInt64
    /// Warm-up is settled when this many successive chunks agree within `warmupTolerance`
    /// (relative to their median). Not stored in result files (the schema predates it): a
    /// re-rendered report states the default.
    public var warmupWindow = 3
    public var warmupTolerance = 0.05
    /// Fresh worker processes each benchmark was measured in (root attribute `workers`); the
    /// worker is the unit of replication when runs are compared. `samples` is per worker.
    public var workers = 1
    /// OpenBLAS threads the workers ran with (root attribute `threads`).
    public var threads = 1

    public init(profile: String, warmupMaxSteps: Int, warmupMaxSeconds: Double,
                minSampleSeconds: Double, samples: Int, seed: UInt64) {
        self.profile = profile; self.warmupMaxSteps = warmupMaxSteps
        self.warmupMaxSeconds = warmupMaxSeconds; self.minSampleSeconds = minSampleSeconds
        self.samples = samples; self.seed = seed
    }
}

/// One benchmark: a workload in one mode at one batch size (and sequence length for RNNs), on
/// nnbench or on a peer framework.
public struct BenchmarkResult: Codable, Sendable, Equatable {
    public var workload: String
    /// The mode class: nnbench's mode, or the class a peer's mode maps to (see `frameworkMode`).
    public var mode: BenchmarkMode
    /// Whose code ran the step (`nnbench` for nnbench's own runs).
    public var framework: Framework = .nnbench
    /// A peer's own name for its mode (`torchscript`, `scan+pad`); nil for nnbench.
    public var peerMode: String?
    /// A peer's version (`2.13.0+cpu`); empty for nnbench (the run's `nnbenchVersion`).
    public var frameworkVersion: String = ""
    public var task: BenchmarkTask
    public var batch: Int
    public var sequenceLength: Int      // 0 where it does not apply
    /// Nanoseconds per step, one entry per sample (each sample averages `stepsPerSample` steps).
    public var samplesNs: [Double]
    public var stepsPerSample: Int
    /// Analytic floating-point operations of one step.
    public var flopsPerStep: Double
    /// Exact counters (per step, or per pass for streams); values are exact, not noisy.
    public var counters: [Counter: Double]
    /// Phase times in seconds.
    public var phases: [Phase: Double]
    /// The loss after the first step (0 for inference), for cross-mode sanity checks.
    public var firstLoss: Double
    /// Time to first step (seconds) of each fresh-session repeat, in the order taken.
    public var firstStepSamples: [Double]
    /// Streams only: warm passes (every length already compiled), nanoseconds per pass, beside
    /// the cold passes in `samplesNs`; with their workers and rounds like the cold ones.
    public var warmSamplesNs: [Double]
    public var warmSampleWorkers: [Int]
    public var warmSampleRounds: [Int]
    /// Training: the loss of the last step before sampling began (the end of warm-up) and of the
    /// last timed step, each on the batch of the cycle that step used; nil for inference,
    /// streams and older files.
    public var lossStart: Double? = nil
    public var lossEnd: Double? = nil
    /// Instructions per step counted under callgrind (see `InstructionHost`); nil when not counted.
    public var instructionsPerStep: Int?

    // Worker processes, rounds and interference (schema v2; see BenchmarkResult+Workers.swift).
    /// The worker process (0-based) of each sample; same count as `samplesNs`, empty = unknown.
    public var sampleWorkers: [Int] = []
    /// The round (within its worker) of each sample; equal (worker, round) in two modes of one
    /// benchmark = the same round, so those samples are paired. Empty = unknown.
    public var sampleRounds: [Int] = []
    /// Whether each sample's round was disturbed (and stayed so after its re-takes); empty = unknown.
    public var sampleDisturbed: [Bool] = []
    /// Worker processes that measured this benchmark (0 = unknown).
    public var workers = 0
    /// OpenBLAS threads this benchmark ran with: part of its key (0 = unknown).
    public var threads = 0
    /// Rounds taken over all workers, rounds that stayed disturbed, and re-takes made.
    public var roundsTotal = 0
    public var roundsDisturbed = 0
    public var roundsRetaken = 0

    public init(workload: String, mode: BenchmarkMode, task: BenchmarkTask, batch: Int, sequenceLength: Int = 0,
                samplesNs: [Double], stepsPerSample: Int, flopsPerStep: Double,
                counters: [Counter: Double] = [:], phases: [Phase: Double] = [:], firstLoss: Double = 0,
                sampleWorkers: [Int] = [], sampleRounds: [Int] = [], firstStepSamples: [Double] = [],
                warmSamplesNs: [Double] = [], warmSampleWorkers: [Int] = [], warmSampleRounds: [Int] = []) {
        self.workload = workload; self.mode = mode; self.task = task; self.batch = batch
        self.sequenceLength = sequenceLength; self.samplesNs = samplesNs
        self.stepsPerSample = stepsPerSample; self.flopsPerStep = flopsPerStep
        self.counters = counters; self.phases = phases; self.firstLoss = firstLoss
        self.sampleWorkers = sampleWorkers; self.sampleRounds = sampleRounds
        self.firstStepSamples = firstStepSamples
        self.warmSamplesNs = warmSamplesNs; self.warmSampleWorkers = warmSampleWorkers
        self.warmSampleRounds = warmSampleRounds
    }

    /// The benchmark's one name, `mlp/fused/b32`, `mlp/torch.compile/b32` for a peer (see
    /// `BenchmarkKey.name`).
    public var name: String { BenchmarkKey.name(workload: workload, mode: modeLabel, batch: batch, sequenceLength: sequenceLength) }

    /// The HDF5 group path of this benchmark: `/benchmarks/<name>`.
    public var groupPath: String { "/benchmarks/" + name }
}
