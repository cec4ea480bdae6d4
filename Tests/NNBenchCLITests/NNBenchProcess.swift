import Foundation
import NNVocabulary
import Testing
import TestSupport

// MARK: - Running the built nnbench binary

/// The built `nnbench` executable and a way to run it as a user would: the one helper every
/// end-to-end test uses to find and start the binary.
///
/// End-to-end tests run the binary that `scripts/test` builds before `swift test`. When both
/// `.build/release/nnbench` and `.build/debug/nnbench` exist the newer one is used, so a fresh
/// `swift build` is tested rather than a stale release binary (and the other way round).
enum NNBenchProcess {
    /// What a finished run printed and returned.
    struct Output: CustomStringConvertible {
        let status: Int32
        let stdout: String
        let stderr: String
        /// The non-empty lines of standard error.
        var stderrLines: [Substring] { stderr.split(separator: "\n") }
        var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
    }

    /// One built `nnbench` executable.
    struct Binary {
        let path: String
        let isDebug: Bool
        /// `--allow-debug` for a debug build (the runner refuses to time one otherwise), else nothing.
        var allowDebug: [String] { isDebug ? ["--allow-debug"] : [] }
    }

    /// The binary to test: the newer of the release and debug builds; nil when neither is built.
    static let binary: Binary? = {
        func modified(_ path: String) -> Date {
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast
        }
        let built = [("release", false), ("debug", true)]
            .map { Binary(path: packageRoot + "/.build/\($0.0)/nnbench", isDebug: $0.1) }
            .filter { FileManager.default.isExecutableFile(atPath: $0.path) }
        return built.max { modified($0.path) < modified($1.path) }
    }()

    /// The binary, or nil after recording an issue that says how to build it.
    static func require(sourceLocation: SourceLocation = #_sourceLocation) -> Binary? {
        guard let b = binary else {
            Issue.record("""
                nnbench is not built: neither \(packageRoot)/.build/release/nnbench nor .build/debug/nnbench \
                exists. Build it with `swift build -c release --product nnbench` (scripts/test does this) \
                before `swift test`.
                """, sourceLocation: sourceLocation)
            return nil
        }
        return b
    }

    /// Runs nnbench with `arguments` in `directory` and waits (at most `timeout` seconds).
    ///
    /// Output goes through files, not pipes, so a chatty run cannot fill a pipe buffer and stall.
    /// - Parameter environment: variables to set (a nil value removes the variable).
    static func run(_ binary: String, _ arguments: [String], in directory: String = packageRoot,
                    environment: [String: String?] = [:], timeout: TimeInterval = 300) throws -> Output {
        let scratch = try scratchDirectory("proc")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let outPath = scratch + "/stdout", errPath = scratch + "/stderr"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env["CI"] = "1"   // plain progress lines, no terminal control codes
        for (name, value) in environment { env[name] = value }
        p.environment = env
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if p.isRunning {
            p.terminate()
            p.waitUntilExit()
            Issue.record("nnbench \(arguments.joined(separator: " ")) ran longer than \(Int(timeout)) s and was stopped")
        }
        p.waitUntilExit()
        try out.close()
        try err.close()
        let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Output(status: p.terminationStatus, stdout: stdout, stderr: stderr)
    }

    /// The file names in `directory`, sorted.
    static func listing(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }
}

/// A test could not start nnbench because it is not built (the issue is already recorded).
struct NNBenchNotBuilt: Error, CustomStringConvertible {
    var description: String { "nnbench is not built under .build/release or .build/debug" }
}

/// Runs the built nnbench with `arguments` in `directory`; records an issue and throws when
/// there is no built binary.
func nnbench(_ arguments: [String], in directory: String = packageRoot,
             sourceLocation: SourceLocation = #_sourceLocation) throws -> NNBenchProcess.Output {
    guard let binary = NNBenchProcess.require(sourceLocation: sourceLocation) else { throw NNBenchNotBuilt() }
    return try NNBenchProcess.run(binary.path, arguments, in: directory)
}
