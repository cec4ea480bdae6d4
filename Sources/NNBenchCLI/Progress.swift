import Foundation

/// Progress on standard error. On a terminal: one self-updating line with a bar, the share of
/// the estimated work done and an ETA over every benchmark still to run (stream workloads
/// included). Plain lines, one per finished benchmark, when standard error is not a terminal or
/// `CI` is set, so logs stay readable.
final class Progress: @unchecked Sendable {
    /// One unit of work: a step benchmark or a stream benchmark, with an a-priori duration.
    struct Task {
        enum Kind { case step, stream }
        var kind: Kind
        var estimate: Double
    }

    private let tasks: [Task]
    private var finished = 0
    private var actual: [Double] = []
    private let start = Date()
    private var taskStart = Date()
    private var fraction = 0.0
    private let live: Bool
    private let width: Int
    /// Put in front of every line (a worker's "worker 2/3 ").
    private let prefix: String
    /// How many more times the same tasks run after these (the workers still to come).
    private let laterRepeats: Int

    init(tasks: [Task], prefix: String = "", laterRepeats: Int = 0) {
        self.tasks = tasks
        self.prefix = prefix
        self.laterRepeats = laterRepeats
        live = isatty(2) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
        width = Progress.terminalWidth()
    }

    // MARK: - Estimates

    /// Actual ÷ a-priori seconds of the finished tasks of `kind` (of any kind when none yet).
    private func factor(_ kind: Task.Kind) -> Double {
        let done = tasks.prefix(finished).indices
        func ratio(_ ids: [Int]) -> Double? {
            let est = ids.map { tasks[$0].estimate }.reduce(0, +), act = ids.map { actual[$0] }.reduce(0, +)
            return est > 0 && !ids.isEmpty ? act / est : nil
        }
        return ratio(done.filter { tasks[$0].kind == kind }) ?? ratio(Array(done)) ?? 1
    }

    /// Seconds left: the current task from its progress so far, the rest from their estimates,
    /// and every task again for each later worker.
    var secondsLeft: Double {
        guard finished < tasks.count else { return 0 }
        let elapsed = Date().timeIntervalSince(taskStart)
        let current = tasks[finished]
        let expected = current.estimate * factor(current.kind)
        let currentLeft = fraction > 0.05 ? elapsed / fraction * (1 - fraction) : max(expected - elapsed, 0)
        let rest = tasks.dropFirst(finished + 1).map { $0.estimate * factor($0.kind) }.reduce(0, +)
        let later = Double(laterRepeats) * tasks.map { $0.estimate * factor($0.kind) }.reduce(0, +)
        return currentLeft + rest + later
    }

    /// The share of all estimated work done, 0…1.
    private var done: Double {
        let total = tasks.map(\.estimate).reduce(0, +)
        let past = tasks.prefix(finished).map(\.estimate).reduce(0, +)
        let current = finished < tasks.count ? tasks[finished].estimate * fraction : 0
        return total > 0 ? min(1, (past + current) / total) : 0
    }

    static func clock(_ s: Double) -> String {
        let t = Int(s.rounded())
        return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String(format: "%d:%02d", t / 60, t % 60)
    }

    // MARK: - Output

    /// A status line for the current phase (only shown live on a terminal). A trailing `k/n`
    /// in `status` (sample or pass k of n) advances the current benchmark's share.
    func update(_ status: String) {
        if let slash = status.split(separator: " ").last?.split(separator: "/"), slash.count == 2,
           let k = Double(slash[0]), let n = Double(slash[1]), n > 0 {
            fraction = max(fraction, min(1, (k - 1) / n))
        }
        guard live else { return }
        let barWidth = 20
        let filled = Int((done * Double(barWidth)).rounded())
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
        var line = "\(prefix)\(bar) \(String(format: "%3d", Int((done * 100).rounded())))% \(finished)/\(tasks.count) ETA \(Progress.clock(secondsLeft))  \(status)"
        if line.count > width - 1 { line = String(line.prefix(width - 2)) + "…" }
        write("\r\u{1B}[2K" + line)
    }

    /// A line that stays.
    func note(_ line: String) { write((live ? "\r\u{1B}[2K" : "") + line + "\n") }

    /// One benchmark finished; `summary` is its numbers (medians, speed-ups).
    func finish(_ name: String, _ summary: String) {
        actual.append(Date().timeIntervalSince(taskStart))
        finished += 1
        taskStart = Date()
        fraction = 0
        // Long lines break between modes (at " · ") so they never wrap mid-word.
        var line = "\(prefix)[\(finished)/\(tasks.count)] \(name):"
        var lines: [String] = []
        for part in summary.components(separatedBy: " · ") {
            if line.count + part.count + 3 > min(width, 100) && !line.hasSuffix(":") { lines.append(line); line = "     " + part }
            else { line += (line.hasSuffix(":") ? " " : " · ") + part }
        }
        note((lines + [line]).joined(separator: "\n"))
    }

    /// Clears the live line (a worker's, before the parent writes again).
    func clear() { if live { write("\r\u{1B}[2K") } }

    private func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }

    /// Columns of the terminal on standard error (100 when unknown).
    static func terminalWidth() -> Int {
        var w = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 20 { return Int(w.ws_col) }
        return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 100
    }
}
