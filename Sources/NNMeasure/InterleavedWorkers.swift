import Foundation
import NNResults

// MARK: - Several builds measured in lockstep, round by round (`nnbench run --against`)

/// One side of a lockstep measurement: an nnbench executable (this one, another build, or a
/// wrapper that starts one under other conditions).
public struct InterleaveSide: Sendable, Equatable {
    /// `head` for the build that coordinates, `against-1`, `against-2`, … for the others.
    public var name: String
    public var executable: String

    public init(name: String, executable: String) { self.name = name; self.executable = executable }
}

/// Runs the workers of several sides in lockstep: for each worker index one process per side is
/// started (`<executable> worker --lockstep …`), and the coordinator hands out turns so that
/// exactly one process works at any time. Per benchmark: every side sets up (first steps,
/// warm-up) in turn, then rounds alternate in ABBA order (A B, B A, A B, …; for more sides the
/// order reverses every round), then every side takes its exact counters. A round of one side
/// and the same round of another are seconds apart at most, so a machine episode that lasts
/// seconds falls on both, and `Comparison.compareTimingPaired` judges them round by round.
/// Between its turns a worker process is stopped (SIGSTOP, then SIGCONT for its next turn), so
/// nothing of an idle side (OpenBLAS threads spinning after their last call) runs beside the
/// side that measures.
public enum InterleavedWorkers {
    /// Measures `job(w)` for every worker index `w` in one process per side, in lockstep.
    /// - Returns: the reports per side (in `sides` order), each in worker order.
    public static func run(_ job: (Int) -> WorkerJob, workers: Int, sides: [InterleaveSide], threads: Int,
                           note: (String) -> Void = { _ in }) throws(WorkerError) -> [[WorkerReport]] {
        precondition(!sides.isEmpty && workers > 0, "InterleavedWorkers.run: no sides or no workers")
        signal(SIGPIPE, SIG_IGN)   // a worker that died must not take the coordinator with it
        var reports = [[WorkerReport]](repeating: [], count: sides.count)
        for w in 0..<workers {
            let group = try WorkerGroup(job(w), sides: sides, threads: threads)
            defer { group.cleanUp() }
            try group.measure(note: note)
            for (i, r) in try group.finish().enumerated() { reports[i].append(r) }
        }
        return reports
    }
}

/// One worker index: a live process per side, spoken to over its standard input and output.
final class WorkerGroup {
    struct Member {
        let side: InterleaveSide
        let process: Process
        let channel: Lockstep
        let input: FileHandle
        let dir: URL
    }
    let worker: Int
    private(set) var members: [Member] = []

    init(_ job: WorkerJob, sides: [InterleaveSide], threads: Int) throws(WorkerError) {
        worker = job.worker
        for side in sides {
            let dir = FileManager.default.temporaryDirectory
                .appendingPathComponent("nnbench-lockstep-\(getpid())-\(job.worker)-\(side.name)-\(UUID().uuidString)")
            let jobFile = dir.appendingPathComponent("job.json")
            do {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                var sideJob = job
                sideJob.side = side.name
                try sideJob.json().write(to: jobFile)
            } catch {
                cleanUp()
                throw failure(side, "cannot write the job file \(jobFile.path): \(error)")
            }
            let p = Process(), toWorker = Pipe(), fromWorker = Pipe()
            p.executableURL = URL(fileURLWithPath: side.executable)
            p.arguments = ["worker", "--job", jobFile.path, "--report", dir.appendingPathComponent("report.json").path, "--lockstep"]
            var env = ProcessInfo.processInfo.environment
            env["OPENBLAS_NUM_THREADS"] = String(threads)
            p.environment = env
            p.standardInput = toWorker
            p.standardOutput = fromWorker
            do { try p.run() } catch {
                try? FileManager.default.removeItem(at: dir)
                cleanUp()
                throw failure(side, "cannot start \(side.executable): \(error)")
            }
            members.append(Member(side: side, process: p,
                                  channel: Lockstep(input: fromWorker.fileHandleForReading.fileDescriptor,
                                                    output: toWorker.fileHandleForWriting.fileDescriptor),
                                  input: toWorker.fileHandleForWriting, dir: dir))
        }
    }

    func failure(_ side: InterleaveSide, _ reason: String, status: Int32 = -1, reported: Bool = false) -> WorkerError {
        WorkerError(worker: worker, status: status, reason: "\(side.name) (\(side.executable)): \(reason)", reported: reported)
    }

    /// Sends `command` to member `i` and returns its answer; a worker that died is reported
    /// with its exit status (this build's own worker printed its reason; another side's is named
    /// here, since it may not be nnbench at all).
    func ask(_ i: Int, _ command: String) throws(WorkerError) -> String {
        let m = members[i]
        var answer: String? = nil
        // Between its turns a worker is stopped: its OpenBLAS threads, which spin for a while
        // after the last call before they sleep, would otherwise take CPU time from the side
        // that is measuring (seen as disturbed rounds before this was done).
        kill(m.process.processIdentifier, SIGCONT)
        do { try m.channel.writeLine(command); answer = m.channel.readLine() } catch {}
        if let answer {
            kill(m.process.processIdentifier, SIGSTOP)
            return answer
        }
        m.process.waitUntilExit()
        if m.process.terminationReason == .uncaughtSignal {
            throw failure(m.side, "killed by signal \(m.process.terminationStatus)", status: m.process.terminationStatus)
        }
        throw failure(m.side, "stopped answering (exit code \(m.process.terminationStatus))",
                      status: m.process.terminationStatus, reported: m.side.name == "head" && m.process.terminationStatus != 0)
    }

    /// Every benchmark of the job: set-up in turn, rounds in ABBA order, counters in turn.
    func measure(note: (String) -> Void) throws(WorkerError) {
        while true {
            // Each side's next benchmark (nil: it has none left).
            var planned: [Int] = [], labels: [String?] = []
            for i in members.indices {
                let a = try ask(i, "prepare")
                if a == "end" { labels.append(nil); continue }
                let parts = a.split(separator: " ", maxSplits: 2).map(String.init)
                guard parts.count == 3, parts[0] == "ready", let n = Int(parts[1]), n > 0 else {
                    throw failure(members[i].side, "unexpected answer '\(a)' to 'prepare'")
                }
                planned.append(n); labels.append(parts[2])
            }
            if labels.allSatisfy({ $0 == nil }) { return }
            guard Set(labels).count == 1, let label = labels[0] else {
                let what = members.indices.map { "\(members[$0].side.name): \(labels[$0] ?? "no more benchmarks")" }
                throw WorkerError(worker: worker, status: -1, reason: "the builds measure different benchmarks ("
                    + what.joined(separator: "; ") + "): every side must run the same benchmarks", reported: false)
            }
            let rounds = planned.max() ?? 1
            note("\(label): \(rounds) rounds in lockstep, \(members.map(\.side.name).joined(separator: " / ")), worker \(worker + 1)")
            for r in 0..<rounds {
                let order = r % 2 == 0 ? Array(members.indices) : Array(members.indices.reversed())
                for i in order {
                    let a = try ask(i, "round")
                    guard a == "ok" else { throw failure(members[i].side, "unexpected answer '\(a)' to 'round'") }
                }
            }
            for i in members.indices {
                let a = try ask(i, "finish")
                guard a == "done" else { throw failure(members[i].side, "unexpected answer '\(a)' to 'finish'") }
            }
        }
    }

    /// Closes every worker's input, waits for it and reads its report.
    func finish() throws(WorkerError) -> [WorkerReport] {
        var out: [WorkerReport] = []
        for m in members {
            kill(m.process.processIdentifier, SIGCONT)
            try? m.input.close()
            m.process.waitUntilExit()
            if m.process.terminationReason == .uncaughtSignal {
                throw failure(m.side, "killed by signal \(m.process.terminationStatus)", status: m.process.terminationStatus)
            }
            guard m.process.terminationStatus == 0 else {
                throw failure(m.side, "exited with code \(m.process.terminationStatus)", status: m.process.terminationStatus,
                              reported: m.side.name == "head")
            }
            let file = m.dir.appendingPathComponent("report.json")
            do { out.append(try WorkerReport.from(json: Data(contentsOf: file))) } catch {
                throw failure(m.side, "no readable report in \(file.path): \(error)")
            }
        }
        return out
    }

    /// Stops workers still running and removes the job directories.
    func cleanUp() {
        for m in members {
            if m.process.isRunning {
                kill(m.process.processIdentifier, SIGCONT)
                m.process.terminate(); m.process.waitUntilExit()
            }
            try? FileManager.default.removeItem(at: m.dir)
        }
    }
}
