import NNVocabulary

// MARK: - Workload files, as parsed and validated

/// One workload file (`Workloads/<name>.yaml`), parsed and validated.
///
/// Every field is checked by `WorkloadLoader`; a value that reaches this struct is in range.
public struct WorkloadSpec: Sendable, Equatable {
    /// The file it came from (for error messages and reports).
    public var path: String
    /// The workload's name: the file name without `.yaml`.
    public var name: String
    public var description: String
    public var task: Task
    public var model: ModelSpec
    public var batchSizes: [Int]
    /// Recurrent models: the sequence length of a training step.
    public var sequenceLength: Int?
    /// Training: the SGD learning rate.
    public var learningRate: Double?
    /// The modes to measure, in file order.
    public var modes: [Mode]
    /// Seed of the initial parameters and the synthetic data.
    public var seed: UInt64
    public var measure: MeasureSpec
    /// `task: stream` only: the variable-length batch stream.
    public var stream: StreamSpec?
    /// SHA-256 of the file's bytes (hex), so stale comparisons can be spotted.
    public var fileHash: String

    /// What one step of the workload does.
    public typealias Task = BenchmarkTask
}

/// Per-workload measurement settings that override the run's profile.
public struct MeasureSpec: Sendable, Equatable {
    /// Samples per benchmark (nil: the profile's).
    public var samples: Int?
    /// Relative change that `compare`/`check` count as a regression (nil: the run's default).
    public var threshold: Double?

    public init(samples: Int? = nil, threshold: Double? = nil) {
        self.samples = samples
        self.threshold = threshold
    }
}

/// A seeded stream of batches with varying sequence lengths (claim C7).
public struct StreamSpec: Sendable, Equatable {
    public var batches: Int
    public var minLength: Int
    public var maxLength: Int

    public init(batches: Int, minLength: Int, maxLength: Int) {
        self.batches = batches
        self.minLength = minLength
        self.maxLength = maxLength
    }
}
