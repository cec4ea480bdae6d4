import NNGraph
import NNKernel
import NNModels
import NNVocabulary

// MARK: - The region whose instructions callgrind counts

/// What `nnbench_counted_steps` runs: set by `CountedSteps.run` just before the call.
nonisolated(unsafe) private var countedBody: () -> Void = {}

/// Runs the prepared steps: the one function callgrind counts
/// (`--toggle-collect=nnbench_counted_steps`, `--dump-after=nnbench_counted_steps`).
///
/// A C symbol so that its name in the symbol table is fixed; `@inline(never)` and the call
/// through a C function pointer keep it a real call that callgrind sees entered and left.
@_cdecl("nnbench_counted_steps")
@inline(never)
public func nnbenchCountedSteps() { countedBody() }

/// Steps of one benchmark, run untimed for an instruction count: warm steps outside the counted
/// region, then `counted` steps inside it, once per mode (each mode its own counted region, so
/// callgrind's `--dump-after` writes one profile part per mode, in `c.modes` order).
public enum CountedSteps {
    /// The C entry point, called through a pointer so the optimizer cannot inline it away.
    static let entry: @convention(c) () -> Void = nnbenchCountedSteps

    /// Runs every mode of `c`: `warm` steps uncounted, then `counted` steps in the counted region.
    /// - Returns: each mode's loss after the last step (finite for a sane workload).
    /// - Throws: `RunError.nonFiniteLoss` when a loss is not finite.
    public static func run(_ c: BenchmarkCase, warm: Int, counted: Int) throws(RunError) -> [Float] {
        precondition(warm >= 0 && counted >= 1, "CountedSteps: warm >= 0 and counted >= 1")
        let data = SyntheticData.batch(shape: c.model.inputShape(batch: c.batch, sequenceLength: c.sequenceLength),
                                       classes: c.model.classes, seed: c.seed &+ 1)
        let initial = c.model.initialParameters(seed: c.seed)
        var losses: [Float] = []
        for mode in c.modes {
            let s = Session(model: c.model, mode: mode, kind: c.kind, parameters: initial.map { $0.copy() },
                            verifyPasses: false)
            var loss: Float = 0
            for _ in 0..<max(warm, 1) { loss = s.step(x: data.x, labels: data.labels) }
            countedBody = { for _ in 0..<counted { loss = s.step(x: data.x, labels: data.labels) } }
            entry()
            countedBody = {}
            guard loss.isFinite else { throw .nonFiniteLoss(benchmark: c.label, mode: mode.rawValue, loss: loss) }
            losses.append(loss)
        }
        return losses
    }
}
