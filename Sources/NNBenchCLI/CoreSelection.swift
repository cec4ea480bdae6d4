import Foundation
import NNKernel

// MARK: - Re-executing with the best OpenBLAS kernels

/// Makes nnbench run on the best OpenBLAS kernels the CPU supports, where OpenBLAS fell back.
///
/// OpenBLAS reads `OPENBLAS_CORETYPE` once, when the library loads (before `main`), so the only
/// way to change its kernels is to start again: when OpenBLAS chose a core of a lower tier than
/// the CPU supports (`OpenBLASCore.replacement`), nnbench sets the variable and re-executes
/// itself once, telling the new process what OpenBLAS had chosen on its own.
///
/// The user decides with the environment:
/// - `OPENBLAS_CORETYPE` set: OpenBLAS's documented override; nnbench never touches it.
/// - `NNBENCH_OPENBLAS_CORE=keep`: keep whatever OpenBLAS chose; `=<core>` force that core;
///   unset or `auto`: replace a fallback (the default).
enum CoreSelection {
    static let choiceVariable = "NNBENCH_OPENBLAS_CORE"
    /// Set by nnbench on re-execution: the core OpenBLAS chose on its own.
    static let detectedVariable = "NNBENCH_OPENBLAS_CORE_DETECTED"

    /// Re-executes the process with a better `OPENBLAS_CORETYPE` when it should; returns when not.
    /// - Parameter announce: print the one-line notice (the `run` command's first line).
    static func reexecuteIfNeeded(announce: Bool) {
        let env = ProcessInfo.processInfo.environment
        guard env[detectedVariable] == nil, (env["OPENBLAS_CORETYPE"] ?? "").isEmpty else { return }
        let chosen = BLAS.coreName
        let wanted: String
        switch env[choiceVariable]?.lowercased() ?? "auto" {
        case "auto", "":
            let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
            guard let best = OpenBLASCore.replacement(forChosen: chosen, cpuFlags: OpenBLASCore.cpuFlags(cpuinfo: cpuinfo))
            else { return }
            wanted = best
        case "keep":
            return
        default:
            wanted = env[choiceVariable] ?? ""
            guard wanted.lowercased() != chosen.lowercased() else { return }
        }
        if announce {
            FileHandle.standardError.write(Data("""
                nnbench: OpenBLAS chose core \(chosen) on this CPU (\(cpuModel())); re-running with \
                OPENBLAS_CORETYPE=\(wanted) (set \(choiceVariable)=keep to keep \(chosen))\n
                """.utf8))
        }
        setenv("OPENBLAS_CORETYPE", wanted, 1)
        setenv(detectedVariable, chosen, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // execv returns only on failure: go on with OpenBLAS's own choice, and say so.
        unsetenv("OPENBLAS_CORETYPE")
        unsetenv(detectedVariable)
        FileHandle.standardError.write(Data("nnbench: could not re-execute (errno \(errno)); keeping core \(chosen)\n".utf8))
    }

    /// What OpenBLAS chose on its own, and who chose the core in use (for the run's environment).
    static func provenance() -> (detected: String, choice: String) {
        let env = ProcessInfo.processInfo.environment
        if let detected = env[detectedVariable] { return (detected, "nnbench") }
        if !(env["OPENBLAS_CORETYPE"] ?? "").isEmpty { return ("", "user") }
        return (BLAS.coreName, "openblas")
    }

    private static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown CPU" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let v = line.split(separator: ":", maxSplits: 1).last { return v.trimmingCharacters(in: .whitespaces) }
        }
        return "unknown CPU"
    }
}
