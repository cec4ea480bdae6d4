import ArgumentParser
import NNResults
import NNReport

/// `nnbench report`: the Markdown view of a run, re-rendered from its HDF5 file alone; with
/// several files (an nnbench run and peers runs), one combined view.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-render the Markdown report of a run from its .h5 file, or view several runs together.",
        discussion: """
            Reads a result file written by `nnbench run` or `scripts/peers` (schema v2, see \
            Results/README.md and Results/PEERS.md) and prints its Markdown report (a peers run's \
            claims are judged per framework), or writes it (and its SVG charts beside it) atomically \
            with --out. Given several files (`nnbench report nnbench.h5 peers.h5`), prints one \
            combined view: per benchmark nnbench's modes beside every framework's, each with its \
            ratio to the fastest peer, and the claims' verdicts per framework. Exit 0 on success, 1 \
            when a file is missing, truncated, corrupt or of another schema version, or when the \
            files cannot be viewed together (other workload files, a benchmark in two files), 64 on \
            a command-line mistake.
            """)

    @Argument(help: "The result file(s) (Results/<timestamp>-<commit>.h5, Results/<timestamp>-<commit>-peers.h5).")
    var files: [String]

    @Option(help: "Write the Markdown to this file (for one file also <name>-speedup.svg, <name>-scaling.svg beside it) instead of standard output.")
    var out: String?

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one result file") }
    }

    func run() throws {
        if let out {   // before reading: say it at once
            do { try OutputLocation.checkFile(out) } catch { throw fail(error) }
        }
        var runs: [(file: String, run: RunResult)] = []
        for f in files {
            do { runs.append((f, try HDF5Store.read(path: f))) } catch { throw fail(error) }
        }
        guard runs.count == 1 else { return try combined(runs) }
        let result = runs[0].run
        guard let out else {
            print(MarkdownReport.render(result), terminator: "")
            return
        }
        let views: (markdown: String, charts: [String])
        do { views = try ReportWriter.writeViews(result, markdown: out) } catch { throw fail(error) }
        print("wrote \(views.markdown)")
        for c in views.charts { print("wrote \(c)") }
    }

    /// The combined view of several files.
    private func combined(_ runs: [(file: String, run: RunResult)]) throws {
        let text: String
        do { text = try CombinedReport.render(runs) } catch { throw fail(error) }
        guard let out else {
            print(text, terminator: "")
            return
        }
        do { try AtomicFile.write(text: text, to: out) } catch { throw fail("\(out): cannot write: \(error)") }
        print("wrote \(out)")
    }
}
