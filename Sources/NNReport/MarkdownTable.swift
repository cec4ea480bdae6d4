// MARK: - A Markdown table built column by column

/// A GitHub-flavoured Markdown table whose columns are declared once (heading, alignment, how a
/// row fills its cell), so that a view can add a column without touching the others
/// (for example a per-worker spread beside the median).
struct MarkdownTable<Row> {
    enum Alignment { case left, right }

    struct Column {
        /// What the column holds, with its unit: `median [95% CI] (µs)`.
        var heading: String
        var alignment: Alignment
        var cell: (Row) -> String
    }

    var columns: [Column] = []

    mutating func add(_ heading: String, _ alignment: Alignment = .right, _ cell: @escaping (Row) -> String) {
        columns.append(Column(heading: heading, alignment: alignment, cell: cell))
    }

    /// Inserts a column after the one whose heading starts with `prefix` (at the end when none does).
    mutating func insert(after prefix: String, _ heading: String, _ alignment: Alignment = .right,
                         _ cell: @escaping (Row) -> String) {
        let i = columns.firstIndex { $0.heading.hasPrefix(prefix) }.map { $0 + 1 } ?? columns.count
        columns.insert(Column(heading: heading, alignment: alignment, cell: cell), at: i)
    }

    /// The table: a heading row, the alignment row, one row per element of `rows`.
    func render(_ rows: [Row]) -> String {
        var out = "| " + columns.map { MarkdownReport.cell($0.heading) }.joined(separator: " | ") + " |\n"
        out += "|" + columns.map { $0.alignment == .left ? "---|" : "---:|" }.joined() + "\n"
        for r in rows {
            out += "| " + columns.map { MarkdownReport.cell($0.cell(r)) }.joined(separator: " | ") + " |\n"
        }
        return out
    }
}
