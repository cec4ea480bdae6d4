import ArgumentParser
import NNResults
import NNReport

/// `nnbench export`: a run's summary as CSV, JSON or github-action-benchmark input.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a run's summary (one row per benchmark) as CSV, JSON or github-action-benchmark input.",
        discussion: """
            csv and json hold the columns of the .h5 file's /summary table (Results/README.md), \
            one row per benchmark named <workload>/<mode>/b<batch>[_t<len>]; benchmark-action is \
            github-action-benchmark's customSmallerIsBetter array (median ns per benchmark, then \
            exact counters). Exit 0 on success, 1 when the file cannot be read or written, 64 on a command-line \
            mistake.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, json
        case benchmarkAction = "benchmark-action"
    }

    @Argument(help: "The result file (Results/<timestamp>-<commit>.h5).")
    var file: String

    @Option(help: "csv, json or benchmark-action.")
    var format: Format = .csv

    @Option(help: "Write to this file (atomically) instead of standard output.")
    var out: String?

    func run() throws {
        let result: RunResult
        do { result = try HDF5Store.read(path: file) } catch { throw fail(error) }
        let text: String
        do {
            switch format {
            case .csv: text = RunExport.csv(result)
            case .json: text = try RunExport.json(result)
            case .benchmarkAction: text = try ComparisonJSON.encode(RunExport.benchmarkAction(result))
            }
        } catch { throw fail("\(file): cannot encode: \(error)") }
        guard let out else { print(text, terminator: ""); return }
        do { try AtomicFile.write(text: text, to: out) } catch { throw fail("\(out): cannot write: \(error)") }
        print("wrote \(out)")
    }
}
