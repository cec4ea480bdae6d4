import ArgumentParser
import Foundation
import NNResults
import NNReport

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Gate a run against a baseline: exit 0 when nothing regressed, 2 when something did.",
        discussion: """
            Compares the head run with a baseline file, or with the newest run in a baseline \
            directory (by the UTC timestamp that starts the file names, else the run's date), \
            prints the comparison table and a `Gates:` line, and exits 0 when nothing got \
            slower, no exact counter went up and no instruction count rose beyond its tolerance \
            (1%), 2 when something regressed, 3 when nothing regressed but a change beyond the \
            threshold was not significant (undecided: more workers or samples would decide it), \
            1 on error: a missing or unreadable baseline, no benchmark in common, the same file \
            on both sides, or runs measured differently (OpenBLAS threads, build, workload files, \
            profile, sample length, sgemm peaks more than 25% apart) unless --allow-env-mismatch. \
            A baseline from another machine class (CPU model, cores, OpenBLAS core, \
            OPENBLAS_CORETYPE) is not an error: its timings are skipped and only the exact counters and \
            instruction counts are judged (--allow-env-mismatch judges the timings too). \
            Instruction counts are judged only when both runs counted them under the same \
            conditions (coretype, glibc, CPU class, valgrind); otherwise that gate is skipped.
            """)

    @Option(help: "A baseline .h5 file, or a directory of them (the newest is used).")
    var baseline: String

    @Argument(help: "The run to check (.h5), or with --pooled-baseline a directory of runs to pool.")
    var head: String

    @Flag(help: "Compare even when the environments differ (the difference is still printed).")
    var allowEnvMismatch = false

    @Flag(help: "Pool every run of the baseline directory (and of a head directory) instead of taking the newest: for runs of two builds taken alternately in one job (scripts/nightly).")
    var pooledBaseline = false

    @Flag(help: "Judge only exact counters and instruction counts, never timings (scripts/nightly against the committed baseline).")
    var skipTimings = false

    @OptionGroup var options: ComparisonOptions

    func run() throws {
        let baseRun: RunResult, headRun: RunResult, basePath: String
        do {
            try options.checkOut()
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: baseline, isDirectory: &isDir)
            if pooledBaseline {
                basePath = baseline
                baseRun = try RunFiles.readSide(baseline)
                headRun = try RunFiles.readSide(head)
            } else {
                basePath = exists && isDir.boolValue ? try RunFiles.newest(in: baseline, excluding: head) : baseline
                baseRun = try RunFiles.read(basePath)
                headRun = try RunFiles.read(head)
            }
        } catch { throw fail(error) }
        if !RunFiles.shared([basePath], [head]).isEmpty {
            throw fail("\(head): the baseline and the run to check are the same file")
        }
        var c = options.compare(base: baseRun, head: headRun)
        let classDiffs = c.machineClassDifferences
        if skipTimings || (!classDiffs.isEmpty && !allowEnvMismatch) {
            // Counters and instruction counts do not depend on the OpenBLAS thread count (counts
            // are taken with one thread): match benchmarks without it.
            c = options.compare(base: baseRun.ignoringThreads, head: headRun.ignoringThreads)
            c = c.skippingTimings(skipTimings ? "--skip-timings"
                                  : "other machine class: " + classDiffs.map(\.description).joined(separator: "; "))
        }
        do { try options.emit(c, head: headRun, title: "nnbench check against \(basePath)") } catch { throw fail(error) }
        // Without timings, only what changes the counters themselves matters (build, workload files).
        let others = c.environmentMismatches.filter { !$0.isMachineClass && !(c.timingGate != .used && $0.isTimingOnly) }
        if let first = others.first {
            if !allowEnvMismatch {
                let more = others.count > 1 ? " (and \(others.count - 1) more)" : ""
                throw fail("\(basePath): measured differently from \(head): \(first)\(more); pass --allow-env-mismatch to compare anyway")
            }
            warn("environments differ (allowed): " + c.environmentMismatches.map(\.description).joined(separator: "; "))
        }
        if c.timingGate == .used && c.timings.isEmpty {
            let threads = baseRun.settings.threads != headRun.settings.threads
                ? " (OpenBLAS threads \(baseRun.settings.threads) vs \(headRun.settings.threads): the thread count is part of every benchmark's key)" : ""
            throw fail("\(basePath): no benchmark in common with \(head)\(threads): nothing was checked")
        }
        if c.timingGate != .used && Set(baseRun.ignoringThreads.benchmarks.map(BenchmarkKey.init))
            .isDisjoint(with: headRun.ignoringThreads.benchmarks.map(BenchmarkKey.init)) {
            throw fail("\(basePath): no benchmark in common with \(head): nothing was checked")
        }
        FileHandle.standardError.write(Data((ComparisonReport.gatesLine(c) + "\n").utf8))
        if !c.onlyInBase.isEmpty {
            warn("not in \(head), so not checked: " + c.onlyInBase.map(\.description).joined(separator: ", "))
        }
        if c.regressed {
            warn("regression: \(c.slower.count) slower, \(c.counterRegressions.count) exact-counter increase(s), "
                 + "\(c.instructionRegressions.count) instruction-count rise(s) against \(basePath)")
            throw Exit.regression.code
        }
        let undecided = c.timings.filter { $0.verdict == .undecided }
        if !undecided.isEmpty {
            warn("undecided: \(undecided.count) change(s) beyond the threshold not significant: "
                 + undecided.map { UndecidedHint.text($0) }.joined(separator: "; "))
            throw Exit.undecided.code
        }
    }
}
