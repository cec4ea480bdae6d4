import ArgumentParser
import NNResults
import NNReport

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two runs' .h5 files benchmark by benchmark.",
        discussion: """
            For every benchmark in both files (same workload, mode, task, batch and sequence \
            length): base and head medians, the relative change with a bootstrap 95% interval, \
            the p-value, and a verdict. The worker process is the unit: the interval is a \
            hierarchical bootstrap (workers, then samples) and the test is Welch's t on log \
            worker medians (Mann-Whitney U on samples when a side has one worker). A change \
            counts (faster/slower) only when it is significant (p < 0.05 and the interval \
            excludes 0) and at least the threshold; not significant but as large as the \
            threshold is "undecided". Runs measured differently (CPU, OpenBLAS, build, \
            workload files, profile, sample length, threads, sgemm peaks more than 25% apart) \
            are refused unless --allow-env-mismatch. Exact counters \
            (allocations, kernels, GEMM calls per step, final graph nodes) are compared exactly: \
            any increase is a regression. A directory argument pools the runs in it, each \
            run's workers kept as units (scripts/compare-commits); runs that differ as above are \
            not pooled, and no file may be on both sides. Exit 0 (whatever the verdicts; use \
            `nnbench check` to gate), 1 on error or refusal.
            """)

    @Argument(help: "The base run (.h5), or a directory of runs of one build whose samples are pooled.")
    var base: String

    @Argument(help: "The head run (.h5), or a directory of runs of one build whose samples are pooled.")
    var head: String

    @Flag(help: "Compare even when the runs were measured differently (the differences are still printed).")
    var allowEnvMismatch = false

    @OptionGroup var options: ComparisonOptions

    func run() throws {
        let baseSide: (run: RunResult, files: [String]), headSide: (run: RunResult, files: [String])
        do {
            baseSide = try RunFiles.readSideFiles(base)
            headSide = try RunFiles.readSideFiles(head)
        } catch { throw fail(error) }
        if let same = RunFiles.shared(baseSide.files, headSide.files).first {
            throw fail("\(same): the same run is on both sides of the comparison; compare different runs")
        }
        let baseRun = baseSide.run, headRun = headSide.run
        let c = options.compare(base: baseRun, head: headRun)
        if let first = c.environmentMismatches.first {
            guard allowEnvMismatch else {
                let more = c.environmentMismatches.count > 1 ? " (and \(c.environmentMismatches.count - 1) more)" : ""
                throw fail("\(base) and \(head) were measured differently: \(first)\(more); timings are not comparable (pass --allow-env-mismatch to compare anyway)")
            }
            for d in c.environmentMismatches { warn("measured differently (allowed): \(d)") }
        }
        do { try options.emit(c, head: headRun, title: "nnbench compare") } catch { throw fail(error) }
    }
}
