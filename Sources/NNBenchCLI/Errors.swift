import ArgumentParser
import Foundation

/// nnbench's exit codes: a regression is not an error.
enum Exit: Int32 {
    case success = 0
    /// Bad input, a failed measurement, an unreadable file.
    case error = 1
    /// `check`: something got slower (or an exact counter went up).
    case regression = 2
    /// `check`: nothing regressed, but a change beyond the threshold could not be decided
    /// (not significant): more workers or samples would decide it.
    case undecided = 3

    var code: ExitCode { ExitCode(rawValue) }
}

/// Prints `nnbench: error: <message>` (one line) to standard error and exits 1.
func fail(_ message: Any) -> ExitCode {
    FileHandle.standardError.write(Data("nnbench: error: \(message)\n".utf8))
    return Exit.error.code
}

/// Prints a warning line to standard error.
func warn(_ message: String) {
    FileHandle.standardError.write(Data("nnbench: warning: \(message)\n".utf8))
}
