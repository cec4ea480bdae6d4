import ArgumentParser
import Foundation

@main
struct NNBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nnbench",
        abstract: "Benchmark neural-network training in eager, static-graph and fused modes.",
        discussion: """
            One OpenBLAS-backed kernel runs every workload (Workloads/*.yaml) three ways: eager \
            (ops run as called, tape autograd), static (traced once into an optimized, \
            memory-planned graph) and fused (the graph plus operator fusion). Results go to \
            Results/<timestamp>-<commit>.h5 with a Markdown view beside it.
            """,
        subcommands: [Run.self, List.self, GraphCommand.self, Report.self, Compare.self, Check.self, HistoryCommand.self, Worker.self])

    /// Runs on the best OpenBLAS kernels the CPU supports (see `CoreSelection`), then parses.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let measures = ["run", "graph"].contains(arguments.first ?? "")
        if measures { CoreSelection.reexecuteIfNeeded(announce: arguments.first == "run") }
        main(arguments)
    }
}
