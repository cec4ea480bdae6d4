// MARK: - Modes: the one type every module uses for a mode

/// How a step runs. The only thing that differs between modes is scheduling, allocation and
/// fusion: the model code, the rules and the kernels are shared. The graph layer chooses what a
/// mode does (`Mode.passes` in NNGraph's Session); workload files, results and reports use this
/// same type, so a mode is never a bare string between modules.
public enum Mode: String, CaseIterable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// Ops run as called; a tape records them for the backward.
    case eager
    /// The step is traced once per input shape, optimized, memory-planned and replayed.
    case `static`
    /// As static, plus the fusion passes.
    case fused

    public var description: String { rawValue }
}
