#if canImport(Glibc)
import Glibc
#endif
import NNVocabulary

// MARK: - A file-system failure, worded for the person who chose the path

/// Something could not be done to a path: one line naming the path, what failed and what to do
/// (never a raw Foundation error).
public struct FileSystemError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The path the operation was about.
    public var path: String
    /// What nnbench tried, as a verb phrase: "write", "create the directory", "list".
    public var action: String
    /// The `errno` of the failed call (0 when the failure is not a system error).
    public var code: Int32
    /// Overrides the reason derived from `code` (for failures that are not system errors).
    public var detail: String?

    public init(path: String, action: String, code: Int32, detail: String? = nil) {
        self.path = path; self.action = action; self.code = code; self.detail = detail
    }

    /// The `errno` of the last failed call, for `path`.
    static func last(_ path: String, _ action: String) -> FileSystemError {
        FileSystemError(path: path, action: action, code: errno)
    }

    /// Whether the failure is "the target already exists" (a create-if-absent rename lost).
    public var exists: Bool { code == EEXIST }

    public var description: String {
        "\(clipped(path, limit: 200)): cannot \(action): \(detail ?? reason)"
    }

    /// The reason with what to do about it.
    var reason: String {
        switch code {
        case ENOSPC, EDQUOT: return "no space left on the device; free some space or choose another --out"
        case EROFS: return "the file system is read-only; choose another --out"
        case EACCES, EPERM: return "permission denied; choose a location you can write to (--out)"
        case ENOTDIR: return "a part of the path is a file, not a directory; choose another --out"
        case ENOENT: return "a directory on the path does not exist; create it or choose another --out"
        case EISDIR: return "it is a directory; name a file"
        case EEXIST: return "it already exists and nnbench never replaces a run; choose another --out"
        case ENAMETOOLONG: return "the path is too long; choose a shorter --out"
        case EIO: return "input/output error on the device; check the disk and try again"
        default: return String(cString: strerror(code)) + "; choose another --out"
        }
    }
}
