import Foundation
import NNResults
import NNVocabulary

// MARK: - What a worker process is asked to measure, and what it hands back

/// The work of one worker process: which workload files, modes and batch sizes to measure,
/// with which settings. The parent writes it as JSON; the worker (`nnbench worker`) reads it.
public struct WorkerJob: Codable, Sendable, Equatable {
    /// Paths of the workload files (the parent validated them and kept those with benchmarks).
    public var workloadPaths: [String]
    public var modes: [Mode]
    public var batches: [Int]
    /// `--samples` as given (nil: the profile's, or the workload file's `measure.samples`).
    public var samples: Int?
    public var settings: MeasurementSettings
    /// This worker's index (0-based) and how many workers the run has.
    public var worker: Int
    public var workers: Int
    /// Pin the measuring thread and OpenBLAS's threads to distinct CPUs (see `ThreadPlacement`).
    public var pinThreads: Bool
    /// `--filter` / `--skip` shell globs over benchmark names (the CLI's `BenchmarkSelection`).
    public var filters: [String]
    public var skips: [String]
    /// The side of a lockstep measurement this worker measures (`head`, `against-1`, …; nil
    /// outside one): its progress lines say it.
    public var side: String? = nil
    /// Seconds this worker spends measuring its own sgemm peak before its benchmarks (nil: it
    /// does not; a lockstep side's workers do not, they would run beside each other).
    public var sgemmPeakSeconds: Double? = nil

    public init(workloadPaths: [String], modes: [Mode], batches: [Int], samples: Int?, settings: MeasurementSettings,
                worker: Int, workers: Int, pinThreads: Bool, filters: [String] = [], skips: [String] = []) {
        self.workloadPaths = workloadPaths; self.modes = modes; self.batches = batches; self.samples = samples
        self.settings = settings; self.worker = worker; self.workers = workers; self.pinThreads = pinThreads
        self.filters = filters; self.skips = skips
    }
}

/// What a worker hands back: its records (one per benchmark and mode, in measuring order) and
/// the OpenBLAS facts of its process.
public struct WorkerReport: Codable, Sendable, Equatable {
    public var worker: Int
    public var benchmarks: [BenchmarkResult]
    public var openblasThreads: Int
    public var openblasCoreName: String
    /// What the worker did about thread placement (`ThreadPlacement.describe`).
    public var affinity: String
    /// The worker's build: `release` or `debug`, and its nnbench version (nil from builds that
    /// did not say; a lockstep coordinator reads them for the other builds' result files).
    public var buildConfiguration: String?
    public var nnbenchVersion: String?
    /// The instructions the worker's kernels were compiled for (`KernelISA.name`; nil from builds
    /// that did not say).
    public var kernelISA: String?
    /// The sgemm GFLOP/s this worker's process reached (`WorkerJob.sgemmPeakSeconds`; nil when
    /// it was not asked to measure).
    public var sgemmPeakGflops: Double?

    public init(worker: Int, benchmarks: [BenchmarkResult], openblasThreads: Int, openblasCoreName: String, affinity: String,
                buildConfiguration: String? = nil, nnbenchVersion: String? = nil, kernelISA: String? = nil,
                sgemmPeakGflops: Double? = nil) {
        self.worker = worker; self.benchmarks = benchmarks; self.openblasThreads = openblasThreads
        self.openblasCoreName = openblasCoreName; self.affinity = affinity
        self.buildConfiguration = buildConfiguration; self.nnbenchVersion = nnbenchVersion
        self.kernelISA = kernelISA; self.sgemmPeakGflops = sgemmPeakGflops
    }
}

// MARK: - JSON both ways (non-finite numbers as strings: a counter may be NaN)

extension WorkerJob {
    public func json() throws -> Data { try WorkerCoding.encoder.encode(self) }
    public static func from(json: Data) throws -> WorkerJob { try WorkerCoding.decoder.decode(WorkerJob.self, from: json) }
}

extension WorkerReport {
    public func json() throws -> Data { try WorkerCoding.encoder.encode(self) }
    public static func from(json: Data) throws -> WorkerReport { try WorkerCoding.decoder.decode(WorkerReport.self, from: json) }
}

enum WorkerCoding {
    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }
    static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }
}
