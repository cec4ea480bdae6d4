// MARK: - Tasks: the one type every module uses for what a step does

/// What one step of a benchmark does (a workload file's `task`): workload files, runners,
/// results and reports share this type, so a task is never a bare string between modules.
public enum BenchmarkTask: String, Sendable, CaseIterable, Codable, Hashable, CustomStringConvertible {
    /// Forward, loss, backward, SGD update.
    case train
    /// Forward only.
    case infer
    /// Training over a stream of batches whose sequence lengths vary (recurrent models).
    case stream

    public var description: String { rawValue }
}
