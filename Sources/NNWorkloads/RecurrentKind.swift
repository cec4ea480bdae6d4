import NNModels
import NNVocabulary

// MARK: - kind: elman | lstm

/// `kind: elman` or `kind: lstm`: a recurrent layer over the sequence; its last hidden state
/// feeds a dense output layer.
public struct RecurrentSpec: ModelKind {
    public var cell: RNN.Cell
    public var input: Int
    public var hidden: Int
    public var classes: Int

    public init(cell: RNN.Cell, input: Int, hidden: Int, classes: Int) {
        self.cell = cell
        self.input = input
        self.hidden = hidden
        self.classes = classes
    }

    public static let names = [RNN.Cell.elman, .lstm].map(\.rawValue)
    public var name: String { cell.rawValue }
    public var isRecurrent: Bool { true }

    public static func parse(name: String, _ f: Fields) throws(WorkloadError) -> RecurrentSpec {
        let m = try f.mapping(allowed: ["kind", "input", "hidden", "classes"])
        guard let cell = RNN.Cell(rawValue: name) else { throw f.error("kind", "unknown recurrent cell '\(clipped(name))'") }
        return RecurrentSpec(cell: cell, input: try m.int("input", min: 1, max: 1 << 20),
                             hidden: try m.int("hidden", min: 1, max: 1 << 16),
                             classes: try m.int("classes", min: 2, max: 1 << 20))
    }

    public func makeModel() throws -> any Model {
        RNN(cell: cell, inputs: input, hidden: hidden, classes: classes)
    }

    public func footprint(batch: Int, sequenceLength: Int) -> (parameters: Double, activations: Double) {
        let gates: Double = cell == .lstm ? 4 : 1
        let i = Double(input), h = Double(hidden)
        let params = gates * (i * h + h * h + h) + h * Double(classes) + Double(classes)
        return (params, Double(batch) * Double(sequenceLength) * (i + 3 * gates * h))
    }
}

extension ModelSpec {
    public static func recurrent(_ spec: RecurrentSpec) -> ModelSpec { ModelSpec(spec) }
}
