import Foundation
import Yams
import NNVocabulary

// MARK: - Reading and validating workload files

/// Loads `Workloads/*.yaml` files and validates every field.
///
/// Unknown keys, wrong types, sizes that are zero, negative or absurd (a model that would need
/// more memory than this machine has) and unknown modes are each a `WorkloadError` naming the
/// file, the field and why. See README.md ("Adding a workload") for the format.
public enum WorkloadLoader {
    /// Loads and validates one file.
    /// - Parameter memoryLimit: bytes a benchmark may need at most (default: physical memory).
    public static func load(path: String, memoryLimit: Double? = nil) throws(WorkloadError) -> WorkloadSpec {
        guard FileManager.default.fileExists(atPath: path) else {
            throw WorkloadError(file: path, field: "", reason: "no such workload file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WorkloadError(file: path, field: "", reason: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw WorkloadError(file: path, field: "", reason: "not UTF-8 text")
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let limit = memoryLimit ?? Double(ProcessInfo.processInfo.physicalMemory)
        var spec = try parse(text, file: path, name: name, memoryLimit: limit)
        spec.fileHash = SHA256.hex(Array(data))
        return spec
    }

    /// Loads every `*.yaml` file of `directory`, sorted by name.
    public static func loadAll(directory: String) throws(WorkloadError) -> [WorkloadSpec] {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".yaml") }.sorted()
        } catch {
            throw WorkloadError(file: directory, field: "", reason: "cannot list the workloads directory")
        }
        if files.isEmpty { throw WorkloadError(file: directory, field: "", reason: "no .yaml workload files") }
        var specs: [WorkloadSpec] = []
        for f in files { specs.append(try load(path: directory + "/" + f)) }
        return specs
    }

    /// Parses and validates workload text (`file` and `name` are used for messages and naming).
    public static func parse(_ text: String, file: String, name: String,
                             memoryLimit: Double = Double(ProcessInfo.processInfo.physicalMemory))
        throws(WorkloadError) -> WorkloadSpec {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            let firstLine = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
            throw WorkloadError(file: file, field: "", reason: "not valid YAML: \(firstLine)")
        }
        guard let root else { throw WorkloadError(file: file, field: "", reason: "the file is empty") }
        let r = Fields(root, file: file, path: "")
        let top = try r.mapping(allowed: ["name", "description", "task", "model", "batch_sizes", "sequence_length",
                                          "learning_rate", "modes", "seed", "measure", "stream"])
        if let n = try top.optionalString("name"), n != name {
            throw top.error("name", "is '\(n)' but the file is named '\(name).yaml': they must match")
        }
        let task = try top.enumeration("task", WorkloadSpec.Task.self)
        let model = try parseModel(top.child("model"))
        let recurrent: Bool
        if case .recurrent = model { recurrent = true } else { recurrent = false }

        let batches = try top.positiveInts("batch_sizes", max: 1 << 20)
        if Set(batches).count != batches.count { throw top.error("batch_sizes", "lists a batch size twice") }
        let seqLen = try top.optionalPositiveInt("sequence_length", max: 1 << 16)
        if recurrent && seqLen == nil && task != .stream {
            throw top.error("sequence_length", "is required for a recurrent model")
        }
        if !recurrent && seqLen != nil { throw top.error("sequence_length", "applies to recurrent models only") }

        let lr = try top.optionalDouble("learning_rate")
        if let lr, !(lr > 0 && lr <= 10) { throw top.error("learning_rate", "must be in (0, 10], got \(lr)") }
        if task == .infer, lr != nil { throw top.error("learning_rate", "does not apply to task 'infer'") }
        if task != .infer, lr == nil { throw top.error("learning_rate", "is required for task '\(task.rawValue)'") }

        let modes = try top.enumerations("modes", Mode.self)
        if Set(modes).count != modes.count { throw top.error("modes", "lists a mode twice") }
        let seed = try top.optionalInt("seed", min: 0, max: Int.max) ?? 42

        var measure = MeasureSpec()
        if top.has("measure") {
            let m = try top.child("measure").mapping(allowed: ["samples", "threshold"])
            measure.samples = try m.optionalInt("samples", min: 3, max: 100_000)
            if let t = try m.optionalDouble("threshold") {
                guard t > 0 && t < 1 else { throw m.error("threshold", "must be a fraction in (0, 1), got \(t)") }
                measure.threshold = t
            }
        }

        var stream: StreamSpec?
        if task == .stream {
            guard recurrent else { throw top.error("task", "'stream' needs a recurrent model (elman or lstm)") }
            guard top.has("stream") else { throw top.error("stream", "is required for task 'stream'") }
            let s = try top.child("stream").mapping(allowed: ["batches", "min_length", "max_length"])
            let spec = StreamSpec(batches: try s.int("batches", min: 1, max: 100_000),
                                  minLength: try s.int("min_length", min: 1, max: 1 << 16),
                                  maxLength: try s.int("max_length", min: 1, max: 1 << 16))
            if spec.maxLength < spec.minLength {
                throw s.error("max_length", "must be at least min_length (\(spec.minLength))")
            }
            stream = spec
        } else if top.has("stream") {
            throw top.error("stream", "applies to task 'stream' only")
        }

        // Blame the model when even batch 1 cannot fit, the batch sizes otherwise.
        let longest = stream?.maxLength ?? seqLen ?? 1
        let smallest = MemoryEstimate.bytes(model, batch: 1, sequenceLength: longest)
        if smallest > memoryLimit {
            throw top.error(
                "model",
                "is too large: it would need about \(gib(smallest)) GiB at batch 1, more than this machine's \(gib(memoryLimit)) GiB")
        }
        let need = MemoryEstimate.bytes(model, batch: batches.max() ?? 1, sequenceLength: longest)
        if need > memoryLimit {
            throw top.error(
                "batch_sizes",
                "the largest benchmark would need about \(gib(need)) GiB, more than this machine's \(gib(memoryLimit)) GiB")
        }
        return WorkloadSpec(
            path: file, name: name, description: try top.optionalString("description") ?? "", task: task,
            model: model, batchSizes: batches, sequenceLength: seqLen, learningRate: lr, modes: modes,
            seed: UInt64(seed), measure: measure, stream: stream, fileHash: "")
    }

    private static func gib(_ bytes: Double) -> String { String(format: "%.1f", bytes / 1_073_741_824) }

    // MARK: Models

    private static func parseModel(_ f: Fields) throws(WorkloadError) -> ModelSpec {
        let kindField = try f.mappingPeek("kind")
        switch kindField {
        case "mlp":
            let m = try f.mapping(allowed: ["kind", "input", "hidden", "classes", "activation"])
            return .mlp(MLPSpec(input: try m.int("input", min: 1, max: 1 << 24),
                                hidden: try m.positiveInts("hidden", max: 1 << 20, allowEmpty: true),
                                classes: try m.int("classes", min: 2, max: 1 << 20),
                                activation: try m.enumeration("activation", ActivationName.self)))
        case "cnn":
            let m = try f.mapping(allowed: ["kind", "input", "conv", "dense", "classes", "activation"])
            let input = try m.positiveInts("input", max: 1 << 14)
            guard input.count == 3 else { throw m.error("input", "must be [channels, height, width]") }
            var convs: [CNNSpec.Conv] = []
            var (h, w) = (input[1], input[2])
            for (i, item) in try m.items("conv").enumerated() {
                let c = try item.mapping(allowed: ["channels", "kernel", "padding", "pool"])
                let conv = CNNSpec.Conv(channels: try c.int("channels", min: 1, max: 1 << 14),
                                        kernel: try c.int("kernel", min: 1, max: 1 << 10),
                                        padding: try c.optionalInt("padding", min: 0, max: 1 << 10) ?? 0,
                                        pool: try c.optionalInt("pool", min: 1, max: 1 << 10))
                h = h + 2 * conv.padding - conv.kernel + 1
                w = w + 2 * conv.padding - conv.kernel + 1
                guard h >= 1, w >= 1 else { throw m.error("conv[\(i)].kernel", "larger than its padded input") }
                if let p = conv.pool {
                    guard h >= p, w >= p else { throw m.error("conv[\(i)].pool", "larger than its input \(h)×\(w)") }
                    h /= p
                    w /= p
                }
                convs.append(conv)
            }
            if convs.isEmpty { throw m.error("conv", "needs at least one convolution block") }
            return .cnn(CNNSpec(input: input, conv: convs,
                                dense: try m.positiveInts("dense", max: 1 << 20, allowEmpty: true),
                                classes: try m.int("classes", min: 2, max: 1 << 20),
                                activation: try m.enumeration("activation", ActivationName.self)))
        case "elman", "lstm":
            let m = try f.mapping(allowed: ["kind", "input", "hidden", "classes"])
            return .recurrent(RecurrentSpec(cell: kindField == "lstm" ? .lstm : .elman,
                                            input: try m.int("input", min: 1, max: 1 << 20),
                                            hidden: try m.int("hidden", min: 1, max: 1 << 16),
                                            classes: try m.int("classes", min: 2, max: 1 << 20)))
        default:
            throw f.error("kind", "unknown model kind '\(kindField)' (expected mlp, cnn, elman or lstm)")
        }
    }
}

// MARK: - Typed access to a YAML node, with field paths for errors

/// A YAML node and where it sits (file and dotted path), with typed, checked accessors.
struct Fields {
    let node: Node
    let file: String
    let path: String

    init(_ node: Node, file: String, path: String) {
        self.node = node
        self.file = file
        self.path = path
    }

    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ key: String, _ reason: String) -> WorkloadError {
        WorkloadError(file: file, field: field(key), reason: reason)
    }

    private func selfError(_ reason: String) -> WorkloadError {
        WorkloadError(file: file, field: path, reason: reason)
    }

    /// Checks that this node is a mapping with only `allowed` keys (each once).
    func mapping(allowed: Set<String>) throws(WorkloadError) -> Fields {
        guard case .mapping(let m) = node else { throw selfError("must be a mapping of keys to values") }
        var seen: Set<String> = []
        for key in m.keys {
            guard case .scalar(let s) = key else { throw selfError("keys must be plain names") }
            guard allowed.contains(s.string) else {
                throw error(s.string, "unknown key (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            guard seen.insert(s.string).inserted else { throw error(s.string, "appears twice") }
        }
        return self
    }

    /// A scalar key's value without validating the rest of the mapping (to choose a schema).
    func mappingPeek(_ key: String) throws(WorkloadError) -> String {
        guard case .mapping = node else { throw selfError("must be a mapping of keys to values") }
        return try string(key)
    }

    func has(_ key: String) -> Bool { node.mapping?[key] != nil }

    func child(_ key: String) throws(WorkloadError) -> Fields {
        guard let v = node.mapping?[key] else { throw error(key, "is required") }
        return Fields(v, file: file, path: field(key))
    }

    private func scalar(_ key: String) throws(WorkloadError) -> Node.Scalar? {
        guard let v = node.mapping?[key] else { return nil }
        guard case .scalar(let s) = v else { throw error(key, "must be a single value, not a list or mapping") }
        if s.style == .plain && ["", "~", "null"].contains(s.string) { throw error(key, "has no value") }
        return s
    }

    func optionalString(_ key: String) throws(WorkloadError) -> String? { try scalar(key)?.string }

    func string(_ key: String) throws(WorkloadError) -> String {
        guard let s = try optionalString(key) else { throw error(key, "is required") }
        return s
    }

    func optionalInt(_ key: String, min: Int, max: Int) throws(WorkloadError) -> Int? {
        guard let s = try scalar(key) else { return nil }
        guard s.style == .plain, let v = Int(s.string.replacingOccurrences(of: "_", with: "")) else {
            throw error(key, "must be a whole number, got '\(s.string)'")
        }
        guard v >= min else { throw error(key, "must be at least \(min), got \(v)") }
        guard v <= max else { throw error(key, "must be at most \(max), got \(v) (absurd size)") }
        return v
    }

    func int(_ key: String, min: Int, max: Int) throws(WorkloadError) -> Int {
        guard let v = try optionalInt(key, min: min, max: max) else { throw error(key, "is required") }
        return v
    }

    func optionalPositiveInt(_ key: String, max: Int) throws(WorkloadError) -> Int? {
        try optionalInt(key, min: 1, max: max)
    }

    func optionalDouble(_ key: String) throws(WorkloadError) -> Double? {
        guard let s = try scalar(key) else { return nil }
        guard s.style == .plain, let v = Double(s.string), v.isFinite else {
            throw error(key, "must be a number, got '\(s.string)'")
        }
        return v
    }

    func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) throws(WorkloadError) -> E
    where E.RawValue == String {
        let s = try string(key)
        guard let v = E(rawValue: s) else {
            throw error(key, "unknown value '\(s)' (expected \(E.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return v
    }

    /// The items of a sequence value, each with its `key[i]` path.
    func items(_ key: String) throws(WorkloadError) -> [Fields] {
        guard let v = node.mapping?[key] else { throw error(key, "is required") }
        guard case .sequence(let seq) = v else { throw error(key, "must be a list") }
        return seq.enumerated().map { Fields($1, file: file, path: field("\(key)[\($0)]")) }
    }

    func positiveInts(_ key: String, max: Int, allowEmpty: Bool = false) throws(WorkloadError) -> [Int] {
        var out: [Int] = []
        for item in try items(key) {
            guard case .scalar(let s) = item.node, s.style == .plain,
                  let v = Int(s.string.replacingOccurrences(of: "_", with: "")) else {
                throw WorkloadError(file: file, field: item.path, reason: "must be a whole number")
            }
            guard v >= 1 else { throw WorkloadError(file: file, field: item.path, reason: "must be at least 1, got \(v)") }
            guard v <= max else {
                throw WorkloadError(file: file, field: item.path, reason: "must be at most \(max), got \(v) (absurd size)")
            }
            out.append(v)
        }
        if out.isEmpty && !allowEmpty { throw error(key, "must list at least one value") }
        return out
    }

    func enumerations<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) throws(WorkloadError) -> [E]
    where E.RawValue == String {
        var out: [E] = []
        for item in try items(key) {
            guard case .scalar(let s) = item.node, let v = E(rawValue: s.string) else {
                let got = item.node.scalar?.string ?? "a non-scalar"
                throw WorkloadError(file: file, field: item.path, reason:
                    "unknown value '\(got)' (expected \(E.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            out.append(v)
        }
        if out.isEmpty { throw error(key, "must list at least one value") }
        return out
    }
}
