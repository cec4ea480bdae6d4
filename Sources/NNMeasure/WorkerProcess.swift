import Foundation
import NNResults

// MARK: - Running worker processes, one after another

/// A worker process failed: it exited non-zero (it printed its own one-line reason) or did not
/// hand back a readable report.
public struct WorkerError: Error, CustomStringConvertible {
    public var worker: Int
    public var status: Int32
    public var reason: String
    /// The worker already printed the reason on standard error (a measurement error).
    public var reported: Bool

    public var description: String { "worker \(worker): \(reason)" }
}

/// Starts fresh worker processes of this very executable (`/proc/self/exe worker …`), hands each
/// its job through a temporary file and reads its report back from another. Workers never run
/// at the same time.
public enum WorkerProcess {
    /// The running executable (what the workers re-execute).
    public static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Runs one worker for `job` with OpenBLAS's thread count set through the environment it
    /// starts with (OpenBLAS reads `OPENBLAS_NUM_THREADS` when it loads, before `main`).
    /// - Parameter threads: OPENBLAS_NUM_THREADS for the worker.
    public static func run(_ job: WorkerJob, threads: Int, executable: String = WorkerProcess.executable) throws(WorkerError) -> WorkerReport {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnbench-worker-\(getpid())-\(job.worker)-\(UUID().uuidString)")
        let jobFile = dir.appendingPathComponent("job.json"), reportFile = dir.appendingPathComponent("report.json")
        defer { try? FileManager.default.removeItem(at: dir) }
        func failure(_ reason: String, status: Int32 = -1, reported: Bool = false) -> WorkerError {
            WorkerError(worker: job.worker, status: status, reason: reason, reported: reported)
        }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try job.json().write(to: jobFile)
        } catch { throw failure("cannot write the job file \(jobFile.path): \(error)") }

        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = ["worker", "--job", jobFile.path, "--report", reportFile.path]
        var env = ProcessInfo.processInfo.environment
        env["OPENBLAS_NUM_THREADS"] = String(threads)
        p.environment = env
        do { try p.run() } catch { throw failure("cannot start \(executable): \(error)") }
        p.waitUntilExit()
        if p.terminationReason == .uncaughtSignal {
            throw failure("killed by signal \(p.terminationStatus)", status: p.terminationStatus)
        }
        guard p.terminationStatus == 0 else {
            throw failure("exited with code \(p.terminationStatus)", status: p.terminationStatus, reported: true)
        }
        do { return try WorkerReport.from(json: Data(contentsOf: reportFile)) } catch {
            throw failure("no readable report in \(reportFile.path): \(error)")
        }
    }

    /// Merges the reports of all workers (in worker order) into one record per benchmark.
    /// - Precondition: `reports` is not empty; every report holds the same benchmarks.
    public static func merge(_ reports: [WorkerReport]) -> [BenchmarkResult] {
        precondition(!reports.isEmpty, "WorkerProcess.merge: no reports")
        return reports[0].benchmarks.indices.map { i in
            BenchmarkResult.merged(reports.compactMap { r in
                r.benchmarks.first { $0.groupPath == reports[0].benchmarks[i].groupPath }
            })
        }
    }
}
