// MARK: - The bounds of count-like values, shared by workload files and the command line

/// The ranges a workload file's counts must lie in; `nnbench run` and `nnbench graph` apply the
/// same ones to `--samples` and `--batch`, so the command line cannot ask for what a file may not.
public enum Limits {
    /// Samples per benchmark (`measure.samples`, `--samples`).
    public static let samples = 3...100_000
    /// A batch size (`batch_sizes`, `--batch`).
    public static let batch = 1...(1 << 20)
    /// A sequence length (`sequence_length`, `stream.min_length`, `stream.max_length`).
    public static let sequenceLength = 1...(1 << 16)
    /// Batches in a stream (`stream.batches`).
    public static let streamBatches = 1...100_000
}
