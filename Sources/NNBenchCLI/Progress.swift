import Foundation

/// Progress on standard error: a self-updating line with ETA on a terminal, plain lines when
/// standard error is not a terminal or `CI` is set (so logs stay readable).
final class Progress: @unchecked Sendable {
    private let total: Int
    private var finished = 0
    private let start = Date()
    private let live: Bool
    /// Put in front of every line (a worker's "worker 2/3 ").
    private let prefix: String

    init(total: Int, prefix: String = "") {
        self.total = total
        self.prefix = prefix
        live = isatty(2) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
    }

    private var eta: String {
        guard finished > 0 else { return "" }
        let left = Date().timeIntervalSince(start) / Double(finished) * Double(total - finished)
        return String(format: ", ETA %.0fs", left)
    }

    /// A status line for the current phase (only shown live on a terminal).
    func update(_ status: String) {
        guard live else { return }
        write("\r\u{1B}[2K\(prefix)[\(finished)/\(total)\(eta)] \(status)")
    }

    /// A line that stays.
    func note(_ line: String) { write((live ? "\r\u{1B}[2K" : "") + line + "\n") }

    func finish(_ label: String) {
        finished += 1
        note("\(prefix)[\(finished)/\(total)] \(label) done" + eta)
    }

    /// Clears the live line (a worker's, before the parent writes again).
    func clear() { if live { write("\r\u{1B}[2K") } }

    /// Clears the live line and notes how long the measurements took.
    func done() {
        if live { write("\r\u{1B}[2K") }
        note(String(format: "measured %d benchmarks in %.1f s", total, Date().timeIntervalSince(start)))
    }

    private func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
}
