import ArgumentParser
import NNResults
import NNReport

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two runs' .h5 files benchmark by benchmark.",
        discussion: """
            For every benchmark in both files (same workload, mode, task, batch and sequence \
            length): base and head medians, the relative change with a bootstrap 95% interval, \
            the Mann-Whitney U p-value, and a verdict. A change counts (faster/slower) only when \
            it is significant (p < 0.05 and the interval excludes 0) and at least the threshold; \
            not significant but as large as the threshold is "noisy". Exact counters \
            (allocations, kernels, GEMM calls per step, final graph nodes) are compared exactly: \
            any increase is a regression. Environment differences are printed first. A \
            directory argument pools the samples of all its runs (scripts/compare-commits). Exit 0 \
            (whatever the verdicts; use `nnbench check` to gate), 1 on error.
            """)

    @Argument(help: "The base run (.h5), or a directory of runs of one build whose samples are pooled.")
    var base: String

    @Argument(help: "The head run (.h5), or a directory of runs of one build whose samples are pooled.")
    var head: String

    @OptionGroup var options: ComparisonOptions

    func run() throws {
        let baseRun: RunResult, headRun: RunResult
        do {
            try options.checkOut()
            baseRun = try RunFiles.readSide(base)
            headRun = try RunFiles.readSide(head)
        } catch { throw fail(error) }
        let c = options.compare(base: baseRun, head: headRun)
        for d in c.environmentMismatches { warn("environments differ: \(d)") }
        do { try options.emit(c, head: headRun, title: "nnbench compare") } catch { throw fail(error) }
    }
}
