import ArgumentParser
import Foundation
import NNMeasure

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
        version: "nnbench \(nnbenchVersion)",
        subcommands: [Run.self, List.self, GraphCommand.self, Report.self, Export.self, Compare.self, Check.self,
                      HistoryCommand.self, Worker.self, Instructions.self, CountSteps.self])
    // `main()` is in NNBench+Main.swift: core selection, signal handlers, exit codes.
}
