// MARK: - Where the package lives

/// The package root (the directory holding Package.swift), found from this file's path:
/// `<root>/Tests/TestSupport/Paths.swift`.
public let packageRoot: String = {
    var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

/// `<root>/Workloads`, the shipped workload files.
public var workloadsDirectory: String { packageRoot + "/Workloads" }
