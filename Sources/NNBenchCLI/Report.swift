import ArgumentParser
import NNResults
import NNReport

/// `nnbench report`: the Markdown view of a run, re-rendered from its HDF5 file alone.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-render the Markdown report of a run from its .h5 file.",
        discussion: """
            Reads a result file written by `nnbench run` (schema v2, see Results/README.md) and \
            prints its Markdown report, or writes it (and its SVG charts beside it) atomically with \
            --out. Exit 0 on success, 1 \
            when the file is missing, truncated, corrupt or of another schema version, 64 on a \
            command-line mistake.
            """)

    @Argument(help: "The result file (Results/<timestamp>-<commit>.h5).")
    var file: String

    @Option(help: "Write the Markdown to this file (and <name>-speedup.svg, <name>-scaling.svg beside it) instead of standard output.")
    var out: String?

    func run() throws {
        let result: RunResult
        do {
            if let out { try OutputLocation.checkFile(out) }   // before reading: say it at once
            result = try HDF5Store.read(path: file)
        } catch { throw fail(error) }
        guard let out else {
            print(MarkdownReport.render(result), terminator: "")
            return
        }
        let views: (markdown: String, charts: [String])
        do { views = try ReportWriter.writeViews(result, markdown: out) } catch { throw fail(error) }
        print("wrote \(views.markdown)")
        for c in views.charts { print("wrote \(c)") }
    }
}
