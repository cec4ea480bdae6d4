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
            prints the comparison table, and exits 0 when nothing got slower and no exact \
            counter went up, 2 when something regressed, 3 when nothing regressed but a change \
            beyond the threshold was not significant (undecided: more workers or samples would \
            decide it), 1 on error: a missing or unreadable baseline, no benchmark in common, \
            the same file on both sides, or runs measured differently (CPU, OpenBLAS core or \
            threads, OPENBLAS_CORETYPE, build, workload files, profile, sample length, sgemm \
            peaks more than 25% apart) unless --allow-env-mismatch.
            """)

    @Option(help: "A baseline .h5 file, or a directory of them (the newest is used).")
    var baseline: String

    @Argument(help: "The run to check (.h5).")
    var head: String

    @Flag(help: "Compare even when the environments differ (the difference is still printed).")
    var allowEnvMismatch = false

    @OptionGroup var options: ComparisonOptions

    func run() throws {
        let baseRun: RunResult, headRun: RunResult, basePath: String
        do {
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: baseline, isDirectory: &isDir)
            basePath = exists && isDir.boolValue ? try RunFiles.newest(in: baseline, excluding: head) : baseline
            baseRun = try RunFiles.read(basePath)
            headRun = try RunFiles.read(head)
        } catch { throw fail(error) }
        if !RunFiles.shared([basePath], [head]).isEmpty {
            throw fail("\(head): the baseline and the run to check are the same file")
        }
        let c = options.compare(base: baseRun, head: headRun)
        do { try options.emit(c, head: headRun, title: "nnbench check against \(basePath)") } catch { throw fail(error) }
        if let first = c.environmentMismatches.first {
            if !allowEnvMismatch {
                let more = c.environmentMismatches.count > 1 ? " (and \(c.environmentMismatches.count - 1) more)" : ""
                throw fail("\(basePath): measured differently from \(head): \(first)\(more); pass --allow-env-mismatch to compare anyway")
            }
            warn("environments differ (allowed): " + c.environmentMismatches.map(\.description).joined(separator: "; "))
        }
        if c.timings.isEmpty {
            let threads = baseRun.settings.threads != headRun.settings.threads
                ? " (OpenBLAS threads \(baseRun.settings.threads) vs \(headRun.settings.threads): the thread count is part of every benchmark's key)" : ""
            throw fail("\(basePath): no benchmark in common with \(head)\(threads): nothing was checked")
        }
        if !c.onlyInBase.isEmpty {
            warn("not in \(head), so not checked: " + c.onlyInBase.map(\.description).joined(separator: ", "))
        }
        if c.regressed {
            warn("regression: \(c.slower.count) slower, \(c.counterRegressions.count) exact-counter increase(s) against \(basePath)")
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
