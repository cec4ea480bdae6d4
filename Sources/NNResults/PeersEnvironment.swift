// MARK: - What a peers run records beside the environment

/// The facts a `scripts/peers` run records that nnbench's own runs do not: the Python and
/// framework versions, the thread setting each framework got, worker processes, and the
/// nnbench run whose losses every framework was checked against (Results/PEERS.md).
///
/// A peers run's `Environment` leaves the OpenBLAS and Swift fields empty: no OpenBLAS or Swift
/// code is timed in it.
public struct PeersEnvironment: Codable, Sendable, Equatable {
    /// One framework's version and how its threads were set (`torch.set_num_threads(2)…`).
    public struct FrameworkInfo: Codable, Sendable, Equatable {
        public var framework: Framework
        public var version: String
        public var threadsSetting: String

        public init(framework: Framework, version: String, threadsSetting: String) {
            self.framework = framework; self.version = version; self.threadsSetting = threadsSetting
        }
    }

    public var pythonVersion: String
    /// Threads given to every framework (`--threads`).
    public var threads: Int
    /// Worker processes per benchmark (`--workers`).
    public var workers: Int
    /// The largest relative first-loss difference to nnbench's that was accepted.
    public var lossTolerance: Double
    /// The file name of nnbench's `--save-tensors` run the losses were checked against.
    public var referenceRun: String
    /// The frameworks measured, in the order they ran.
    public var frameworks: [FrameworkInfo]

    public init(pythonVersion: String, threads: Int, workers: Int, lossTolerance: Double, referenceRun: String,
                frameworks: [FrameworkInfo]) {
        self.pythonVersion = pythonVersion; self.threads = threads; self.workers = workers
        self.lossTolerance = lossTolerance; self.referenceRun = referenceRun; self.frameworks = frameworks
    }
}
