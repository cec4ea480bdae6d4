import Foundation
#if canImport(Glibc)
import Glibc
#endif
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

    /// The file stem of a run: `20261125T102153Z-bd2cfb2`, the UTC time the run STARTED (its
    /// `date`) and its short commit.
    public static func stem(_ run: RunResult) -> String {
        let compact = run.environment.date.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
        return "\(compact)-\(Environment.shortCommit(run.environment.commit))"
    }

    /// Runs that share a stem (started in the same second at the same commit) get `-2`, `-3`, …
    static let maxSuffix = 1000

    /// Writes the run's files into `directory` (created if missing): the HDF5 file first, so a
    /// Markdown view never exists without the data it was rendered from. A run never replaces
    /// another: the `.h5` is published with a create-if-absent rename, and when its name (or a
    /// view's) is taken the next free stem `<stem>-2`, `<stem>-3`, … is used.
    /// - Throws: `ReportFileError` when the HDF5 file cannot be written, `FileSystemError` for
    ///   the directory or a view.
    public static func write(_ run: RunResult, to directory: String) throws -> Files {
        try OutputLocation.prepareDirectory(directory)
        for n in 1...maxSuffix {
            let base = directory + "/" + stem(run) + (n == 1 ? "" : "-\(n)")
            let h5 = base + ".h5", markdown = base + ".md"
            let taken = [h5, markdown, base + "-speedup.svg", base + "-scaling.svg"]
                .contains { FileManager.default.fileExists(atPath: $0) }
            if taken { continue }
            guard try create(run, at: h5) else { continue }   // another run took this stem a moment ago
            let views = try writeViews(run, markdown: markdown, policy: .createNew)
            return Files(h5: h5, markdown: views.markdown, charts: views.charts)
        }
        throw FileSystemError(path: directory + "/" + stem(run) + ".h5", action: "create", code: EEXIST,
                              detail: "\(maxSuffix) runs of this commit started in this second already have files there")
    }

    /// Writes the HDF5 file at `h5` unless a file is there; false when one is.
    static func create(_ run: RunResult, at h5: String) throws(ReportFileError) -> Bool {
        switch Result(catching: { () throws(ReportFileError) in try HDF5Store.write(run, to: h5, policy: .createNew) }) {
        case .success: return true
        case .failure(let e):
            guard e.kind == .exists else { throw e }
            return false
        }
    }

    /// Writes the Markdown view at `markdown` and its charts beside it (`<stem>-speedup.svg`,
    /// `<stem>-scaling.svg`, linked from the Markdown by relative name), each atomically.
    /// `nnbench run` and `nnbench report --out` both write views through here.
    public static func writeViews(_ run: RunResult, markdown: String,
                                  policy: AtomicFile.Policy = .replace) throws -> (markdown: String, charts: [String]) {
        // String paths, not URLs: the chart paths keep the form (relative or absolute) the caller gave.
        let base = markdown.hasSuffix(".md") ? String(markdown.dropLast(3)) : markdown
        let stem = base.split(separator: "/").last.map(String.init) ?? base
        var charts: [String] = []
        var links = MarkdownReport.ChartLinks(speedup: nil, scaling: nil)
        if let svg = Charts.speedup(run) {
            try AtomicFile.write(text: svg, to: base + "-speedup.svg", policy: policy)
            charts.append(base + "-speedup.svg")
            links.speedup = stem + "-speedup.svg"
        }
        if let svg = Charts.scaling(run) {
            try AtomicFile.write(text: svg, to: base + "-scaling.svg", policy: policy)
            charts.append(base + "-scaling.svg")
            links.scaling = stem + "-scaling.svg"
        }
        try AtomicFile.write(text: MarkdownReport.render(run, charts: links), to: markdown, policy: policy)
        return (markdown, charts)
    }
}
