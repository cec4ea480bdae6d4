import ArgumentParser
import Foundation
import NNKernel
import NNMeasure
import NNResults
import NNWorkloads

// MARK: - The parent side of a run: sgemm peak, then one worker process after another

extension Run {
    /// What the workers measured, merged, with the facts the run records once.
    struct Measurement {
        var results: [BenchmarkResult]
        /// GFLOP/s of sgemm at the run's thread count, measured once in this process.
        var peak: Double
        var threads: Int
        var coreName: String
        var affinity: String
    }

    /// Measures the sgemm peak here (at `settings.threads`), then runs `settings.workers` worker
    /// processes one after another and merges their records (samples keep their worker index).
    func measure(_ specs: [WorkloadSpec], settings: MeasurementSettings) throws -> Measurement {
        let note = { (line: String) in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        let start = Date()
        BLAS.setThreads(settings.threads)
        note("measuring sgemm peak (\(BLAS.coreName), \(BLAS.threads) threads)")
        let peak = SgemmPeak.measure(seconds: quick ? 0.1 : 0.5)
        var reports: [WorkerReport] = []
        for w in 0..<settings.workers {
            let job = WorkerJob(workloadPaths: specs.map(\.path), modes: modes, batches: batches, samples: samples,
                                settings: settings, worker: w, workers: settings.workers, pinThreads: pinThreads)
            do { reports.append(try WorkerProcess.run(job, threads: settings.threads)) } catch {
                // A worker that failed measuring printed its own one-line reason.
                if error.reported { throw Exit.error.code }
                throw fail(error)
            }
        }
        let results = WorkerProcess.merge(reports)
        note(String(format: "measured %d benchmark records in %d worker processes in %.1f s",
                    results.count, settings.workers, Date().timeIntervalSince(start)))
        let first = reports[0]
        if let other = reports.first(where: { $0.openblasThreads != first.openblasThreads || $0.openblasCoreName != first.openblasCoreName }) {
            throw fail("worker \(other.worker + 1) ran OpenBLAS \(other.openblasCoreName) with \(other.openblasThreads) threads, worker 1 \(first.openblasCoreName) with \(first.openblasThreads): refusing to merge")
        }
        return Measurement(results: results, peak: peak.gflops, threads: first.openblasThreads,
                           coreName: first.openblasCoreName, affinity: first.affinity)
    }
}
