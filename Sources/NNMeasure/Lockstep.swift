#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - The worker side of a lockstep measurement (`nnbench run --against`)

/// A worker that takes turns with the workers of other builds: it does nothing that could
/// disturb them (or be disturbed) unless the coordinating process gives it the turn.
///
/// The protocol is one line each way on the worker's standard input and output:
/// - `prepare` → the worker sets up its next benchmark (sessions, first steps, warm-up) and
///   answers `ready <planned rounds> <benchmark label>`, or `end` when it has no benchmark left;
/// - `round` → it measures one round of every mode (re-takes included) and answers `ok`;
/// - `finish` → it takes its exact counters and answers `done`.
/// The coordinator (`InterleavedWorkers`) gives every side the same number of rounds.
public final class Lockstep {
    let input: Int32, output: Int32
    private var buffer: [UInt8] = []

    /// - Parameters: input, output: the file descriptors to read commands from and answer on.
    public init(input: Int32 = 0, output: Int32 = 1) {
        self.input = input; self.output = output
    }

    /// The next line, nil at end of input.
    func readLine() -> String? {
        while true {
            if let nl = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<nl], as: UTF8.self)
                buffer.removeSubrange(...nl)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 256)
            let n = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, 256) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            buffer += chunk[..<n]
        }
    }

    /// Writes one line.
    func writeLine(_ line: String) throws(RunError) {
        var bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(output, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw .lockstep("cannot answer the coordinating process (errno \(errno))") }
            offset += n
        }
    }

    /// Waits for `prepare` (before a benchmark's first step).
    func awaitPrepare() throws(RunError) {
        let c = readLine()
        guard c == "prepare" else { throw .lockstep("expected 'prepare', got \(c.map { "'\($0)'" } ?? "end of input")") }
    }

    /// Answers `prepare` with the benchmark about to be measured.
    func ready(rounds: Int, label: String) throws(RunError) { try writeLine("ready \(rounds) \(label)") }

    /// Waits for the next command of the sampling loop: true for `round`, false for `finish`.
    func nextRound() throws(RunError) -> Bool {
        switch readLine() {
        case "round": return true
        case "finish": return false
        case let c: throw .lockstep("expected 'round' or 'finish', got \(c.map { "'\($0)'" } ?? "end of input")")
        }
    }

    /// Answers `round` once the round is taken.
    func roundTaken() throws(RunError) { try writeLine("ok") }

    /// Answers `finish` once the benchmark's counters are taken.
    func benchmarkDone() throws(RunError) { try writeLine("done") }

    /// After the last benchmark: answers the next `prepare` with `end` (end of input is fine too).
    public func end() throws(RunError) {
        switch readLine() {
        case nil: return
        case "prepare": try writeLine("end")
        case let c?: throw .lockstep("expected 'prepare' after the last benchmark, got '\(c)'")
        }
    }
}
