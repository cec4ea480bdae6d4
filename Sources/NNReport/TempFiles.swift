import CTempFiles
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// MARK: - Temporary files left by killed processes

/// Finds and removes the temporary files (`.<name>.<pid>.tmp`, see `AtomicFile`) that a process
/// killed with SIGKILL (or a crash) left behind; the handlers of `CTempFiles` cover SIGINT and
/// SIGTERM. Readers ignore such files anyway: every hidden file is skipped.
public enum TempFiles {
    /// Installs the SIGINT/SIGTERM/SIGHUP handlers that remove temporary files in flight, and
    /// unblocks those signals on the calling thread (call it first thing, on the main thread).
    public static func installSignalHandlers() { nnb_tempfile_install() }

    /// The pid in a temporary file's name, or nil when `name` is not one.
    public static func pid(ofTemporary name: String) -> Int32? {
        guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return nil }
        let parts = name.dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3, let last = parts.last, let pid = Int32(last), pid > 0 else { return nil }
        return pid
    }

    /// Removes the temporary files in `directory` whose process no longer exists (on this
    /// machine: a file written over a network file system by another host's live process would
    /// look stale, so do not share one output directory between hosts). Returns the names removed.
    @discardableResult
    public static func sweepStale(in directory: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var removed: [String] = []
        for name in names {
            guard let pid = pid(ofTemporary: name), pid != getpid() else { continue }
            guard kill(pid, 0) != 0 && errno == ESRCH else { continue }   // alive (or not ours to ask)
            if unlink(directory + "/" + name) == 0 { removed.append(name) }
        }
        return removed
    }
}
