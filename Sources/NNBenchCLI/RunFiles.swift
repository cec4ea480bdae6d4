import ArgumentParser
import Foundation
import NNResults
import NNReport

// MARK: - Finding and reading result files (shared by compare, check and history)

/// A directory of results holds no run file.
struct NoRunsError: Error, CustomStringConvertible {
    let directory: String
    var description: String { "\(directory): no .h5 result files" }
}

/// Result files on disk: `<UTC timestamp>-<short commit>.h5`, as `ReportWriter` names them.
enum RunFiles {
    /// Reads one run (`HDF5Store.read`: a missing, corrupt or other-schema file throws a
    /// `ReportFileError` naming the file).
    static func read(_ path: String) throws -> RunResult { try HDF5Store.read(path: path) }

    /// One side of a comparison: a run file, or a directory whose runs (repeated runs of one
    /// build) are pooled into one sample set per benchmark (`RunResult.pooled`).
    static func readSide(_ path: String) throws -> RunResult { try readSideFiles(path).run }

    /// `readSide` and the files it read (for the check that no file is on both sides). Runs
    /// whose environments differ are refused (`PoolingError`).
    static func readSideFiles(_ path: String) throws -> (run: RunResult, files: [String]) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
            return (try read(path), [path])
        }
        let files = try list(path)
        guard !files.isEmpty else { throw NoRunsError(directory: path) }
        let runs = try files.map { (name: $0, run: try read($0)) }
        return (try RunResult.pooled(checking: runs), files)
    }

    /// The files found on both sides (resolved paths; symbolic links followed).
    static func shared(_ a: [String], _ b: [String]) -> [String] {
        func canonical(_ p: String) -> String { URL(fileURLWithPath: p).resolvingSymlinksInPath().standardizedFileURL.path }
        let bs = Set(b.map(canonical))
        return a.filter { bs.contains(canonical($0)) }
    }

    /// The `.h5` files of `directory`, sorted by name (oldest first for nnbench's names).
    static func list(_ directory: String) throws -> [String] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw ReportFileError(path: directory, kind: .missing, reason: "cannot list the directory")
        }
        return names.filter { $0.hasSuffix(".h5") && !$0.hasPrefix(".") }.sorted().map { directory + "/" + $0 }
    }

    /// The newest run of `directory`, leaving out `excluding` (the head itself, when it sits in
    /// the same directory). Newest by the UTC timestamp that starts the file name
    /// (`20261125T102153Z-…`), or by the run's date attribute for files named otherwise.
    static func newest(in directory: String, excluding: String? = nil) throws -> String {
        let skip = excluding.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        let files = try list(directory).filter { URL(fileURLWithPath: $0).standardizedFileURL.path != skip }
        var best: (stamp: String, path: String)?
        for path in files {
            let stamp = try timestamp(path)
            if best == nil || (stamp, path) > (best?.stamp ?? "", best?.path ?? "") { best = (stamp, path) }
        }
        guard let newest = best?.path else { throw NoRunsError(directory: directory) }
        return newest
    }

    /// The compact UTC timestamp of a run file: from its name when it starts with one, else
    /// from the date the run recorded (reading the file).
    static func timestamp(_ path: String) throws -> String {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let prefix = String(name.prefix(16))   // 20261125T102153Z
        if prefix.count == 16, prefix.enumerated().allSatisfy({ i, c in
            i == 8 ? c == "T" : (i == 15 ? c == "Z" : c.isASCII && c.isNumber) }) {
            return prefix
        }
        let date = try read(path).environment.date
        return date.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }
}

/// Options shared by compare and check: how a change is judged and how it is printed.
struct ComparisonOptions: ParsableArguments {
    @Option(help: "Relative change that counts (default 0.05 = 5%); a workload file's measure.threshold overrides it for that workload.")
    var threshold: Double = 0.05

    @Option(help: "markdown, json (full detail plus github-action-benchmark's customSmallerIsBetter array), or benchmark-action (that array alone).")
    var format: OutputFormat = .markdown

    @Option(help: "Also write the output to this file (atomically).")
    var out: String?

    @Option(name: .customLong("workloads"), help: "The workload files' directory, for per-workload thresholds.")
    var workloadDirectory: String = "Workloads"

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case markdown, json
        case benchmarkAction = "benchmark-action"
    }

    func validate() throws {
        if !(threshold >= 0 && threshold < 1) { throw ValidationError("--threshold \(threshold): must be a fraction in [0, 1)") }
    }

    /// Compares the runs with these options' thresholds.
    func compare(base: RunResult, head: RunResult) -> Comparison {
        let names = Set(head.benchmarks.map(\.workload))
        let settings = ComparisonSettings(threshold: threshold, workloadThresholds: WorkloadThresholds.read(directory: workloadDirectory, names: names))
        return Comparison.compare(base: base, head: head, settings: settings)
    }

    /// Renders in the chosen format, prints to standard output and writes `--out`.
    func emit(_ c: Comparison, head: RunResult, title: String) throws {
        let text: String
        switch format {
        case .markdown: text = ComparisonReport.render(c, title: title)
        case .json: text = try ComparisonJSON.encode(ComparisonJSON.document(c, head: head))
        case .benchmarkAction: text = try ComparisonJSON.encode(ComparisonJSON.benchmarkAction(c, head: head))
        }
        print(text, terminator: "")
        if let out { try AtomicFile.write(text: text, to: out) }
    }
}
