import ArgumentParser
import Foundation
import NNKernel
import NNMeasure
import NNResults
import NNWorkloads

/// The hidden subcommand `nnbench run` starts once per worker process: it measures the job it is
/// handed (a JSON file) in this fresh process and writes its records to the report file.
struct Worker: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Internal: measure one worker process's share of a run (started by `nnbench run`).",
        shouldDisplay: false)

    @Option(help: "The job file (JSON, written by nnbench run).")
    var job: String

    @Option(help: "Where to write the report (JSON).")
    var report: String

    @Flag(help: "Take turns with the workers of other builds (nnbench run --against): wait for the coordinator's command on standard input before every set-up, round and count.")
    var lockstep = false

    func run() throws {
        let job: WorkerJob
        do { job = try WorkerJob.from(json: Data(contentsOf: URL(fileURLWithPath: self.job))) } catch {
            throw fail("\(self.job): not a worker job: \(error)")
        }
        let specs: [WorkloadSpec]
        do { specs = try job.workloadPaths.map { try WorkloadLoader.load(path: $0) } } catch { throw fail(error) }
        var cases: [BenchmarkCase] = [], streams: [StreamCase] = []
        do {
            for spec in specs {
                cases += try spec.benchmarkCases(modes: job.modes, batches: job.batches, samples: job.samples)
                streams += try spec.streamCases(modes: job.modes, batches: job.batches, samples: job.samples)
            }
        } catch { throw fail(error) }
        (cases, streams) = BenchmarkSelection(filters: job.filters, skips: job.skips).apply(cases, streams)
        let affinity = job.pinThreads ? BLAS.pinThreads() : "not pinned (placement left to the OS scheduler)"
        // This process's own sgemm rate: processes land in faster or slower states and keep them,
        // so each worker's GFLOP/s is set against its own peak (see Summary.percentOfPeak).
        let peak = job.sgemmPeakSeconds.map { SgemmPeak.measure(seconds: $0).gflops }

        let progress = Progress(tasks: Run.estimates(cases, streams, job.settings), prefix: (job.side.map { "\($0) " } ?? "") + "worker \(job.worker + 1)/\(job.workers) ",
                                laterRepeats: job.workers - job.worker - 1)
        let turns = lockstep ? Lockstep() : nil
        var runner = Runner(settings: job.settings, progress: { progress.update($0) })
        runner.repeatsFirstSteps = job.worker == 0
        runner.lockstep = turns
        var results: [BenchmarkResult] = []
        for c in cases {
            do {
                let r = try runner.run(c)
                results += r
                progress.finish(c.name, Run.doneLine(r))
            } catch { throw fail(Run.located(error, c.workload, specs)) }
        }
        var streamRunner = StreamRunner(settings: job.settings, progress: { progress.update($0) })
        streamRunner.lockstep = turns
        for c in streams {
            do {
                let r = try streamRunner.run(c)
                results += r
                progress.finish(c.name, Run.doneLine(r))
            } catch { throw fail(Run.located(error, c.workload, specs)) }
        }
        do { try turns?.end() } catch { throw fail(error) }
        progress.clear()
        let out = WorkerReport(worker: job.worker, benchmarks: results, openblasThreads: BLAS.threads,
                               openblasCoreName: BLAS.coreName, affinity: affinity,
                               buildConfiguration: _isDebugAssertConfiguration() ? "debug" : "release",
                               nnbenchVersion: NNMeasure.nnbenchVersion, kernelISA: KernelISA.name,
                               sgemmPeakGflops: peak)
        do { try out.json().write(to: URL(fileURLWithPath: report)) } catch {
            throw fail("\(report): cannot write the worker report: \(error)")
        }
    }
}
