import ArgumentParser
import NNBenchCore
import NNReport

/// `nnbench report`: the Markdown view of a run, re-rendered from its HDF5 file alone.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-render the Markdown report of a run from its .h5 file.",
        discussion: """
            Reads a result file written by `nnbench run` (schema v1, see Results/README.md) and \
            prints its Markdown report, or writes it atomically with --out. Exit 0 on success, 1 \
            when the file is missing, truncated, corrupt or of another schema version.
            """)

    @Argument(help: "The result file (Results/<timestamp>-<commit>.h5).")
    var file: String

    @Option(help: "Write the Markdown to this file instead of standard output.")
    var out: String?

    func run() throws {
        let markdown: String
        do { markdown = MarkdownReport.render(try HDF5Store.read(path: file)) } catch { throw fail(error) }
        guard let out else {
            print(markdown, terminator: "")
            return
        }
        do { try AtomicFile.write(text: markdown, to: out) } catch { throw fail("\(out): cannot write: \(error)") }
        print("wrote \(out)")
    }
}
