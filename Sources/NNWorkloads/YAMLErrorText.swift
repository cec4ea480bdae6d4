import NNVocabulary
import Yams

// MARK: - YAML syntax errors as one whole sentence

/// Words a YAML syntax error as one line: where, what, and what it was inside of
/// ("line 2, column 1: did not find expected ',' or ']' (while parsing a flow sequence that
/// started at line 1, column 7)"). Yams's own text puts the problem after a line break, so its
/// first line alone stops mid-sentence.
enum YAMLErrorText {
    static func describe(_ error: any Error) -> String {
        guard let e = error as? YamlError else { return oneLine("\(error)") }
        switch e {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            return "line \(mark.line), column \(mark.column): \(problem)" + inside(context)
        case let .reader(problem, offset, _, _):
            return problem + (offset.map { " at byte \($0)" } ?? "")
        case let .duplicatedKeysInMapping(duplicates, context):
            return "duplicate key(s) " + duplicates.sorted().map { "'\(clipped($0))'" }.joined(separator: ", ")
                + " in the mapping that starts at line \(context.mark.line), column \(context.mark.column)"
        default:
            return oneLine(e.description)
        }
    }

    private static func inside(_ context: YamlError.Context?) -> String {
        guard let c = context else { return "" }
        return " (\(clipped(oneLine(c.text), limit: 60)) that started at line \(c.mark.line), column \(c.mark.column))"
    }
}
