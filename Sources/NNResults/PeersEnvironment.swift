// MARK: - What a peers run records beside the environment

/// The facts a `scripts/peers` run records that nnbench's own runs do not: the Python and
/// framework versions and the thread setting each framework got (the threads and worker
/// processes are the run's `MeasurementSettings`), and the nnbench run whose losses every framework was checked against (Results/PEERS.md).
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
    /// The largest relative first-loss difference to nnbench's that was accepted.
    public var lossTolerance: Double
    /// The file name of nnbench's `--save-tensors` run the losses were checked against.
    public var referenceRun: String
    /// The frameworks measured, in the order they ran.
    public var frameworks: [FrameworkInfo]

    public init(pythonVersion: String, lossTolerance: Double, referenceRun: String, frameworks: [FrameworkInfo]) {
        self.pythonVersion = pythonVersion
        self.lossTolerance = lossTolerance; self.referenceRun = referenceRun; self.frameworks = frameworks
    }
}
