import Foundation

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

/// A new, empty directory under the system's temporary directory, `nnbench-<tag>-<UUID>`.
/// The caller removes it (`defer { try? FileManager.default.removeItem(atPath: dir) }`).
public func scratchDirectory(_ tag: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnbench-\(tag)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}
