import ArgumentParser
import Foundation
import NNReport
import NNVocabulary

// MARK: - Exit codes, decided in one place

extension NNBench {
    /// Chooses the OpenBLAS core (re-executing when needed), installs the handlers that remove
    /// temporary files on SIGINT/SIGTERM, parses, runs, and turns every failure into one line on standard error and an exit code
    /// from `Exit` (README.md, "Exit codes"): a command-line mistake is 64 (`usage`), with a
    /// pointer to the subcommand's help instead of the whole usage text; help and `--version`
    /// exit 0 as ArgumentParser prints them.
    static func main() {
        // Runs on the best OpenBLAS kernels the CPU supports (see `CoreSelection`), then parses.
        let arguments = Array(CommandLine.arguments.dropFirst())
        if ["run", "graph"].contains(arguments.first ?? "") {
            CoreSelection.reexecuteIfNeeded(announce: arguments.first == "run")
        }
        TempFiles.installSignalHandlers()
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }   // --help
            usageError(error)
        }
        do {
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            // ArgumentParser's help command reports itself as an error thrown by run().
            if exitCode(for: error) == .success { exit(withError: error) }
            if exitCode(for: error).rawValue == Exit.usage.rawValue { usageError(error) }
            _ = fail(error)
            Foundation.exit(Exit.error.rawValue)
        }
        Foundation.exit(Exit.success.rawValue)
    }

    /// Prints `nnbench: error: <what is wrong> (see 'nnbench <command> --help')` and exits 64.
    static func usageError(_ error: Error) -> Never {
        let first = message(for: error).split(whereSeparator: \.isNewline).first.map(String.init) ?? "\(error)"
        var line = first.hasPrefix("Error: ") ? String(first.dropFirst(7)) : first
        line = line.split(separator: " ", omittingEmptySubsequences: false)
            .map { $0.count > 60 ? clipped(String($0)) : String($0) }.joined(separator: " ")
        // ArgumentParser's full message ends with "See 'nnbench run --help' for more information."
        let hint = fullMessage(for: error).split(whereSeparator: \.isNewline)
            .first { $0.drop { $0 == " " }.hasPrefix("See '") }
            .flatMap { $0.split(separator: "'").dropFirst().first }
            .map { " (see '\($0)')" } ?? " (see 'nnbench --help')"
        FileHandle.standardError.write(Data("nnbench: error: \(line)\(hint)\n".utf8))
        Foundation.exit(Exit.usage.rawValue)
    }
}
