// MARK: - Values quoted in one-line error messages

/// Text of a user-supplied value for an error message: control characters (newlines, tabs)
/// shown as spaces so the message stays one line, and anything longer than `limit` characters
/// cut to its first `limit` with `…` and the full length, so a 400-digit value cannot flood a
/// terminal while the message still shows what was given.
public func clipped(_ value: String, limit: Int = 40) -> String {
    let flat = String(value.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    guard flat.count > limit else { return flat }
    return String(flat.prefix(limit)) + "… (\(flat.count) characters)"
}

/// One line: every line break of `message` becomes "; " (for messages built from other
/// libraries' multi-line text).
public func oneLine(_ message: String) -> String {
    message.split(whereSeparator: \.isNewline)
        .map { line in String(line.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()) }
        .filter { !$0.isEmpty }.joined(separator: "; ")
}
