// MARK: - Reading what callgrind wrote

/// The instruction total of one callgrind profile file (one dump part).
public enum CallgrindProfile {
    /// A profile that does not hold what nnbench asked callgrind for.
    public struct Malformed: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// The total `Ir` (instructions executed) of a callgrind output file's text.
    ///
    /// Reads the `events:` line to find the `Ir` column and takes that column of the `summary:`
    /// line (callgrind ≥ 3.x) or, failing that, the `totals:` line.
    /// - Throws: `Malformed` when there is no `Ir` event or no summary/totals line.
    public static func instructions(text: String, path: String) throws(Malformed) -> Int {
        var events: [Substring] = []
        var summary: [Substring]? = nil, totals: [Substring]? = nil
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("events:") {
                events = line.dropFirst("events:".count).split(separator: " ")
            } else if line.hasPrefix("summary:") {
                summary = line.dropFirst("summary:".count).split(separator: " ")
            } else if line.hasPrefix("totals:") {
                totals = line.dropFirst("totals:".count).split(separator: " ")
            }
        }
        guard let column = events.firstIndex(of: "Ir") else {
            throw Malformed(path: path, reason: "no Ir event in the callgrind profile")
        }
        guard let values = summary ?? totals else {
            throw Malformed(path: path, reason: "no summary or totals line in the callgrind profile")
        }
        // A profile part in which nothing was collected may print an empty summary.
        guard column < values.count else { return 0 }
        guard let n = Int(values[column]), n >= 0 else {
            throw Malformed(path: path, reason: "summary value '\(values[column])' is not a count")
        }
        return n
    }
}
