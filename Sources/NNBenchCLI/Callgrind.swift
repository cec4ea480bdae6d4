import Foundation
import NNMeasure
import NNVocabulary

// MARK: - The one place nnbench runs valgrind

/// Counts instructions per step under valgrind's callgrind by re-running a debug-stripped copy
/// of this executable (`nnbench count-steps`, one process per workload and batch).
///
/// valgrind 3.19 cannot read the DWARF of Swift 6.3 release binaries, so the copy is stripped
/// of debug sections (`objcopy --strip-debug`); its symbol table stays, which is all
/// `--toggle-collect=nnbench_counted_steps` needs. The copy is cached beside the executable and
/// remade when the executable is newer.
struct Callgrind {
    /// The OpenBLAS kernels every x86-64 host with AVX2 can run: counts taken with them are
    /// comparable across such hosts (see README, "Instruction counts").
    static let coretype = "Haswell"
    /// The environment every counted child starts with (OpenBLAS reads it before `main`).
    static let childEnvironment = [
        "OPENBLAS_NUM_THREADS": "1", "OPENBLAS_CORETYPE": coretype,
        // Swift seeds hashing per process; a fixed seed keeps dictionary walks identical.
        "SWIFT_DETERMINISTIC_HASHING": "1",
    ]

    /// One benchmark case to count: every listed mode gets its own counted region.
    struct Job {
        var workloadPath: String
        var batch: Int
        var modes: [Mode]
        var label: String
    }

    /// A tool is missing or a child failed: one line saying which and why.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let valgrind: String
    /// `setarch`: runs valgrind with address-space randomization off (see `arguments`).
    let setarch: String
    let binary: String
    var warm = 2
    var steps = 1

    /// Finds valgrind and prepares the stripped copy of the running executable.
    /// - Throws: `Failure` when valgrind or objcopy is missing or the copy cannot be made.
    static func prepare() throws(Failure) -> Callgrind {
        guard let valgrind = which("valgrind") else {
            throw Failure(description: "valgrind not found on PATH: install it (apt-get install valgrind) to count instructions")
        }
        guard let setarch = which("setarch") else {
            throw Failure(description: "setarch not found on PATH: install util-linux to count instructions")
        }
        guard let objcopy = which("objcopy") else {
            throw Failure(description: "objcopy not found on PATH: install binutils to count instructions")
        }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let copy = exe + "-callgrind"
        let fm = FileManager.default
        func modified(_ p: String) -> Date? { (try? fm.attributesOfItem(atPath: p))?[.modificationDate] as? Date }
        if let c = modified(copy), let e = modified(exe), c >= e { return Callgrind(valgrind: valgrind, setarch: setarch, binary: copy) }
        let tmp = copy + ".tmp\(getpid())"
        guard (try? run(objcopy, ["--strip-debug", exe, tmp])) == 0 else {
            try? fm.removeItem(atPath: tmp)
            throw Failure(description: "\(exe): objcopy --strip-debug failed: cannot make the copy callgrind reads")
        }
        _ = rename(tmp, copy)
        return Callgrind(valgrind: valgrind, setarch: setarch, binary: copy)
    }

    /// Instructions per step of every job's modes (in job and mode order), `jobs` children at once.
    /// - Parameter progress: called with a job's label when it starts.
    func count(_ work: [Job], jobs: Int, progress: (String) -> Void) throws(Failure) -> [[Int]] {
        let fm = FileManager.default
        let scratch = fm.temporaryDirectory.appendingPathComponent("nnbench-callgrind-\(getpid())").path
        defer { try? fm.removeItem(atPath: scratch) }
        do {
            try fm.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            try fm.createSymbolicLink(atPath: scratch + "/nnbench", withDestinationPath: binary)
        } catch {
            throw Failure(description: "\(scratch): cannot prepare the counting directory: \(error)")
        }
        var results = [[Int]?](repeating: nil, count: work.count)
        var running: [(index: Int, process: Process)] = []
        var next = 0
        while next < work.count || !running.isEmpty {
            while next < work.count && running.count < max(1, jobs) {
                progress(work[next].label)
                let dir = "\(scratch)/job\(next)"
                do {
                    try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
                    try fm.copyItem(atPath: work[next].workloadPath, toPath: dir + "/w.yaml")
                    running.append((next, try launch(setarch, arguments(work[next]), in: dir)))
                } catch {
                    throw Failure(description: "\(work[next].label): cannot start \(valgrind): \(error)")
                }
                next += 1
            }
            Thread.sleep(forTimeInterval: 0.05)
            for (i, r) in running.enumerated().reversed() where !r.process.isRunning {
                running.remove(at: i)
                results[r.index] = try collect(work[r.index], status: r.process.terminationStatus, in: "\(scratch)/job\(r.index)")
            }
        }
        return results.map { $0 ?? [] }
    }

    /// The command line of one job, run in its own directory: `setarch -R valgrind … ../nnbench
    /// count-steps w.yaml …`.
    ///
    /// The child's initial stack must be the same in every run, or counts move: without `-R`
    /// (address-space randomization) the eager mode's count moved by about 1% between processes,
    /// and a longer environment or path shifted it by up to 0.8%. So the child gets a fixed
    /// environment (`childEnvironment`) and fixed, relative names for the binary and the workload.
    func arguments(_ job: Job) -> [String] {
        ["-R", valgrind, "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=nnbench_counted_steps",
         "--dump-after=nnbench_counted_steps", "--callgrind-out-file=cg.out", "--quiet",
         "../nnbench", "count-steps", "w.yaml", "--workloads", ".", "--batch", String(job.batch),
         "--warm", String(warm), "--steps", String(steps)] + job.modes.flatMap { ["--mode", $0.rawValue] }
    }

    /// Reads one finished job's profile parts: one per mode, numbered in call order.
    func collect(_ job: Job, status: Int32, in dir: String) throws(Failure) -> [Int] {
        guard status == 0 else {
            let log = (try? String(contentsOfFile: dir + "/log", encoding: .utf8)) ?? ""
            let last = log.split(separator: "\n").last.map(String.init) ?? "no output"
            throw Failure(description: "\(job.label): counting under callgrind failed (exit \(status)): \(last)")
        }
        var counts: [Int] = []
        for part in 1...job.modes.count {
            let path = "\(dir)/cg.out.\(part)"
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw Failure(description: "\(job.label): callgrind wrote no profile part \(part) (\(path))")
            }
            do { counts.append(try CallgrindProfile.instructions(text: text, path: path)) } catch {
                throw Failure(description: error.description)
            }
        }
        return counts.map { ($0 + steps / 2) / steps }
    }

    /// `valgrind --version` (e.g. `valgrind-3.19.0`), or "unknown".
    func version() -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: valgrind)
        p.arguments = ["--version"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return "unknown" }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: - Processes

    /// Starts `tool` with `arguments` in `dir` with the fixed counting environment; output to `dir/log`.
    private func launch(_ tool: String, _ arguments: [String], in dir: String) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        p.environment = Self.environment(from: ProcessInfo.processInfo.environment)
        let log = dir + "/log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        p.standardOutput = h; p.standardError = h
        try p.run()
        return p
    }

    /// The child's whole environment: `childEnvironment`, plus `LD_PRELOAD`, `GLIBC_TUNABLES`
    /// and `NNBENCH_SGEMM_*` when set (they change what runs, on purpose: the slowdown shim of
    /// scripts/sgemm-slowdown.c and the CPU-class experiment use them).
    static func environment(from parent: [String: String]) -> [String: String] {
        var env = childEnvironment
        for (key, value) in parent where key == "LD_PRELOAD" || key == "GLIBC_TUNABLES" || key.hasPrefix("NNBENCH_SGEMM_") {
            env[key] = value
        }
        return env
    }

    /// The full path of `tool` on PATH, or nil.
    static func which(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// Runs `tool` with `arguments` to the end, output discarded; its exit status.
private func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: tool)
    p.arguments = arguments
    p.standardOutput = FileHandle.nullDevice; p.standardError = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    return p.terminationStatus
}
