import NNKernel
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

// MARK: - Models

/// An activation as written in a workload file.
public enum ActivationName: String, Sendable, CaseIterable {
    case relu, tanh, sigmoid

    public var kernelActivation: Activation {
        switch self {
        case .relu: return .relu
        case .tanh: return .tanh
        case .sigmoid: return .sigmoid
        }
    }
}

/// The network a workload trains.
public enum ModelSpec: Sendable, Equatable {
    case mlp(MLPSpec)
    case cnn(CNNSpec)
    case recurrent(RecurrentSpec)

    /// The `model.kind` value of the file.
    public var kind: String {
        switch self {
        case .mlp: return "mlp"
        case .cnn: return "cnn"
        case .recurrent(let r): return r.cell.rawValue
        }
    }
}

/// `kind: mlp`: dense layers with one activation, and a linear output layer.
public struct MLPSpec: Sendable, Equatable {
    public var input: Int
    public var hidden: [Int]
    public var classes: Int
    public var activation: ActivationName

    public init(input: Int, hidden: [Int], classes: Int, activation: ActivationName) {
        self.input = input
        self.hidden = hidden
        self.classes = classes
        self.activation = activation
    }
}

/// `kind: cnn`: convolution blocks (conv, activation, optional max-pool), then dense layers.
public struct CNNSpec: Sendable, Equatable {
    /// One convolution block.
    public struct Conv: Sendable, Equatable {
        public var channels: Int
        public var kernel: Int
        public var padding: Int
        /// Max-pool window and stride after the activation (nil: no pooling).
        public var pool: Int?

        public init(channels: Int, kernel: Int, padding: Int, pool: Int?) {
            self.channels = channels
            self.kernel = kernel
            self.padding = padding
            self.pool = pool
        }
    }

    /// Input [channels, height, width].
    public var input: [Int]
    public var conv: [Conv]
    public var dense: [Int]
    public var classes: Int
    public var activation: ActivationName

    public init(input: [Int], conv: [Conv], dense: [Int], classes: Int, activation: ActivationName) {
        self.input = input
        self.conv = conv
        self.dense = dense
        self.classes = classes
        self.activation = activation
    }
}

/// `kind: elman` or `kind: lstm`: a recurrent layer over the sequence; its last hidden state
/// feeds a dense output layer.
public struct RecurrentSpec: Sendable, Equatable {
    public enum Cell: String, Sendable, CaseIterable { case elman, lstm }

    public var cell: Cell
    public var input: Int
    public var hidden: Int
    public var classes: Int

    public init(cell: Cell, input: Int, hidden: Int, classes: Int) {
        self.cell = cell
        self.input = input
        self.hidden = hidden
        self.classes = classes
    }
}
