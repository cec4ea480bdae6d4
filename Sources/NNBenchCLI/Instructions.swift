import ArgumentParser
import Foundation
import NNMeasure
import NNResults
import NNVocabulary
import NNWorkloads

/// `nnbench instructions`: instructions per step of every benchmark, counted under callgrind.
struct Instructions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count instructions per step under valgrind's callgrind (no timing).",
        discussion: """
            Runs each benchmark's step untimed in a debug-stripped copy of nnbench under \
            `valgrind --tool=callgrind`, with OPENBLAS_NUM_THREADS=1 and OPENBLAS_CORETYPE=\
            \(Callgrind.coretype) pinned, and counts the instructions of the counted steps after \
            untimed warm steps (README, "Instruction counts", says how long it takes). Stream workloads are not counted. `nnbench run --instructions` \
            stores the counts in the run file, where `check` gates them. Exit 0, or 1 on error \
            (valgrind or objcopy missing, a failed child).
            """)

    @Argument(help: "Workload names (files Workloads/<name>.yaml) or paths to .yaml files.")
    var workloads: [String] = []

    @Flag(help: "Count every workload in the workloads directory.")
    var all = false

    @Option(name: .customLong("mode"), help: "Only this mode (repeatable): eager, static or fused.")
    var modes: [Mode] = []

    @Option(name: .customLong("batch"), help: "Only this batch size (repeatable).")
    var batches: [Int] = []

    @OptionGroup var counting: CountingOptions

    @OptionGroup var workloadOptions: WorkloadOptions

    func validate() throws {
        if all == !workloads.isEmpty { throw ValidationError("name workloads to count, or pass --all (not both)") }
    }

    func run() throws {
        let specs: [WorkloadSpec]
        do { specs = try workloadOptions.load(all ? [] : workloads) } catch { throw fail(error) }
        let start = Date()
        let counted = try counting.count(specs, modes: modes, batches: batches)
        for (key, n) in counted.counts.sorted(by: { $0.key < $1.key }) { print("\(key)\t\(n)") }
        let h = counted.host
        print("instructions per step: coretype \(h.coretype), glibc \(h.glibcVersion), \(h.cpuClass), \(h.valgrindVersion); "
              + "\(counted.counts.count) benchmarks in \(Int(Date().timeIntervalSince(start).rounded())) s")
    }
}

/// Options of instruction counting, shared by `instructions` and `run --instructions`.
struct CountingOptions: ParsableArguments {
    @Option(name: .customLong("count-steps"), help: "Instruction counting: counted steps per benchmark (after 2 untimed warm steps).")
    var countSteps = 1

    @Option(name: .customLong("count-jobs"), help: "Instruction counting: callgrind processes at once (default: the core count).")
    var countJobs = ProcessInfo.processInfo.activeProcessorCount

    /// Counts of the benchmarks of `specs` (stream workloads left out), keyed like comparisons.
    func count(_ specs: [WorkloadSpec], modes: [Mode], batches: [Int]) throws -> (counts: [BenchmarkKey: Int], host: InstructionHost) {
        var jobs: [Callgrind.Job] = [], keys: [[BenchmarkKey]] = []
        for spec in specs where spec.task != .stream {
            let cases: [BenchmarkCase]
            do { cases = try spec.benchmarkCases(modes: modes, batches: batches, samples: nil) } catch { throw fail(error) }
            for c in cases {
                jobs.append(.init(workloadPath: spec.path, batch: c.batch, modes: c.modes, label: c.label))
                keys.append(c.modes.map {
                    BenchmarkKey(workload: c.workload, mode: BenchmarkMode($0), task: c.task, batch: c.batch,
                                 sequenceLength: c.sequenceLength)
                })
            }
        }
        guard !jobs.isEmpty else { throw fail("nothing to count: no step workload has the requested modes and batch sizes") }
        let total = jobs.count
        var started = 0
        let result = Result { () throws(Callgrind.Failure) -> (Callgrind, [[Int]]) in
            var cg = try Callgrind.prepare()
            cg.steps = max(1, countSteps)
            return (cg, try cg.count(jobs, jobs: countJobs) { label in
                started += 1
                FileHandle.standardError.write(Data("counting instructions [\(started)/\(total)]: \(label)\n".utf8))
            })
        }
        let cg: Callgrind, counts: [[Int]]
        switch result {
        case .success(let r): (cg, counts) = r
        case .failure(let e): throw fail(e)
        }
        var out: [BenchmarkKey: Int] = [:]
        for (ks, ns) in zip(keys, counts) { for (k, n) in zip(ks, ns) { out[k] = n } }
        return (out, InstructionHost.capture(coretype: Callgrind.coretype, valgrindVersion: cg.version(),
                                             countedSteps: cg.steps))
    }
}
