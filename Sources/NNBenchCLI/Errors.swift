import ArgumentParser
import Foundation
import NNVocabulary

/// nnbench's exit codes: a regression is not an error, and a mistyped command line is not a
/// broken input file. README.md's exit-code table is the one place they are documented.
enum Exit: Int32 {
    case success = 0
    /// Bad input, a failed measurement, an unreadable or unwritable file.
    case error = 1
    /// `check`: something got slower (or an exact counter went up).
    case regression = 2
    /// `check`: nothing regressed, but a change beyond the threshold could not be decided
    /// (not significant): more workers or samples would decide it.
    case undecided = 3
    /// The command line itself is wrong: an unknown option, a missing or out-of-range value
    /// (`EX_USAGE` of sysexits.h, ArgumentParser's own choice).
    case usage = 64

    var code: ExitCode { ExitCode(rawValue) }
}

/// Prints `nnbench: error: <message>` (one line: line breaks become "; ") to standard error
/// and returns exit code 1 to throw.
func fail(_ message: Any) -> ExitCode {
    FileHandle.standardError.write(Data("nnbench: error: \(oneLine("\(message)"))\n".utf8))
    return Exit.error.code
}

/// Prints a warning line to standard error.
func warn(_ message: String) {
    FileHandle.standardError.write(Data("nnbench: warning: \(message)\n".utf8))
}
