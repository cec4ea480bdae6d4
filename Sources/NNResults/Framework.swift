import NNVocabulary

// MARK: - Frameworks: whose code ran a benchmark

/// The framework a benchmark ran on: nnbench itself, or a peer measured by `scripts/peers`
/// (Results/PEERS.md). Part of every benchmark's key: two frameworks' results never mix.
public enum Framework: String, CaseIterable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    case nnbench
    case torch
    case tensorflow
    case jax

    public var description: String { rawValue }

    /// nnbench first, then the peers in the order the README lists them.
    public static func < (a: Framework, b: Framework) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }

    /// The human name used in report headings.
    public var displayName: String {
        switch self {
        case .nnbench: return "nnbench"
        case .torch: return "PyTorch"
        case .tensorflow: return "TensorFlow"
        case .jax: return "JAX"
        }
    }
}

// MARK: - A framework's mode and the nnbench mode class it maps to

/// One way a framework runs a step: the framework, its own name for the mode, and the nnbench
/// mode class (eager / static / fused, padded or not) the mode is judged as.
///
/// nnbench's own modes are named by their class (`eager`, `static+pad`); a peer's mode is
/// `<framework>.<name>` (`torch.torchscript`, `jax.scan+pad`), the group name in the HDF5 file.
public struct FrameworkMode: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var framework: Framework
    /// The framework's own name (`torchscript`, `scan+pad`); for nnbench, the class's name.
    public var name: String
    public var modeClass: BenchmarkMode

    public init(framework: Framework, name: String, modeClass: BenchmarkMode) {
        self.framework = framework; self.name = name; self.modeClass = modeClass
    }

    /// nnbench's own mode: named by its class.
    public init(nnbench mode: BenchmarkMode) {
        self.init(framework: .nnbench, name: mode.rawValue, modeClass: mode)
    }

    /// `eager` for nnbench, `torch.torchscript` for a peer: the mode's name in files and tables.
    public var description: String { framework == .nnbench ? name : "\(framework).\(name)" }

    /// By framework, then class in pipeline order, then name.
    public static func < (a: FrameworkMode, b: FrameworkMode) -> Bool {
        (a.framework, a.modeClass) < (b.framework, b.modeClass)
            || ((a.framework, a.modeClass) == (b.framework, b.modeClass) && a.name < b.name)
    }
}

extension BenchmarkResult {
    /// The framework, its mode name and the mode class this benchmark ran in.
    public var frameworkMode: FrameworkMode {
        FrameworkMode(framework: framework, name: peerMode ?? mode.rawValue, modeClass: mode)
    }

    /// The mode as files and tables name it: `fused`, or `torch.compile` for a peer.
    public var modeLabel: String { frameworkMode.description }

    /// Sets the framework fields of a peer's result (its class stays in `mode`).
    public mutating func setPeer(_ framework: Framework, mode name: String, version: String) {
        self.framework = framework
        self.peerMode = framework == .nnbench ? nil : name
        self.frameworkVersion = version
    }
}

extension RunResult {
    /// The frameworks of the run's benchmarks, nnbench first.
    public var frameworks: [Framework] {
        Set(benchmarks.map(\.framework)).sorted()
    }

    /// The run restricted to one framework's benchmarks (claims are judged per framework).
    public func only(_ framework: Framework) -> RunResult {
        var r = self
        r.benchmarks = benchmarks.filter { $0.framework == framework }
        return r
    }
}
