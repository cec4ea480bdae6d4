import Foundation

// MARK: - The one place nnbench runs git

/// Asks git about the checkout nnbench runs in: the commit a run measured (`run`) and the order
/// of commits (`history`). Only the CLI runs programs; the library modules take the answers.
enum Git {
    /// The full hash of HEAD in `directory`, or "unknown" outside a git checkout.
    static func commit(in directory: String) -> String {
        run(["rev-parse", "HEAD"], in: directory) ?? "unknown"
    }

    /// Whether the checkout differs from its commit in a way that can change a measurement:
    /// any change to a tracked file, or an untracked (not ignored) file under Sources/ or
    /// Workloads/ (a new source file is compiled in; a new workload is run). Other untracked
    /// files, such as notes, do not count; run outputs in Results/ are ignored by .gitignore.
    static func isDirty(_ directory: String) -> Bool {
        let tracked = run(["status", "--porcelain", "--untracked-files=no"], in: directory) ?? ""
        let untracked = run(["status", "--porcelain", "--untracked-files=all", "--", ":/Sources", ":/Workloads"],
                            in: directory) ?? ""
        return !tracked.isEmpty || !untracked.isEmpty
    }

    /// Commit hash → index along `git rev-list --topo-order --reverse HEAD` in `directory`
    /// (0 = the oldest commit); empty when `directory` is not a git checkout or git is missing.
    static func commitRanks(in directory: String) -> [String: Int] {
        guard let out = run(["rev-list", "--topo-order", "--reverse", "HEAD"], in: directory) else { return [:] }
        var ranks: [String: Int] = [:]
        for (i, line) in out.split(separator: "\n").enumerated() { ranks[String(line)] = i }
        return ranks
    }

    /// Runs git with `arguments` in `directory`; nil when git is missing or fails.
    static func run(_ arguments: [String], in directory: String) -> String? {
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
}
