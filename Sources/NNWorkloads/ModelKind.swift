import NNModels
import NNVocabulary

// MARK: - Model kinds: each declared once, in one file, and registered here

/// One model kind of workload files (`model.kind`): its spec (what the file declares), how the
/// spec is parsed and validated, the NNModels network it builds, and its memory footprint, side
/// by side in one file (`MLPKind.swift`, `CNNKind.swift`, `RecurrentKind.swift`). A new kind is
/// one such file plus its line in `ModelSpec.kinds`.
public protocol ModelKind: Sendable, Equatable {
    /// The `model.kind` values this kind parses ("mlp"; "elman" and "lstm").
    static var names: [String] { get }
    /// Parses and validates the `model:` mapping `f`, whose `kind` is `name`.
    static func parse(name: String, _ f: Fields) throws(WorkloadError) -> Self
    /// The `model.kind` value of this spec.
    var name: String { get }
    /// Whether the model reads sequences (then `sequence_length` or a stream is required).
    var isRecurrent: Bool { get }
    /// The NNModels network this spec describes.
    /// - Throws: `NotImplementedError` for a valid spec nnbench cannot build yet.
    func makeModel() throws -> any Model
    /// Parameter and activation element counts of one benchmark, in Double (no overflow).
    func footprint(batch: Int, sequenceLength: Int) -> (parameters: Double, activations: Double)
}

/// A workload asks for something nnbench does not implement yet.
public struct NotImplementedError: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) { self.description = description }
}

/// The network a workload trains: one `ModelKind`'s spec.
public struct ModelSpec: Sendable, Equatable {
    /// Every model kind a workload file may name, in the order error messages list them.
    static let kinds = [Registration(MLPSpec.self), Registration(CNNSpec.self), Registration(RecurrentSpec.self)]

    /// The kind's spec (cast to `MLPSpec`, `CNNSpec`, … to read its fields).
    public let spec: any ModelKind

    public init(_ spec: any ModelKind) { self.spec = spec }

    /// The `model.kind` value of the file.
    public var kind: String { spec.name }
    public var isRecurrent: Bool { spec.isRecurrent }

    /// The NNModels network this spec describes.
    public func makeModel() throws -> any Model { try spec.makeModel() }

    public static func == (a: ModelSpec, b: ModelSpec) -> Bool { a.spec.isEqual(to: b.spec) }

    /// Parses `model:` with the kind its `kind` names.
    static func parse(_ f: Fields) throws(WorkloadError) -> ModelSpec {
        let name = try f.mappingPeek("kind")
        guard let kind = kinds.first(where: { $0.names.contains(name) }) else {
            let names = kinds.flatMap(\.names)
            let expected = names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
            throw f.error("kind", "unknown model kind '\(clipped(name))' (expected \(expected))")
        }
        return try kind.parse(name, f)
    }

    /// A kind's names and parser (a closure: the compiler does not lower a typed-throws call
    /// on an existential metatype).
    struct Registration: Sendable {
        let names: [String]
        let parse: @Sendable (String, Fields) throws(WorkloadError) -> ModelSpec

        init<K: ModelKind>(_ kind: K.Type) {
            names = K.names
            parse = { name, f throws(WorkloadError) in ModelSpec(try K.parse(name: name, f)) }
        }
    }
}

extension ModelKind {
    /// Equality across kinds: equal when `other` is the same kind with equal fields.
    func isEqual(to other: any ModelKind) -> Bool { (other as? Self) == self }
}
