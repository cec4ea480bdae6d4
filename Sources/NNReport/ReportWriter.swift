import Foundation
import NNBenchCore

// MARK: - Where a run's files go

/// Writes a run's files into a directory as `<UTC timestamp>-<short commit>.<ext>`.
public enum ReportWriter {
    public struct Files: Sendable {
        /// The HDF5 file (nil until the HDF5 store exists).
        public var h5: String?
        public var markdown: String
        /// The SVG charts written beside the Markdown (linked from it).
        public var charts: [String] = []
    }

    /// The file stem of a run: `20261125T102153Z-bd2cfb2`.
    public static func stem(_ run: RunResult) -> String {
        let compact = run.environment.date.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
        return "\(compact)-\(EnvironmentCapture.shortCommit(run.environment.commit))"
    }

    /// Writes the run's files atomically into `directory` (created if missing).
    public static func write(_ run: RunResult, to directory: String) throws -> Files {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let base = directory + "/" + stem(run)
        let md = base + ".md"
        var charts: [String] = []
        var links = MarkdownReport.ChartLinks(speedup: nil, scaling: nil)
        if let svg = Charts.speedup(run) {
            try AtomicFile.write(text: svg, to: base + "-speedup.svg")
            charts.append(base + "-speedup.svg")
            links.speedup = stem(run) + "-speedup.svg"
        }
        if let svg = Charts.scaling(run) {
            try AtomicFile.write(text: svg, to: base + "-scaling.svg")
            charts.append(base + "-scaling.svg")
            links.scaling = stem(run) + "-scaling.svg"
        }
        try AtomicFile.write(text: MarkdownReport.render(run, charts: links), to: md)
        return Files(h5: nil, markdown: md, charts: charts)
    }
}
