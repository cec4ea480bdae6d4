import ArgumentParser

@main
struct NNBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nnbench",
        abstract: "Benchmark neural-network training in eager, static-graph and fused modes.")
}
