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
            file, non-finite loss, modes that disagree, a worker that failed), 64 on a command-line mistake.
            """)

    @Argument(help: "Workload names (files Workloads/<name>.yaml) or paths to .yaml files.")
    var workloads: [String] = []

    @Flag(help: "Run every workload in the workloads directory.")
    var all = false

    @Option(name: .customLong("mode"), help: "Only this mode (repeatable): eager, static or fused.")
    var modes: [Mode] = []

    @Option(name: .customLong("batch"), parsing: .unconditionalSingleValue, help: "Only this batch size (repeatable).")
    var batches: [Int] = []

    @Option(help: ArgumentHelp("Only benchmarks whose name matches this shell glob (repeatable).",
                               discussion: "Names are <workload>/<mode>/b<batch>[_t<len>] (e.g. mlp/fused/b32); * also matches /: --filter 'mlp/*', --filter '*/fused/*'.",
                               valueName: "pattern"))
    var filter: [String] = []

    @Option(help: ArgumentHelp("Leave out benchmarks whose name matches this shell glob (repeatable), e.g. --skip '*/b256'.",
                               valueName: "pattern"))
    var skip: [String] = []

    @Option(help: "Directory for the .h5, the .md and its two .svg charts.")
    var out = "Results"

    @Flag(help: "CI smoke run: a few short samples (seconds for the whole suite).")
    var quick = false

    @Flag(help: "More and longer samples.")
    var thorough = false

    @Option(parsing: .unconditional, help: "Samples (rounds) per benchmark in each worker, 3 to 100000 (overrides the profile and the workload files).")
    var samples: Int?

    @Option(parsing: .unconditional, help: "Fresh worker processes per benchmark, run one after another (default: quick 2, default 3, thorough 5).")
    var workers: Int?

    @Option(parsing: .unconditional, help: "OpenBLAS threads in the workers (OPENBLAS_NUM_THREADS at their start; default: what OpenBLAS uses in this process). Part of every benchmark's key.")
    var threads: Int?

    @Flag(inversion: .prefixedNo, help: "Pin the measuring thread and OpenBLAS's threads to distinct CPUs in each worker.")
    var pinThreads = false

    @Flag(help: "Time a debug build anyway (its numbers mean little).")
    var allowDebug = false

    @Flag(help: "Also store each benchmark's initial parameters, its cycle of input batches and the losses of its first 10 steps per mode in the .h5 file (under /tensors).")
    var saveTensors = false

    @Flag(help: "After timing, also count instructions per step under valgrind's callgrind (see `nnbench instructions`; stream workloads are not counted).")
    var instructions = false

    @Option(help: ArgumentHelp("Also measure another nnbench executable (repeatable) in lockstep with this one, round by round (A B B A …), and write its run to <out>/against-<n>/: `nnbench check --baseline <out>/against-1 <this run>.h5` then judges the two round by round.",
                               discussion: "The other build must speak the lockstep protocol (`nnbench worker --lockstep`, this version or later) and measure the same benchmarks. A wrapper script that execs nnbench under other conditions (LD_PRELOAD, an environment variable) counts as an executable.",
                               valueName: "executable"))
    var against: [String] = []

    @OptionGroup var counting: CountingOptions

    @OptionGroup var workloadOptions: WorkloadOptions

    func validate() throws {
        if all == !workloads.isEmpty {
            throw ValidationError("name workloads to run, or pass --all (not both)")
        }
        if quick && thorough { throw ValidationError("--quick and --thorough exclude each other") }
        if let s = samples { try CountOption.check("--samples", s, Limits.samples) }
        for b in batches { try CountOption.check("--batch", b, Limits.batch) }
        if let w = workers { try CountOption.check("--workers", w, CountOption.workers) }
        if let t = threads { try CountOption.check("--threads", t, CountOption.threads) }
    }

    /// A measurement error with the workload file (and, for a non-finite loss, the field to
    /// change) in front, so the one-line message says where to look.
    static func located(_ error: RunError, _ workload: String, _ specs: [WorkloadSpec]) -> String {
        let file = specs.first { $0.name == workload }?.path ?? workload
        if case .nonFiniteLoss = error { return "\(file): learning_rate: \(error)" }
        return "\(file): \(error)"
    }

    /// A-priori seconds of each benchmark, for the ETA: step benchmarks from samples × modes ×
    /// minimum sample time plus warm-up; stream benchmarks from their strategies × samples ×
    /// a guessed 0.3 s per pass. The progress display corrects both kinds by the ratio of actual
    /// to estimated time of the finished benchmarks of that kind.
    static func estimates(_ cases: [BenchmarkCase], _ streams: [StreamCase], _ s: MeasurementSettings) -> [Progress.Task] {
        cases.map { c in
            let modes = Double(c.modes.count), samples = Double(c.samples ?? s.samples)
            return Progress.Task(kind: .step, estimate: modes * (samples * s.minSampleSeconds * 1.2 + s.warmupMaxSeconds / 2))
        } + streams.map { c in
            let strategies = Double(c.modes.count * 2 - (c.modes.contains(.eager) ? 1 : 0))
            return Progress.Task(kind: .stream, estimate: strategies * Double(c.samples ?? s.samples + 2) * 0.3)
        }
    }

    /// The numbers of a finished benchmark: `eager 997 µs · static 1.19 ms (0.837×) · fused 987 µs (1.01×)`.
    static func doneLine(_ results: [BenchmarkResult]) -> String {
        let eager = results.first { $0.mode == .eager && !$0.samplesNs.isEmpty }
        return results.filter { !$0.samplesNs.isEmpty }.map { b in
            var t = "\(b.mode) \(MarkdownReport.duration(Statistics.median(b.samplesNs)))"
            if let e = eager, b.mode != .eager { t += " (\(MarkdownReport.number(Statistics.median(e.samplesNs) / Statistics.median(b.samplesNs)))×)" }
            return t
        }.joined(separator: " · ")
    }

    func run() throws {
        let start = Date()   // the run's date and file name: when it STARTED
        if _isDebugAssertConfiguration() && !allowDebug { throw fail(RunError.debugBuild) }
        let specs: [WorkloadSpec]
        do { specs = try workloadOptions.load(all ? [] : workloads) } catch { throw fail(error) }

        if let e = Self.unknownSelection(specs, batches: batches, modes: modes) { throw fail(e) }
        var settings: MeasurementSettings = quick ? .quick : (thorough ? .thorough : .standard)
        if let s = samples { settings.samples = s }
        if let w = workers { settings.workers = w }
        settings.threads = threads ?? BLAS.threads
        let selection = BenchmarkSelection(filters: filter, skips: skip)
        var measured: [WorkloadSpec] = []
        var available: [String] = []
        var count = 0
        for spec in specs {
            do {
                let cases = try spec.benchmarkCases(modes: modes, batches: batches, samples: samples)
                let streams = try spec.streamCases(modes: modes, batches: batches, samples: samples)
                available += BenchmarkSelection.allNames(cases, streams)
                let (c, s) = selection.apply(cases, streams)
                if !c.isEmpty || !s.isEmpty { measured.append(spec); count += c.count + s.count }
            } catch let e as NotImplementedError where all {
                warn("\(spec.path): skipped: \(e)")
            } catch {
                throw fail(error)
            }
        }
        guard !available.isEmpty else { throw fail(Self.nothingToRun(specs)) }
        guard count > 0 else {
            let shown = available.prefix(12).joined(separator: ", ") + (available.count > 12 ? ", …" : "")
            throw fail("--filter/--skip left no benchmark; names are <workload>/<mode>/b<batch>[_t<len>]: \(shown)")
        }
        // Before measuring: an unusable --out must not throw minutes of measurements away.
        do { try OutputLocation.prepareDirectory(out) } catch { throw fail(error) }

        let interleaved = against.isEmpty ? [] : try measureInterleaved(measured, settings: settings)
        let measurement = try interleaved.first ?? measure(measured, settings: settings)
        let results = measurement.results
        // Collected after timing, from fresh sessions: it never disturbs a measurement.
        let tensors = saveTensors ? try selection.apply(measured.flatMap { try $0.benchmarkCases(modes: modes, batches: batches, samples: samples) }, []).0.map { c -> SavedTensors in
            FileHandle.standardError.write(Data("saving tensors of \(c.label)\n".utf8))
            return SavedTensors.collect(c)
        } : nil
        let peak = measurement.peak

        let env = environment(measurement, directory: FileManager.default.currentDirectoryPath, specs: specs,
                              settings: settings, peak: peak, start: start)
        var run = RunResult(environment: env, settings: settings, benchmarks: results, tensors: tensors)
        let interleave = interleaved.isEmpty ? nil : Interleave(id: UUID().uuidString, side: interleaved[0].side,
                                                                  sides: interleaved.map(\.side))
        run.interleave = interleave
        if instructions {
            // After every timing: the callgrind children would disturb a measurement. Counts are
            // taken with one OpenBLAS thread, so they match benchmarks whatever their threads.
            let counted = try counting.count(specs, modes: modes, batches: batches)
            for i in run.benchmarks.indices {
                var key = BenchmarkKey(run.benchmarks[i])
                key.threads = 0
                run.benchmarks[i].instructionsPerStep = counted.counts[key]
            }
            run.instructionHost = counted.host
        }
        do {
            // The other sides of a lockstep measurement first, each in its own directory.
            var others: [String] = []
            for (i, m) in interleaved.enumerated().dropFirst() {
                var other = RunResult(environment: environment(m, directory: m.directory, specs: specs, settings: settings,
                                                               peak: peak, start: start),
                                      settings: settings, benchmarks: m.results)
                other.interleave = interleave.map { Interleave(id: $0.id, side: m.side, sides: $0.sides) }
                let dir = (out as NSString).appendingPathComponent(m.side)
                try OutputLocation.prepareDirectory(dir)
                let files = try ReportWriter.write(other, to: dir)
                others.append(files.h5)
                print("wrote \(files.h5) (\(m.side): \(against[i - 1]))")
            }
            let files = try ReportWriter.write(run, to: out)
            print(TerminalSummary.render(run, width: min(Progress.terminalWidth(), 100)))
            print("wrote \(files.h5)")
            print("wrote \(files.markdown)")
            for c in files.charts { print("wrote \(c)") }
            for o in others { print("judge round by round: nnbench check --baseline \(o) \(files.h5)") }
        } catch {
            throw fail(error)
        }
    }
}
