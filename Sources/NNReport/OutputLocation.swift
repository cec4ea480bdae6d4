import CTempFiles
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// MARK: - Checking where output goes, before any work is done

/// Checks an output location (`--out`) before nnbench measures or computes anything, so that an
/// unusable one (a regular file where a directory should be, a path under a file, a read-only or
/// full file system, /proc) is reported at once instead of after minutes of measuring.
public enum OutputLocation {
    /// Bytes the probe writes: enough that a nearly full device is found now, not after measuring.
    static let probeBytes = 64 * 1024

    /// Makes sure `directory` exists (creating missing levels) and that a file can be written in
    /// it; removes stale temporary files of dead processes there (`TempFiles.sweepStale`).
    /// - Throws: `FileSystemError` naming the directory and what to do.
    public static func prepareDirectory(_ directory: String) throws(FileSystemError) {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDir) {
            guard isDir.boolValue else {
                throw FileSystemError(path: directory, action: "use it as the output directory", code: ENOTDIR,
                                      detail: "it is a file, not a directory; choose another --out")
            }
        } else {
            try createDirectories(directory)
        }
        TempFiles.sweepStale(in: directory)
        try probe(directory)
    }

    /// Makes sure the file `path` can be written: its directory exists and takes a file, and
    /// `path` itself is not a directory.
    public static func checkFile(_ path: String) throws(FileSystemError) {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw FileSystemError(path: path, action: "write", code: EISDIR)
        }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDir) else {
            throw FileSystemError(path: path, action: "write", code: ENOENT)
        }
        guard isDir.boolValue else { throw FileSystemError(path: path, action: "write", code: ENOTDIR) }
        TempFiles.sweepStale(in: parent)
        do { try probe(parent) } catch {
            throw FileSystemError(path: path, action: "write", code: error.code, detail: error.detail)
        }
    }

    /// `mkdir -p`, worded: the first level that cannot be created is named.
    static func createDirectories(_ directory: String) throws(FileSystemError) {
        let parent = URL(fileURLWithPath: directory).deletingLastPathComponent().path
        var isDir: ObjCBool = false
        if parent != directory && !FileManager.default.fileExists(atPath: parent, isDirectory: &isDir) {
            try createDirectories(parent)
        } else if parent != directory && !isDir.boolValue {
            throw FileSystemError(path: directory, action: "create the directory", code: ENOTDIR)
        }
        guard mkdir(directory, 0o777) == 0 || errno == EEXIST else {
            throw FileSystemError.last(directory, "create the directory")
        }
    }

    /// Writes and removes a hidden probe file of `probeBytes` in `directory`.
    static func probe(_ directory: String) throws(FileSystemError) {
        let path = directory + "/.nnbench-probe.\(getpid()).tmp"
        let bytes = [UInt8](repeating: 0, count: probeBytes)
        do {
            try AtomicFile.withRaw(bytes) { (b) throws(FileSystemError) in
                let slot = nnb_tempfile_register(path)
                defer { nnb_tempfile_forget(slot) }
                try AtomicFile.writeFile(b, at: path, reportedAs: directory)
            }
        } catch {
            unlink(path)
            // ENOENT for a file in an existing directory: a pseudo file system such as /proc.
            let detail = error.code == ENOENT ? "the file system there takes no new files (like /proc); choose another --out" : error.detail
            throw FileSystemError(path: directory, action: "write a file in it", code: error.code, detail: detail)
        }
        unlink(path)
    }
}
