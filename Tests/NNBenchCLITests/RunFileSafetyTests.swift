import Foundation
import NNReport
import NNVocabulary
import Testing
import TestSupport

/// Files nnbench writes: runs never replace each other, an unusable --out is refused before
/// measuring, a full disk is an error (exit 1) not a crash, and signals leave no temporary files.
@Suite(.serialized)
struct RunFileSafetyTests {
    /// A workload small enough that a quick run takes about a second.
    static let tiny = """
        task: train
        model: {kind: mlp, input: 8, hidden: [8], classes: 2, activation: relu}
        batch_sizes: [2]
        learning_rate: 0.01
        modes: [eager, fused]
        measure: {samples: 3}
        """

    /// A scratch directory with `tiny.yaml` (and, with `hidden`, a larger model for big files).
    static func scratch(_ tag: String, hidden: Int = 8) throws -> (dir: String, workload: String) {
        let dir = try scratchDirectory(tag)
        let path = dir + "/tiny.yaml"
        try tiny.replacingOccurrences(of: "hidden: [8]", with: "hidden: [\(hidden)]")
            .replacingOccurrences(of: "input: 8", with: "input: \(hidden)")
            .write(toFile: path, atomically: true, encoding: .utf8)
        return (dir, path)
    }

    static func runArgs(_ workload: String, out: String) -> [String] {
        ["run", workload, "--quick", "--out", out] + (NNBenchProcess.binary?.allowDebug ?? [])
    }

    /// Starts nnbench without waiting, output to files in `dir`.
    static func start(_ arguments: [String], in dir: String, environment: [String: String] = [:]) throws -> Process {
        guard let binary = NNBenchProcess.require() else { throw NNBenchNotBuilt() }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary.path)
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        p.environment = ProcessInfo.processInfo.environment.merging(environment.merging(["CI": "1"]) { a, _ in a }) { _, b in b }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    static func wait(_ p: Process, seconds: Double = 120) {
        let deadline = Date().addingTimeInterval(seconds)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if p.isRunning { p.terminate(); Issue.record("still running after \(seconds) s") }
        p.waitUntilExit()
    }

    // MARK: - 1. A run never replaces another

    @Test func twoRunsStartedTogetherKeepBothFiles() throws {
        let (dir, workload) = try Self.scratch("concurrent")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/out"
        let runs = try (0..<3).map { _ in try Self.start(Self.runArgs(workload, out: out), in: dir) }
        for p in runs { Self.wait(p) }
        #expect(runs.allSatisfy { $0.terminationStatus == 0 }, "\(runs.map(\.terminationStatus))")
        let files = NNBenchProcess.listing(out)
        let h5 = files.filter { $0.hasSuffix(".h5") }
        #expect(h5.count == 3, "every run kept its file: \(files)")
        #expect(files.filter { $0.hasSuffix(".md") }.count == 3, "\(files)")
        #expect(!files.contains { $0.hasPrefix(".") }, "no temporary files: \(files)")
        for f in h5 { _ = try HDF5Store.read(path: out + "/" + f) }
    }

    // MARK: - 3. An unusable --out is found before measuring

    @Test func anUnusableOutIsRefusedBeforeMeasuring() throws {
        let (dir, workload) = try Self.scratch("badout")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/a-file"
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        for out in [file, file + "/below", "/proc", "/proc/nnbench-out"] {
            let r = try nnbench(Self.runArgs(workload, out: out), in: dir)
            #expect(r.status == 1, "\(out): \(r)")
            #expect(r.stderrLines.count == 1 && r.stderr.contains("nnbench: error: \(out): "), "\(out): \(r)")
            #expect(!r.stderr.contains("sgemm") && !r.stderr.contains("measured"), "refused before measuring: \(r)")
            #expect(!r.stderr.contains("NSCocoaErrorDomain") && r.stderr.contains("--out"), "says what to do: \(r)")
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "x")
    }

    @Test(arguments: ["report", "compare", "check", "history"])
    func otherCommandsCheckTheirOutFirst(_ command: String) throws {
        let dir = try scratchDirectory("badout-\(command)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/a-file"
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let args: [String] = switch command {
        case "report": ["report", dir + "/missing.h5"]
        case "compare": ["compare", dir + "/a.h5", dir + "/b.h5"]
        case "check": ["check", "--baseline", dir + "/a.h5", dir + "/b.h5"]
        default: ["history", dir]
        }
        for out in [file + "/below.md", "/proc/x.md", dir] {
            let r = try nnbench(args + ["--out", out])
            #expect(r.status == 1, "\(out): \(r)")
            #expect(r.stderrLines.count == 1 && r.stderr.contains(out), "the --out path is named first: \(r)")
            #expect(!r.stderr.contains("missing.h5") && !r.stderr.contains("a.h5"), "checked before reading: \(r)")
        }
    }

    // MARK: - 2. A full disk is exit 1, never a crash

    /// Mounts a tmpfs of `size` at `dir` (root only); nil, with a note, when that is not possible.
    static func mountTmpfs(_ dir: String, size: String, readOnly: Bool = false) -> Bool {
        guard getuid() == 0 else {
            print("skipped: mounting a tmpfs needs root (run the tests as root to cover full and read-only disks)")
            return false
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/mount")
        p.arguments = ["-t", "tmpfs", "-o", "size=\(size)" + (readOnly ? ",ro" : ""), "tmpfs", dir]
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        if p.terminationStatus != 0 { print("skipped: mount -t tmpfs failed (no CAP_SYS_ADMIN?)") }
        return p.terminationStatus == 0
    }

    static func unmount(_ dir: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/umount")
        p.arguments = [dir]
        try? p.run()
        p.waitUntilExit()
    }

    @Test func aFullDiskIsAnErrorNotACrash() throws {
        // A model whose saved tensors make the .h5 about 1 MB; the disk keeps ~200 KB free, more
        // than the pre-measuring probe needs, so the failure comes while writing the result.
        let (dir, workload) = try Self.scratch("fulldisk", hidden: 256)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let disk = dir + "/disk"
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        guard Self.mountTmpfs(disk, size: "1m") else { return }
        defer { Self.unmount(disk) }
        let earlier = disk + "/20260101T000000Z-abcdef0.md"
        try "earlier\n".write(toFile: earlier, atomically: false, encoding: .utf8)
        try Data(count: 800 * 1024).write(to: URL(fileURLWithPath: disk + "/filler"))
        let r = try nnbench(Self.runArgs(workload, out: disk) + ["--save-tensors"], in: dir)
        #expect(r.status == 1, "exit 1, not a signal: \(r)")
        #expect(r.stderrLines.filter { $0.hasPrefix("nnbench: error:") }.count == 1, "\(r)")
        #expect(r.stderr.contains("no space left"), "\(r)")
        #expect(NNBenchProcess.listing(disk) == ["20260101T000000Z-abcdef0.md", "filler"], "nothing half-written")
        #expect(try String(contentsOfFile: earlier, encoding: .utf8) == "earlier\n")
    }

    @Test func aReadOnlyDiskIsRefusedBeforeMeasuring() throws {
        let (dir, workload) = try Self.scratch("rodisk")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let disk = dir + "/ro"
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        guard Self.mountTmpfs(disk, size: "1m", readOnly: true) else { return }
        defer { Self.unmount(disk) }
        let r = try nnbench(Self.runArgs(workload, out: disk), in: dir)
        #expect(r.status == 1 && r.stderrLines.count == 1 && r.stderr.contains("read-only"), "\(r)")
        #expect(!r.stderr.contains("sgemm"), "\(r)")
    }

    // MARK: - 7. Interrupted writes leave no temporary files

    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalInTheWriteWindowRemovesTheTemporaryFile(_ signal: Int32) throws {
        let (dir, workload) = try Self.scratch("signal")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/out"
        let p = try Self.start(Self.runArgs(workload, out: out), in: dir,
                               environment: ["NNBENCH_TEST_HOLD_TEMP_SECONDS": "20"])
        let deadline = Date().addingTimeInterval(120)
        var seen = false
        while Date() < deadline && p.isRunning {
            if NNBenchProcess.listing(out).contains(where: { $0.hasSuffix(".tmp") && !$0.contains("probe") }) { seen = true; break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(seen, "the run reached its write window")
        kill(p.processIdentifier, signal)
        Self.wait(p)
        #expect(p.terminationReason == .uncaughtSignal && p.terminationStatus == signal, "dies of the signal")
        #expect(NNBenchProcess.listing(out).isEmpty, "no temporary file left: \(NNBenchProcess.listing(out))")
    }

    @Test func staleTemporaryFilesOfDeadProcessesAreSwept() throws {
        let (dir, workload) = try Self.scratch("stale")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let gone = Process()   // a pid that no longer exists
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let stale = ".20260101T000000Z-abcdef0.h5.\(gone.processIdentifier).tmp"
        let live = ".20260101T000000Z-abcdef0.md.\(getpid()).tmp"   // this test process is alive
        for name in [stale, live] { try "partial".write(toFile: out + "/" + name, atomically: false, encoding: .utf8) }
        let r = try nnbench(Self.runArgs(workload, out: out), in: dir)
        #expect(r.status == 0, "\(r)")
        let files = NNBenchProcess.listing(out)
        #expect(!files.contains(stale), "swept: \(files)")
        #expect(files.contains(live), "a live process's file is left alone: \(files)")
    }
}
