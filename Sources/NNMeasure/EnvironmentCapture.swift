import Foundation
import NNKernel
import NNResults

/// nnbench's own version, recorded in every result.
public let nnbenchVersion = "0.1.0"

// MARK: - What the machine, the build and the libraries were

/// Captures the `Environment` a run was measured under.
public enum EnvironmentCapture {
    /// Everything but the OpenBLAS facts, which the caller reads from `BLAS`, and the commit,
    /// which the caller asks git for (this module runs neither C nor other programs).
    /// - Parameters:
    ///   - commit: the checkout's full commit hash, or "unknown" outside a git checkout.
    ///   - dirty: whether the checkout differs from its commit in a way that can change a measurement.
    ///   - start: when the run started (its `date`, which also names its files).
    public static func capture(commit: String, dirty: Bool, openblasConfig: String, openblasCoreName: String,
                               openblasThreads: Int, sgemmPeakGflops: Double,
                               workloadHashes: [String: String], start: Date = Date()) -> Environment {
        let env = ProcessInfo.processInfo.environment
        var e = Environment(
            nnbenchVersion: nnbenchVersion, commit: commit, dirty: dirty, date: isoDate(start),
            host: ProcessInfo.processInfo.hostName, cpuModel: cpuModel(),
            cores: ProcessInfo.processInfo.activeProcessorCount, os: osName(), swiftVersion: swiftCompilerVersion,
            buildConfiguration: _isDebugAssertConfiguration() ? "debug" : "release",
            openblasConfig: openblasConfig, openblasCoreName: openblasCoreName, openblasThreads: openblasThreads,
            openblasNumThreadsEnv: env["OPENBLAS_NUM_THREADS"] ?? "", openblasCoretypeEnv: env["OPENBLAS_CORETYPE"] ?? "",
            sgemmPeakGflops: sgemmPeakGflops, workloadHashes: workloadHashes)
        e.kernelISA = KernelISA.name
        return e
    }

    /// `2026-11-25T10:21:53Z`.
    public static func isoDate(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: d)
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
