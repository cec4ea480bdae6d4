import Foundation
#if canImport(Glibc)
import Glibc
#endif

// MARK: - Writing files so that an interrupted run never leaves a half file

/// A file that is written under a temporary name beside its final path and renamed into place
/// only when complete. The rename is atomic on POSIX file systems, so readers see the old file
/// or the new one, never a partial one, and an earlier result is never destroyed by a failure.
public enum AtomicFile {
    /// The temporary path used for `path` (same directory, so the rename does not cross devices).
    public static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
    }

    /// Runs `write` on a temporary path, then renames it to `path`; removes the temporary file
    /// when `write` throws.
    public static func write(to path: String, _ write: (String) throws -> Void) throws {
        let tmp = temporaryPath(for: path)
        do {
            try write(tmp)
            guard rename(tmp, path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path,
                    NSLocalizedDescriptionKey: "cannot rename \(tmp) to \(path): \(String(cString: strerror(errno)))"])
            }
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            throw error
        }
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(text: String, to path: String) throws {
        try write(to: path) { tmp in try Data(text.utf8).write(to: URL(fileURLWithPath: tmp)) }
    }
}
