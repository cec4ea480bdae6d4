import CTempFiles
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// MARK: - Writing files so that an interrupted run never leaves a half file

/// A file that is written under a temporary name beside its final path and renamed into place
/// only when complete. The rename is atomic on POSIX file systems, so readers see the old file
/// or the new one, never a partial one, and an earlier result is never destroyed by a failure.
///
/// The temporary file (`.<name>.<pid>.tmp`) is removed when writing fails and when a SIGINT,
/// SIGTERM or SIGHUP arrives while it exists (`CTempFiles`); one left by a killed process
/// (SIGKILL) is removed by `TempFiles.sweepStale(in:)` at the next run into the directory, and
/// every reader ignores hidden files.
public enum AtomicFile {
    /// What happens when the final path already exists.
    public enum Policy: Sendable {
        /// Replace it (a view the user asked to re-render: `report --out`, `compare --out`).
        case replace
        /// Never replace it: throw a `FileSystemError` whose `exists` is true (a run's files).
        case createNew
    }

    /// The temporary path used for `path` (same directory, so the rename does not cross devices).
    public static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
    }

    /// Writes `bytes` to a temporary file (flushed to the device), then publishes it at `path`.
    /// - Throws: `FileSystemError` naming `path` (never a partial file at `path`).
    public static func write(bytes: UnsafeRawBufferPointer, to path: String, policy: Policy = .replace) throws(FileSystemError) {
        let tmp = temporaryPath(for: path)
        let slot = nnb_tempfile_register(tmp)
        defer { nnb_tempfile_forget(slot) }
        do {
            try writeFile(bytes, at: tmp, reportedAs: path)
            holdForTests()
            try publish(tmp, at: path, policy: policy)
        } catch {
            unlink(tmp)
            throw error
        }
    }

    /// Writes `bytes` to `path` atomically.
    public static func write(bytes: [UInt8], to path: String, policy: Policy = .replace) throws(FileSystemError) {
        try withRaw(bytes) { (b) throws(FileSystemError) in try write(bytes: b, to: path, policy: policy) }
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(text: String, to path: String, policy: Policy = .replace) throws(FileSystemError) {
        try write(bytes: Array(text.utf8), to: path, policy: policy)
    }

    /// `bytes.withUnsafeBytes` keeping the error type.
    static func withRaw(_ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(FileSystemError) -> Void) throws(FileSystemError) {
        let result = bytes.withUnsafeBytes { b in Result { () throws(FileSystemError) in try body(b) } }
        try result.get()
    }

    // MARK: - Steps

    /// Creates `tmp` exclusively and writes every byte, then fsyncs and closes it.
    static func writeFile(_ bytes: UnsafeRawBufferPointer, at tmp: String, reportedAs path: String) throws(FileSystemError) {
        var fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        if fd < 0 && errno == EEXIST {
            // Left by an earlier process with our pid (pids are reused): it is not in flight.
            unlink(tmp)
            fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        }
        guard fd >= 0 else { throw FileSystemError.last(path, "write") }
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let e = n < 0 ? errno : ENOSPC
                close(fd)
                throw FileSystemError(path: path, action: "write", code: e)
            }
            offset += n
        }
        // A full disk can surface only here (delayed allocation), so both results count.
        guard fsync(fd) == 0 else {
            let e = errno
            close(fd)
            throw FileSystemError(path: path, action: "write", code: e)
        }
        guard close(fd) == 0 else { throw FileSystemError.last(path, "write") }
    }

    static func publish(_ tmp: String, at path: String, policy: Policy) throws(FileSystemError) {
        switch policy {
        case .replace:
            guard rename(tmp, path) == 0 else { throw FileSystemError.last(path, "write") }
        case .createNew:
            guard nnb_rename_noreplace(tmp, path) == 0 else { throw FileSystemError.last(path, "create") }
        }
    }

    /// Test hook: `NNBENCH_TEST_HOLD_TEMP_SECONDS` keeps a complete temporary file in place that
    /// long before it is renamed, so a test can deliver a signal inside the write window.
    private static func holdForTests() {
        guard let s = getenv("NNBENCH_TEST_HOLD_TEMP_SECONDS").flatMap({ Double(String(cString: $0)) }),
              s > 0, s < 60 else { return }
        usleep(useconds_t(s * 1_000_000))
    }
}
