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
        /// The side of a lockstep measurement (`head` for this build), the checkout its commit is
        /// read from, and the build facts its workers reported (nil: this process's own).
        var side = "head"
        var directory = FileManager.default.currentDirectoryPath
        var nnbenchVersion: String? = nil
        var buildConfiguration: String? = nil
        /// nil: this build's own `KernelISA.name` (the plain path); "" when a lockstep side's
        /// workers did not say.
        var kernelISA: String? = nil
        /// Each worker's own sgemm peak, in worker order (empty: measured once, here).
        var workerPeaks: [Double] = []
    }

    /// The environment record of a measurement: the machine as seen here, the build as its
    /// workers reported it, the commit of the checkout in `directory`.
    func environment(_ m: Measurement, directory: String, specs: [WorkloadSpec], settings: MeasurementSettings,
                     peak: Double, start: Date) -> Environment {
        let commit = Git.commit(in: directory)
        var env = EnvironmentCapture.capture(
            commit: commit, dirty: commit != "unknown" && Git.isDirty(directory),
            openblasConfig: BLAS.config, openblasCoreName: m.coreName, openblasThreads: m.threads,
            sgemmPeakGflops: peak,
            workloadHashes: Dictionary(specs.map { ($0.name, $0.fileHash) }, uniquingKeysWith: { a, _ in a }),
            start: start)
        (env.openblasCoreDetected, env.openblasCoreChoice) = CoreSelection.provenance()
        // The workers started with OPENBLAS_NUM_THREADS set to the run's thread count.
        env.openblasNumThreadsEnv = String(settings.threads)
        env.openblasAffinity = m.affinity
        if let v = m.nnbenchVersion { env.nnbenchVersion = v }
        if let b = m.buildConfiguration { env.buildConfiguration = b }
        if let k = m.kernelISA { env.kernelISA = k }
        env.sgemmPeakWorkers = m.workerPeaks
        return env
    }

    /// Runs `settings.workers` worker processes one after another, each measuring its own sgemm
    /// peak first, and merges their records (samples keep their worker index). The run's peak is
    /// the median of the workers' peaks.
    func measure(_ specs: [WorkloadSpec], settings: MeasurementSettings) throws -> Measurement {
        let note = { (line: String) in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        let start = Date()
        note("measuring in \(settings.workers) worker processes (each first measures its own sgemm peak: \(BLAS.coreName), \(settings.threads) threads)")
        var reports: [WorkerReport] = []
        for w in 0..<settings.workers {
            var job = workerJob(specs, settings, worker: w)
            job.sgemmPeakSeconds = quick ? 0.1 : 0.5
            do { reports.append(try WorkerProcess.run(job, threads: settings.threads)) } catch {
                // A worker that failed measuring printed its own one-line reason.
                if error.reported { throw Exit.error.code }
                throw fail(error)
            }
        }
        let results = try merged(reports)
        let peaks = reports.compactMap(\.sgemmPeakGflops)
        note(String(format: "measured %d benchmark records in %d worker processes in %.1f s; their sgemm peaks %@ GFLOP/s",
                    results.count, settings.workers, Date().timeIntervalSince(start),
                    peaks.map { String(format: "%.0f", $0) }.joined(separator: ", ")))
        // Every worker here is this build and was asked for its peak.
        guard peaks.count == reports.count else { throw fail("a worker process did not report its sgemm peak") }
        var m = Measurement(results: results, peak: Statistics.median(peaks), threads: reports[0].openblasThreads,
                            coreName: reports[0].openblasCoreName, affinity: reports[0].affinity)
        m.workerPeaks = peaks
        return m
    }

    /// Worker `w`'s job: every worker (and, in lockstep, every side) gets the same but its index.
    func workerJob(_ specs: [WorkloadSpec], _ settings: MeasurementSettings, worker w: Int) -> WorkerJob {
        WorkerJob(workloadPaths: specs.map(\.path), modes: modes, batches: batches, samples: samples,
                  settings: settings, worker: w, workers: settings.workers, pinThreads: pinThreads,
                  filters: filter, skips: skip)
    }

    /// Sets the run's OpenBLAS thread count here and measures the sgemm peak (GFLOP/s).
    func sgemmPeak(_ settings: MeasurementSettings, note: (String) -> Void) -> Double {
        BLAS.setThreads(settings.threads)
        note("measuring sgemm peak (\(BLAS.coreName), \(BLAS.threads) threads)")
        return SgemmPeak.measure(seconds: quick ? 0.1 : 0.5).gflops
    }

    /// One record per benchmark from the reports of one build's workers, refused when its
    /// workers ran different OpenBLAS cores or thread counts.
    func merged(_ reports: [WorkerReport]) throws -> [BenchmarkResult] {
        let first = reports[0]
        if let other = reports.first(where: { $0.openblasThreads != first.openblasThreads || $0.openblasCoreName != first.openblasCoreName }) {
            throw fail("worker \(other.worker + 1) ran OpenBLAS \(other.openblasCoreName) with \(other.openblasThreads) threads, worker 1 \(first.openblasCoreName) with \(first.openblasThreads): refusing to merge")
        }
        return WorkerProcess.merge(reports)
    }

    /// `--against`: measures this build (`head`) and every other executable in lockstep (see
    /// `InterleavedWorkers`), after one sgemm peak here. Returns one measurement per side, head
    /// first; each against side's commit is read from the checkout its executable lives in.
    func measureInterleaved(_ specs: [WorkloadSpec], settings: MeasurementSettings) throws -> [Measurement] {
        // A worker's progress bar may be on the terminal's last line: clear it first.
        let live = isatty(2) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
        let note = { (line: String) in FileHandle.standardError.write(Data(((live ? "\r\u{1B}[2K" : "") + line + "\n").utf8)) }
        var sides = [InterleaveSide(name: "head", executable: WorkerProcess.executable)]
        for (i, path) in against.enumerated() {
            let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
            guard FileManager.default.isExecutableFile(atPath: url.path) else {
                throw fail("--against \(path): not an executable file")
            }
            sides.append(InterleaveSide(name: "against-\(i + 1)", executable: url.path))
        }
        let start = Date()
        let peak = sgemmPeak(settings, note: note)
        let reports: [[WorkerReport]]
        do {
            reports = try InterleavedWorkers.run({ w in workerJob(specs, settings, worker: w) },
                                                 workers: settings.workers, sides: sides, threads: settings.threads, note: note)
        } catch {
            if error.reported { throw Exit.error.code }
            throw fail(error)
        }
        var out: [Measurement] = []
        for (side, r) in zip(sides, reports) {
            let first = r[0]
            if first.buildConfiguration == "debug" && !allowDebug {
                throw fail("\(side.executable) (\(side.name)) is a debug build: build it with -c release (or pass --allow-debug)")
            }
            let results = try merged(r)
            let directory = side.name == "head" ? FileManager.default.currentDirectoryPath
                : URL(fileURLWithPath: side.executable).deletingLastPathComponent().path
            out.append(Measurement(results: results, peak: peak, threads: first.openblasThreads,
                                   coreName: first.openblasCoreName, affinity: first.affinity, side: side.name,
                                   directory: directory, nnbenchVersion: first.nnbenchVersion,
                                   buildConfiguration: first.buildConfiguration,
                                   kernelISA: first.kernelISA ?? ""))
        }
        note(String(format: "measured %d sides in lockstep, %d worker processes each, in %.1f s",
                    sides.count, settings.workers, Date().timeIntervalSince(start)))
        return out
    }
}
