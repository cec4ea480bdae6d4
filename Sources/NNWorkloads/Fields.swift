import NNVocabulary
import Yams

// MARK: - Typed access to a YAML node, with field paths for errors

/// A YAML node and where it sits (file and dotted path), with typed, checked accessors.
public struct Fields {
    public let node: Node
    public let file: String
    public let path: String

    init(_ node: Node, file: String, path: String) {
        self.node = node
        self.file = file
        self.path = path
    }

    public func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    public func error(_ key: String, _ reason: String) -> WorkloadError {
        WorkloadError(file: file, field: field(key), reason: reason)
    }

    private func selfError(_ reason: String) -> WorkloadError {
        WorkloadError(file: file, field: path, reason: reason)
    }

    /// Checks that this node is a mapping with only `allowed` keys (each once).
    public func mapping(allowed: Set<String>) throws(WorkloadError) -> Fields {
        guard case .mapping(let m) = node else { throw selfError("must be a mapping of keys to values, got \(Self.describe(node))") }
        var seen: Set<String> = []
        for key in m.keys {
            guard case .scalar(let s) = key else { throw selfError("keys must be plain names, got \(Self.describe(key))") }
            guard allowed.contains(s.string) else {
                throw error(clipped(s.string), "unknown key (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            guard seen.insert(s.string).inserted else { throw error(s.string, "appears twice") }
        }
        return self
    }

    /// A scalar key's value without validating the rest of the mapping (to choose a schema).
    public func mappingPeek(_ key: String) throws(WorkloadError) -> String {
        guard case .mapping = node else { throw selfError("must be a mapping of keys to values, got \(Self.describe(node))") }
        return try string(key)
    }

    public func has(_ key: String) -> Bool { node.mapping?[key] != nil }

    public func child(_ key: String) throws(WorkloadError) -> Fields {
        guard let v = node.mapping?[key] else { throw error(key, "is required") }
        return Fields(v, file: file, path: field(key))
    }

    private func scalar(_ key: String) throws(WorkloadError) -> Node.Scalar? {
        guard let v = node.mapping?[key] else { return nil }
        guard case .scalar(let s) = v else { throw error(key, "must be a single value, got \(Self.describe(v))") }
        if s.style == .plain && ["", "~", "null"].contains(s.string) { throw error(key, "has no value") }
        return s
    }

    public func optionalString(_ key: String) throws(WorkloadError) -> String? { try scalar(key)?.string }

    public func string(_ key: String) throws(WorkloadError) -> String {
        guard let s = try optionalString(key) else { throw error(key, "is required") }
        return s
    }

    public func optionalInt(_ key: String, min: Int, max: Int) throws(WorkloadError) -> Int? {
        guard let s = try scalar(key) else { return nil }
        do { return try Self.wholeNumber(s, min: min, max: max) } catch { throw self.error(key, error.reason) }
    }

    /// A uint64 (the seed): the whole range 0...18446744073709551615.
    public func optionalUInt64(_ key: String) throws(WorkloadError) -> UInt64? {
        guard let s = try scalar(key) else { return nil }
        let text = s.string.replacingOccurrences(of: "_", with: "")
        guard s.style == .plain, Self.isIntegerLiteral(text) else {
            throw error(key, "must be a whole number, got \(Self.describe(.scalar(s)))")
        }
        guard !text.hasPrefix("-") || text.dropFirst().allSatisfy({ $0 == "0" }) else {
            throw error(key, "must be at least 0, got \(clipped(text))")
        }
        guard let v = UInt64(text.hasPrefix("+") ? String(text.dropFirst()) : text) ?? (text.hasPrefix("-") ? 0 : nil) else {
            throw error(key, "must be at most \(UInt64.max) (a uint64), got \(clipped(text))")
        }
        return v
    }

    /// A plain scalar as a whole number in min...max, with a reason naming the bound it misses
    /// (an integer too large for Int is a range problem, not "not a whole number").
    static func wholeNumber(_ s: Node.Scalar, min: Int, max: Int) throws(WorkloadError) -> Int {
        let text = s.string.replacingOccurrences(of: "_", with: "")
        guard s.style == .plain, isIntegerLiteral(text) else {
            throw WorkloadError(file: "", field: "", reason: "must be a whole number, got \(describe(.scalar(s)))")
        }
        guard let v = Int(text) else {
            let reason = text.hasPrefix("-") ? "must be at least \(min)" : "must be at most \(max) (absurd size)"
            throw WorkloadError(file: "", field: "", reason: "\(reason), got \(clipped(text))")
        }
        guard v >= min else { throw WorkloadError(file: "", field: "", reason: "must be at least \(min), got \(v)") }
        guard v <= max else { throw WorkloadError(file: "", field: "", reason: "must be at most \(max), got \(v) (absurd size)") }
        return v
    }

    /// Optional sign, then decimal digits only.
    static func isIntegerLiteral(_ text: String) -> Bool {
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// What a node holds, for messages: a scalar's value (quoted, clipped), or its kind.
    public static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return "'\(clipped(s.string))'"
        case .sequence(let seq): return "a list of \(seq.count) item\(seq.count == 1 ? "" : "s")"
        case .mapping(let m): return "a mapping of \(m.count) key\(m.count == 1 ? "" : "s")"
        case .alias: return "an alias"
        }
    }

    public func int(_ key: String, min: Int, max: Int) throws(WorkloadError) -> Int {
        guard let v = try optionalInt(key, min: min, max: max) else { throw error(key, "is required") }
        return v
    }

    public func optionalPositiveInt(_ key: String, max: Int) throws(WorkloadError) -> Int? {
        try optionalInt(key, min: 1, max: max)
    }

    public func optionalDouble(_ key: String) throws(WorkloadError) -> Double? {
        guard let s = try scalar(key) else { return nil }
        guard s.style == .plain, let v = Double(s.string), v.isFinite else {
            throw error(key, "must be a finite number, got \(Self.describe(.scalar(s)))")
        }
        return v
    }

    public func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) throws(WorkloadError) -> E
    where E.RawValue == String {
        let s = try string(key)
        guard let v = E(rawValue: s) else {
            throw error(key, "unknown value '\(clipped(s))' (expected \(E.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return v
    }

    /// A string value that must be one of `allowed` (a subset of a type's cases).
    public func enumeration<E: RawRepresentable>(_ key: String, among allowed: [E]) throws(WorkloadError) -> E
    where E.RawValue == String {
        let s = try string(key)
        guard let v = allowed.first(where: { $0.rawValue == s }) else {
            throw error(key, "unknown value '\(clipped(s))' (expected \(allowed.map(\.rawValue).joined(separator: ", ")))")
        }
        return v
    }

    /// The items of a sequence value, each with its `key[i]` path.
    public func items(_ key: String) throws(WorkloadError) -> [Fields] {
        guard let v = node.mapping?[key] else { throw error(key, "is required") }
        guard case .sequence(let seq) = v else { throw error(key, "must be a list, got \(Self.describe(v))") }
        return seq.enumerated().map { Fields($1, file: file, path: field("\(key)[\($0)]")) }
    }

    public func positiveInts(_ key: String, max: Int, allowEmpty: Bool = false) throws(WorkloadError) -> [Int] {
        var out: [Int] = []
        for item in try items(key) {
            guard case .scalar(let s) = item.node else {
                throw WorkloadError(file: file, field: item.path, reason: "must be a whole number, got \(Self.describe(item.node))")
            }
            do { out.append(try Self.wholeNumber(s, min: 1, max: max)) } catch {
                throw WorkloadError(file: file, field: item.path, reason: error.reason)
            }
        }
        if out.isEmpty && !allowEmpty { throw error(key, "must list at least one value") }
        return out
    }

    public func enumerations<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) throws(WorkloadError) -> [E]
    where E.RawValue == String {
        var out: [E] = []
        for item in try items(key) {
            guard case .scalar(let s) = item.node, let v = E(rawValue: s.string) else {
                let expected = E.allCases.map(\.rawValue).joined(separator: ", ")
                let reason = item.node.scalar == nil
                    ? "must be one of \(expected), got \(Self.describe(item.node))"
                    : "unknown value \(Self.describe(item.node)) (expected \(expected))"
                throw WorkloadError(file: file, field: item.path, reason: reason)
            }
            out.append(v)
        }
        if out.isEmpty { throw error(key, "must list at least one value") }
        return out
    }
}
