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

    /// The first value that appears a second time in `values`.
    static func firstRepeat<T: Hashable>(_ values: [T]) -> T? {
        var seen: Set<T> = []
        return values.first { !seen.insert($0).inserted }
    }

    /// Parses and validates workload text (`file` and `name` are used for messages and naming).
    public static func parse(_ text: String, file: String, name: String,
                             memoryLimit: Double = Double(ProcessInfo.processInfo.physicalMemory))
        throws(WorkloadError) -> WorkloadSpec {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw WorkloadError(file: file, field: "", reason: "not valid YAML: " + YAMLErrorText.describe(error))
        }
        guard let root else { throw WorkloadError(file: file, field: "", reason: "the file is empty") }
        let r = Fields(root, file: file, path: "")
        let top = try r.mapping(allowed: ["name", "description", "task", "model", "batch_sizes", "sequence_length",
                                          "learning_rate", "modes", "seed", "measure", "stream"])
        if let n = try top.optionalString("name"), n != name {
            throw top.error("name", "is '\(clipped(n))' but the file is named '\(name).yaml': they must match")
        }
        let task = try top.enumeration("task", WorkloadSpec.Task.self)
        let model = try ModelSpec.parse(top.child("model"))
        let recurrent = model.isRecurrent

        let batches = try top.positiveInts("batch_sizes", max: Limits.batch.upperBound)
        if let twice = firstRepeat(batches) { throw top.error("batch_sizes", "lists batch size \(twice) twice") }
        let seqLen = try top.optionalPositiveInt("sequence_length", max: Limits.sequenceLength.upperBound)
        if recurrent && seqLen == nil && task != .stream {
            throw top.error("sequence_length", "is required for a recurrent model")
        }
        if !recurrent && seqLen != nil { throw top.error("sequence_length", "applies to recurrent models only") }

        let lr = try top.optionalDouble("learning_rate")
        if let lr, !(lr > 0 && lr <= 10) { throw top.error("learning_rate", "must be in (0, 10], got \(lr)") }
        if task == .infer, lr != nil { throw top.error("learning_rate", "does not apply to task 'infer'") }
        if task != .infer, lr == nil { throw top.error("learning_rate", "is required for task '\(task.rawValue)'") }

        let modes = try top.enumerations("modes", Mode.self)
        if let twice = firstRepeat(modes) { throw top.error("modes", "lists mode '\(twice.rawValue)' twice") }
        let seed = try top.optionalUInt64("seed") ?? 42

        var measure = MeasureSpec()
        if top.has("measure") {
            let m = try top.child("measure").mapping(allowed: ["samples", "threshold"])
            measure.samples = try m.optionalInt("samples", min: Limits.samples.lowerBound, max: Limits.samples.upperBound)
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
            let spec = StreamSpec(batches: try s.int("batches", min: Limits.streamBatches.lowerBound, max: Limits.streamBatches.upperBound),
                                  minLength: try s.int("min_length", min: 1, max: Limits.sequenceLength.upperBound),
                                  maxLength: try s.int("max_length", min: 1, max: Limits.sequenceLength.upperBound))
            if spec.maxLength < spec.minLength {
                throw s.error("max_length", "must be at least min_length (\(spec.minLength)), got \(spec.maxLength)")
            }
            stream = spec
        } else if top.has("stream") {
            throw top.error("stream", "applies to task 'stream' only")
        }

        // Blame the model when even batch 1 cannot fit, the batch sizes otherwise.
        let longest = stream?.maxLength ?? seqLen ?? 1
        let smallest = MemoryEstimate.bytes(model, batch: 1, sequenceLength: longest)
        if smallest > memoryLimit {
            throw top.error("model", "is " + MemoryEstimate.tooLarge(smallest, memoryLimit) + " even at batch 1")
        }
        let largest = batches.max() ?? 1
        let need = MemoryEstimate.bytes(model, batch: largest, sequenceLength: longest)
        if need > memoryLimit {
            throw top.error("batch_sizes", "batch \(largest) is " + MemoryEstimate.tooLarge(need, memoryLimit))
        }
        return WorkloadSpec(
            path: file, name: name, description: try top.optionalString("description") ?? "", task: task,
            model: model, batchSizes: batches, sequenceLength: seqLen, learningRate: lr, modes: modes,
            seed: seed, measure: measure, stream: stream, fileHash: "")
    }
}
