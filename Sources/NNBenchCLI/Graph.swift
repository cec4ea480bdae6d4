import ArgumentParser
import NNMeasure
import NNResults
import NNWorkloads
import NNGraph
import NNKernel
import NNModels
import NNVocabulary

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print a workload's traced and optimized graph, with node counts per pass.")

    @Argument(help: "A workload name (Workloads/<name>.yaml) or a path to a .yaml file.")
    var workload: String

    /// The modes that have a graph (eager has none, so `--help` does not offer it).
    enum GraphMode: String, ExpressibleByArgument, CaseIterable {
        case `static`, fused
        var mode: Mode { self == .static ? .static : .fused }
    }

    @Option(help: "The graph pipeline to show.")
    var mode: GraphMode = .fused

    @Option(help: "Batch size to trace at (default: the workload's first).")
    var batch: Int?

    @OptionGroup var workloadOptions: WorkloadOptions

    func validate() throws {
        if let b = batch, b < 1 { throw ValidationError("--batch \(b): must be at least 1") }
    }

    func run() throws {
        let spec: WorkloadSpec
        let model: any Model
        do {
            spec = try workloadOptions.load([workload])[0]
            model = try spec.model.makeModel()
        } catch { throw fail(error) }
        let b = batch ?? spec.batchSizes[0]
        let session = Session(model: model, mode: mode.mode, kind: spec.stepKind,
                              parameters: model.initialParameters(seed: spec.seed), verifyPasses: true)
        let x = model.inputShape(batch: b, sequenceLength: spec.sequenceLength ?? spec.stream?.maxLength ?? 1)
        let (executor, report) = session.compile(xShape: x, labelShape: Shape(b))
        print("# \(spec.name) [\(mode)] batch \(b): \(model.summary)")
        print("# nodes: " + report.nodeCounts.map { "\($0.stage) \($0.nodes)" }.joined(separator: " → "))
        print("# kernel instructions: \(report.kernelInstructions), arena \(report.arenaBytes) bytes "
              + "(\(report.unplannedBytes) without reuse), in-place reuses \(report.inPlaceReuses)")
        print(executor.graph.dump())
    }
}
