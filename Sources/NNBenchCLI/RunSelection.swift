#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NNMeasure
import NNResults
import NNVocabulary
import NNWorkloads

// MARK: - Which benchmarks a run measures: --mode, --batch, --filter, --skip

/// Selects benchmarks by name. Patterns are shell globs (`*`, `?`, `[…]`) matched against the
/// whole name `<workload>/<mode>/b<batch>[_t<len>]`, and `*` also matches `/`:
/// `--filter 'mlp/*'`, `--filter '*/fused/*'`, `--skip '*/b256'`.
struct BenchmarkSelection {
    var filters: [String]
    var skips: [String]

    /// True when `pattern` matches all of `name`.
    static func matches(_ pattern: String, _ name: String) -> Bool { fnmatch(pattern, name, 0) == 0 }

    /// True when `name` passes: it matches a filter (or there is none) and no skip pattern.
    func keeps(_ name: String) -> Bool {
        (filters.isEmpty || filters.contains { Self.matches($0, name) }) && !skips.contains { Self.matches($0, name) }
    }

    /// The benchmark names of a step case in `mode`, and of a stream case (with its padded strategies).
    static func names(_ c: BenchmarkCase, _ m: Mode) -> [String] {
        [BenchmarkKey.name(workload: c.workload, mode: BenchmarkMode(m), batch: c.batch, sequenceLength: c.sequenceLength)]
    }

    static func names(_ c: StreamCase, _ m: Mode) -> [String] {
        let padded = m == .eager ? [] : [BenchmarkMode(m, padded: true)]
        return ([BenchmarkMode(m)] + padded).map {
            BenchmarkKey.name(workload: c.workload, mode: $0, batch: c.batch, sequenceLength: c.longest)
        }
    }

    /// Keeps the modes of each case whose name passes (a stream mode passes when any of its
    /// strategies does), and drops cases left with no mode.
    func apply(_ cases: [BenchmarkCase], _ streams: [StreamCase]) -> ([BenchmarkCase], [StreamCase]) {
        let c = cases.map { c in var c = c; c.modes = c.modes.filter { Self.names(c, $0).contains(where: keeps) }; return c }
        let s = streams.map { s in var s = s; s.modes = s.modes.filter { Self.names(s, $0).contains(where: keeps) }; return s }
        return (c.filter { !$0.modes.isEmpty }, s.filter { !$0.modes.isEmpty })
    }

    /// Every benchmark name of the cases, in order (for errors that say what would have matched).
    static func allNames(_ cases: [BenchmarkCase], _ streams: [StreamCase]) -> [String] {
        cases.flatMap { c in c.modes.flatMap { names(c, $0) } } + streams.flatMap { s in s.modes.flatMap { names(s, $0) } }
    }
}

extension Run {
    /// An error naming the batch sizes or modes that exist when `--batch` / `--mode` asked for
    /// ones no selected workload has, e.g. `--batch 7: no workload has it; batch sizes: mlp 1, 32, 256; cnn 1, 32`.
    static func unknownSelection(_ specs: [WorkloadSpec], batches: [Int], modes: [Mode]) -> String? {
        let sizes = specs.map { "\($0.name) " + $0.batchSizes.map(String.init).joined(separator: ", ") }.joined(separator: "; ")
        if let b = batches.first(where: { b in !specs.contains { $0.batchSizes.contains(b) } }) {
            return "--batch \(b): no selected workload has it; batch sizes: \(sizes)"
        }
        if let m = modes.first(where: { m in !specs.contains { $0.modes.contains(m) } }) {
            let have = specs.map { "\($0.name) " + $0.modes.map(\.rawValue).joined(separator: ", ") }.joined(separator: "; ")
            return "--mode \(m): no selected workload runs it; modes: \(have)"
        }
        return nil
    }

    /// When --batch and --mode exist separately but not together: the combinations there are.
    static func nothingToRun(_ specs: [WorkloadSpec]) -> String {
        let have = specs.map { "\($0.name): batch \($0.batchSizes.map(String.init).joined(separator: ", ")), modes \($0.modes.map(\.rawValue).joined(separator: ", "))" }
        return "nothing to run: no workload has the requested modes and batch sizes together (" + have.joined(separator: "; ") + ")"
    }
}

extension BenchmarkCase {
    /// `mlp/b32`: the benchmarks' name without the mode (progress lines).
    var name: String { "\(workload)/b\(batch)" + (sequenceLength > 0 ? "_t\(sequenceLength)" : "") }
}

extension StreamCase {
    /// The longest sequence length of the stream: the `_t` of its benchmarks' names.
    var longest: Int { BatchStream.lengths(spec: stream, seed: seed).max() ?? stream.maxLength }

    /// `rnn-stream/b8_t40`: the benchmarks' name without the strategy (progress lines).
    var name: String { "\(workload)/b\(batch)_t\(longest)" }
}
