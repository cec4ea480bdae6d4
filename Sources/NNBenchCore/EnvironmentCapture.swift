import Foundation

/// nnbench's own version, recorded in every result.
public let nnbenchVersion = "0.1.0"

// MARK: - What the machine, the build and the libraries were

/// Captures the `Environment` a run was measured under.
public enum EnvironmentCapture {
    /// Everything but the OpenBLAS facts, which the caller reads from `BLAS` (this module does
    /// not talk to C).
    /// - Parameter directory: where to ask git for the commit and the dirty flag.
    public static func capture(directory: String, openblasConfig: String, openblasCoreName: String,
                               openblasThreads: Int, sgemmPeakGflops: Double,
                               workloadHashes: [String: String]) -> Environment {
        let env = ProcessInfo.processInfo.environment
        let commit = git(["rev-parse", "HEAD"], in: directory) ?? "unknown"
        let dirty = commit != "unknown" && isDirty(directory)
        return Environment(
            nnbenchVersion: nnbenchVersion, commit: commit, dirty: dirty, date: isoDate(Date()),
            host: ProcessInfo.processInfo.hostName, cpuModel: cpuModel(),
            cores: ProcessInfo.processInfo.activeProcessorCount, os: osName(), swiftVersion: swiftCompilerVersion,
            buildConfiguration: _isDebugAssertConfiguration() ? "debug" : "release",
            openblasConfig: openblasConfig, openblasCoreName: openblasCoreName, openblasThreads: openblasThreads,
            openblasNumThreadsEnv: env["OPENBLAS_NUM_THREADS"] ?? "", openblasCoretypeEnv: env["OPENBLAS_CORETYPE"] ?? "",
            sgemmPeakGflops: sgemmPeakGflops, workloadHashes: workloadHashes)
    }

    /// `2026-11-25T10:21:53Z`.
    public static func isoDate(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: d)
    }

    /// The first 7 characters of a commit hash, or "nogit".
    public static func shortCommit(_ commit: String) -> String {
        commit == "unknown" ? "nogit" : String(commit.prefix(7))
    }

    /// The compiler that built nnbench.
    public static var swiftCompilerVersion: String {
        #if compiler(>=6.4)
        return "6.4+"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }

    /// Whether the checkout differs from its commit in a way that can change a measurement:
    /// any change to a tracked file, or an untracked (not ignored) file under Sources/ or
    /// Workloads/ (a new source file is compiled in; a new workload is run). Other untracked
    /// files, such as notes, do not count; run outputs in Results/ are ignored by .gitignore.
    static func isDirty(_ directory: String) -> Bool {
        let tracked = git(["status", "--porcelain", "--untracked-files=no"], in: directory) ?? ""
        let untracked = git(["status", "--porcelain", "--untracked-files=all", "--", ":/Sources", ":/Workloads"],
                            in: directory) ?? ""
        return !tracked.isEmpty || !untracked.isEmpty
    }

    /// Runs git with `arguments` in `directory`; nil when git is missing or fails.
    static func git(_ arguments: [String], in directory: String) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", directory] + arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let v = line.split(separator: ":", maxSplits: 1).last { return v.trimmingCharacters(in: .whitespaces) }
        }
        return "unknown"
    }

    static func osName() -> String {
        if let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
                return line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return ProcessInfo.processInfo.operatingSystemVersionString
    }
}
