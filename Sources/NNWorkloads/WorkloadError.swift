// MARK: - Errors a workload file can cause

/// A workload file is missing, unreadable or invalid. The description is one line that names
/// the file, the field (a dotted path such as `model.hidden[1]`) and what is wrong.
public struct WorkloadError: Error, CustomStringConvertible, Equatable {
    public let file: String
    /// The dotted path of the offending field ("" for the file as a whole).
    public let field: String
    public let reason: String

    public init(file: String, field: String, reason: String) {
        self.file = file
        self.field = field
        self.reason = reason
    }

    public var description: String {
        field.isEmpty ? "\(file): \(reason)" : "\(file): \(field): \(reason)"
    }
}
