import ArgumentParser
import Foundation
import NNMeasure
import NNResults
import NNWorkloads
import NNGraph
import NNKernel
import NNReport
import NNVocabulary

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure workloads and write Results/<timestamp>-<commit>.h5 and .md.",
        discussion: """
            Times every workload's step in each mode after a warm-up, with repeated samples \
            interleaved across modes, in several fresh worker processes run one after another \
            (--workers; the worker is the unit of replication when runs are compared). Refuses a \
            debug build unless --allow-debug. Exit 0 on success, 1 on any error (bad workload \
            file, non-finite loss, modes that disagree, a worker that failed).
            """)

    @Argument(help: "Workload names (files Workloads/<name>.yaml) or paths to .yaml files.")
    var workloads: [String] = []

    @Flag(help: "Run every workload in the workloads directory.")
    var all = false

    @Option(name: .customLong("mode"), help: "Only this mode (repeatable): eager, static or fused.")
    var modes: [Mode] = []

    @Option(name: .customLong("batch"), help: "Only this batch size (repeatable).")
    var batches: [Int] = []

    @Option(help: "Directory for the .h5, the .md and its two .svg charts.")
    var out = "Results"

    @Flag(help: "CI smoke run: a few short samples (seconds for the whole suite).")
    var quick = false

    @Flag(help: "More and longer samples.")
    var thorough = false

    @Option(help: "Samples (rounds) per benchmark in each worker (overrides the profile and the workload files).")
    var samples: Int?

    @Option(help: "Fresh worker processes per benchmark, run one after another (default: quick 2, default 3, thorough 5).")
    var workers: Int?

    @Option(help: "OpenBLAS threads in the workers (OPENBLAS_NUM_THREADS at their start; default: what OpenBLAS uses in this process). Part of every benchmark's key.")
    var threads: Int?

    @Flag(inversion: .prefixedNo, help: "Pin the measuring thread and OpenBLAS's threads to distinct CPUs in each worker.")
    var pinThreads = false

    @Flag(help: "Time a debug build anyway (its numbers mean little).")
    var allowDebug = false

    @Flag(help: "Also store each benchmark's initial parameters, its cycle of input batches and the losses of its first 10 steps per mode in the .h5 file (under /tensors).")
    var saveTensors = false

    @OptionGroup var workloadOptions: WorkloadOptions

    func validate() throws {
        if all == !workloads.isEmpty {
            throw ValidationError("name workloads to run, or pass --all (not both)")
        }
        if quick && thorough { throw ValidationError("--quick and --thorough exclude each other") }
        if let s = samples, s < 3 { throw ValidationError("--samples must be at least 3") }
        if let b = batches.first(where: { $0 < 1 }) { throw ValidationError("--batch \(b): must be at least 1") }
        if let w = workers, w < 1 { throw ValidationError("--workers \(w): must be at least 1") }
        if let t = threads, t < 1 { throw ValidationError("--threads \(t): must be at least 1") }
    }

    /// A measurement error with the workload file (and, for a non-finite loss, the field to
    /// change) in front, so the one-line message says where to look.
    static func located(_ error: RunError, _ workload: String, _ specs: [WorkloadSpec]) -> String {
        let file = specs.first { $0.name == workload }?.path ?? workload
        if case .nonFiniteLoss = error { return "\(file): learning_rate: \(error)" }
        return "\(file): \(error)"
    }

    func run() throws {
        if _isDebugAssertConfiguration() && !allowDebug { throw fail(RunError.debugBuild) }
        let specs: [WorkloadSpec]
        do { specs = try workloadOptions.load(all ? [] : workloads) } catch { throw fail(error) }

        var settings: MeasurementSettings = quick ? .quick : (thorough ? .thorough : .standard)
        if let s = samples { settings.samples = s }
        if let w = workers { settings.workers = w }
        settings.threads = threads ?? BLAS.threads
        var measured: [WorkloadSpec] = []
        var count = 0
        for spec in specs {
            do {
                let n = try spec.benchmarkCases(modes: modes, batches: batches, samples: samples).count
                    + spec.streamCases(modes: modes, batches: batches, samples: samples).count
                if n > 0 { measured.append(spec); count += n }
            } catch let e as NotImplementedError where all {
                warn("\(spec.path): skipped: \(e)")
            } catch {
                throw fail(error)
            }
        }
        guard count > 0 else { throw fail("nothing to run: no workload has the requested modes and batch sizes") }

        let measurement = try measure(measured, settings: settings)
        let results = measurement.results
        // Collected after timing, from fresh sessions: it never disturbs a measurement.
        let tensors = saveTensors ? try measured.flatMap { try $0.benchmarkCases(modes: modes, batches: batches, samples: samples) }.map { c -> SavedTensors in
            FileHandle.standardError.write(Data("saving tensors of \(c.label)\n".utf8))
            return SavedTensors.collect(c)
        } : nil
        let peak = measurement.peak

        let directory = FileManager.default.currentDirectoryPath
        let commit = Git.commit(in: directory)
        var env = EnvironmentCapture.capture(
            commit: commit, dirty: commit != "unknown" && Git.isDirty(directory),
            openblasConfig: BLAS.config, openblasCoreName: measurement.coreName, openblasThreads: measurement.threads,
            sgemmPeakGflops: peak,
            workloadHashes: Dictionary(specs.map { ($0.name, $0.fileHash) }, uniquingKeysWith: { a, _ in a }))
        (env.openblasCoreDetected, env.openblasCoreChoice) = CoreSelection.provenance()
        // The workers started with OPENBLAS_NUM_THREADS set to the run's thread count.
        env.openblasNumThreadsEnv = String(settings.threads)
        env.openblasAffinity = measurement.affinity
        let run = RunResult(environment: env, settings: settings, benchmarks: results, tensors: tensors)
        do {
            let files = try ReportWriter.write(run, to: out)
            print(MarkdownReport.tables(run))
            print("wrote \(files.h5)")
            print("wrote \(files.markdown)")
            for c in files.charts { print("wrote \(c)") }
        } catch {
            throw fail(error)
        }
    }
}
