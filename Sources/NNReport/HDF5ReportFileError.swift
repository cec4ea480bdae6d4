// MARK: - What can be wrong with a result file

/// A result file that cannot be read or written: one line naming the file and what is wrong.
public struct ReportFileError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// No file at the path.
        case missing
        /// Not an HDF5 file, or a truncated or corrupt one.
        case unreadable
        /// An HDF5 file written with a schema version this nnbench does not read.
        case schemaVersion(found: Int, supported: Int)
        /// An HDF5 file whose layout is not nnbench's (a missing group, dataset or attribute).
        case malformed
        /// Writing failed; an earlier file at the path is left as it was.
        case writeFailed
        /// A file is already at the path and the write was not to replace it.
        case exists
    }

    public var path: String
    public var kind: Kind
    public var reason: String

    public init(path: String, kind: Kind, reason: String) {
        self.path = path; self.kind = kind; self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
