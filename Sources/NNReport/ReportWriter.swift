import Foundation
import NNBenchCore

// MARK: - Where a run's files go

/// Writes a run's files into a directory as `<UTC timestamp>-<short commit>.<ext>`.
public enum ReportWriter {
    public struct Files: Sendable {
        /// The HDF5 file: everything measured (see Results/README.md).
        public var h5: String
        /// The Markdown view rendered from the same result.
        public var markdown: String
    }

    /// The file stem of a run: `20261125T102153Z-bd2cfb2`.
    public static func stem(_ run: RunResult) -> String {
        let compact = run.environment.date.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
        return "\(compact)-\(EnvironmentCapture.shortCommit(run.environment.commit))"
    }

    /// Writes the run's files atomically into `directory` (created if missing): the HDF5 file
    /// first, so a Markdown view never exists without the data it was rendered from.
    /// - Throws: `ReportFileError` when the HDF5 file cannot be written, or a file-system error.
    public static func write(_ run: RunResult, to directory: String) throws -> Files {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let base = directory + "/" + stem(run)
        let h5 = base + ".h5", md = base + ".md"
        try HDF5Store.write(run, to: h5)
        try AtomicFile.write(text: MarkdownReport.render(run), to: md)
        return Files(h5: h5, markdown: md)
    }
}
