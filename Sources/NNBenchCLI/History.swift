import ArgumentParser
import Foundation
import NNResults
import NNReport

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Tabulate and chart each benchmark's median over the runs in a directory.",
        discussion: """
            Reads every .h5 run of the directory, orders them by commit (along the current \
            directory's git history; runs of unknown commits follow, by date), prints one table per \
            workload (a row per run, a column per benchmark) and marks step changes: a \
            significant change beyond the threshold from the previous run (▲ slower, ▼ faster). \
            With --out, writes the table to <out>.md and an SVG line chart to <out>.svg.
            """)

    @Argument(help: "A directory of .h5 runs.")
    var directory: String

    @Option(help: "Write <out>.md and <out>.svg (a trailing .md or .svg is dropped).")
    var out: String?

    @Option(parsing: .unconditional, help: "Relative change that counts as a step (default 0.05); a workload file's measure.threshold overrides it.")
    var threshold: Double = 0.05

    @Option(name: .customLong("workloads"), help: "The workload files' directory, for per-workload thresholds.")
    var workloadDirectory: String = "Workloads"

    func validate() throws {
        if !(threshold >= 0 && threshold < 1) { throw ValidationError("--threshold \(threshold): must be a fraction in [0, 1)") }
    }

    /// `--out` without a trailing .md or .svg.
    var outStem: String? {
        guard var stem = out else { return nil }
        for ext in [".md", ".svg"] where stem.hasSuffix(ext) { stem.removeLast(ext.count) }
        return stem
    }

    func run() throws {
        var runs: [(name: String, result: RunResult)] = []
        do {
            if let stem = outStem { for f in [stem + ".md", stem + ".svg"] { try OutputLocation.checkFile(f) } }
            let files = try RunFiles.list(directory)
            if files.isEmpty { throw NoRunsError(directory: directory) }
            for f in files { runs.append((URL(fileURLWithPath: f).lastPathComponent, try RunFiles.read(f))) }
        } catch { throw fail(error) }
        let names = Set(runs.flatMap { $0.result.benchmarks.map(\.workload) })
        let settings = ComparisonSettings(threshold: threshold,
                                          workloadThresholds: WorkloadThresholds.read(directory: workloadDirectory, names: names))
        let history = History.build(runs, settings: settings,
                                    commitOrder: Git.commitRanks(in: FileManager.default.currentDirectoryPath))
        var markdown = HistoryReport.render(history, settings: settings)
        if let stem = outStem {
            let svg = stem + ".svg"
            markdown += "\n![median step time per run](\(URL(fileURLWithPath: svg).lastPathComponent))\n"
            do {
                try AtomicFile.write(text: HistoryChart.render(history), to: svg)
                try AtomicFile.write(text: markdown, to: stem + ".md")
            } catch { throw fail(error) }
            print(markdown, terminator: "")
            print("wrote \(stem).md")
            print("wrote \(svg)")
        } else {
            print(markdown, terminator: "")
        }
    }
}
