import ArgumentParser
import NNMeasure
import NNVocabulary

/// The child `nnbench instructions` starts under callgrind: runs one benchmark's steps untimed,
/// each mode's counted steps inside `nnbench_counted_steps`. Not for direct use (hidden).
struct CountSteps: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count-steps",
        abstract: "Run one benchmark's steps untimed for an instruction count (used by `nnbench instructions`).",
        shouldDisplay: false)

    @Argument(help: "The workload (name or .yaml path).")
    var workload: String

    @Option(help: "The batch size.")
    var batch: Int

    @Option(name: .customLong("mode"), help: "A mode (repeatable; default: the workload's).")
    var modes: [Mode] = []

    @Option(help: "Uncounted steps before the counted ones (at least 1: the first step traces).")
    var warm = 2

    @Option(help: "Counted steps per mode.")
    var steps = 1

    @OptionGroup var workloadOptions: WorkloadOptions

    func validate() throws {
        if warm < 1 { throw ValidationError("--warm must be at least 1") }
        if steps < 1 { throw ValidationError("--steps must be at least 1") }
    }

    func run() throws {
        do {
            let spec = try workloadOptions.load([workload])[0]
            let cases = try spec.benchmarkCases(modes: modes, batches: [batch], samples: nil)
            guard let c = cases.first else { throw fail("\(spec.path): no benchmark with batch \(batch) and the requested modes") }
            _ = try CountedSteps.run(c, warm: warm, counted: steps)
        } catch let e as ExitCode {
            throw e
        } catch {
            throw fail(error)
        }
    }
}
