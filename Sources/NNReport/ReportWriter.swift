import Foundation
import NNResults

// MARK: - Where a run's files go

/// Writes a run's files into a directory as `<UTC timestamp>-<short commit>.<ext>`.
public enum ReportWriter {
    public struct Files: Sendable {
        /// The HDF5 file: everything measured (see Results/README.md).
        public var h5: String
        /// The Markdown view rendered from the same result.
        public var markdown: String
        /// The SVG charts written beside the Markdown (linked from it).
        public var charts: [String] = []
    }

    /// The file stem of a run: `20261125T102153Z-bd2cfb2`.
    public static func stem(_ run: RunResult) -> String {
        let compact = run.environment.date.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
        return "\(compact)-\(Environment.shortCommit(run.environment.commit))"
    }

    /// Writes the run's files atomically into `directory` (created if missing): the HDF5 file
    /// first, so a Markdown view never exists without the data it was rendered from.
    /// - Throws: `ReportFileError` when the HDF5 file cannot be written, or a file-system error.
    public static func write(_ run: RunResult, to directory: String) throws -> Files {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let h5 = directory + "/" + stem(run) + ".h5"
        try HDF5Store.write(run, to: h5)
        let views = try writeViews(run, markdown: directory + "/" + stem(run) + ".md")
        return Files(h5: h5, markdown: views.markdown, charts: views.charts)
    }

    /// Writes the Markdown view at `markdown` and its charts beside it (`<stem>-speedup.svg`,
    /// `<stem>-scaling.svg`, linked from the Markdown by relative name), each atomically.
    /// `nnbench run` and `nnbench report --out` both write views through here.
    public static func writeViews(_ run: RunResult, markdown: String) throws -> (markdown: String, charts: [String]) {
        // String paths, not URLs: the chart paths keep the form (relative or absolute) the caller gave.
        let base = markdown.hasSuffix(".md") ? String(markdown.dropLast(3)) : markdown
        let stem = base.split(separator: "/").last.map(String.init) ?? base
        var charts: [String] = []
        var links = MarkdownReport.ChartLinks(speedup: nil, scaling: nil)
        if let svg = Charts.speedup(run) {
            try AtomicFile.write(text: svg, to: base + "-speedup.svg")
            charts.append(base + "-speedup.svg")
            links.speedup = stem + "-speedup.svg"
        }
        if let svg = Charts.scaling(run) {
            try AtomicFile.write(text: svg, to: base + "-scaling.svg")
            charts.append(base + "-scaling.svg")
            links.scaling = stem + "-scaling.svg"
        }
        try AtomicFile.write(text: MarkdownReport.render(run, charts: links), to: markdown)
        return (markdown, charts)
    }
}
