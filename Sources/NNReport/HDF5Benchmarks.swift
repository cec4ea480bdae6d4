import NNResults
import NNVocabulary

// MARK: - One group per benchmark: raw samples plus one attribute per field, counter and phase

extension HDF5Store {
    /// The fixed attributes of a benchmark group; every other float attribute is a counter,
    /// except `phase_<name>` (a phase in seconds).
    static let benchmarkFields: Set<String> = [
        "index", "workload", "mode", "task", "batch", "sequence_length", "steps_per_sample",
        "flops_per_step", "first_loss", "loss_start", "loss_end", instructionsAttribute,
        "workers", "threads", "rounds_total", "rounds_disturbed", "rounds_retaken",
    ]
    static let phasePrefix = "phase_"

    static func writeBenchmarks(_ run: RunResult, _ root: H5Object) throws(H5Failure) {
        _ = try root.group("benchmarks", create: true)   // present even when empty
        var seen: Set<String> = []
        for (index, b) in run.benchmarks.enumerated() {
            try checkComponent(b.workload, "workload")
            try checkComponent(b.modeLabel, "mode")
            guard seen.insert(b.groupPath).inserted else {
                throw H5Failure("two benchmarks share the group \(b.groupPath)")
            }
            let g = try root.group(b.groupPath, create: true)
            try g.setAttribute("index", index)
            try g.setAttribute("workload", b.workload)
            try g.setAttribute("mode", b.modeLabel)
            try writeFramework(b, run, g)
            try g.setAttribute("task", b.task.rawValue)
            try g.setAttribute("batch", b.batch)
            try g.setAttribute("sequence_length", b.sequenceLength)
            try g.setAttribute("steps_per_sample", b.stepsPerSample)
            try g.setAttribute("flops_per_step", b.flopsPerStep)
            try g.setAttribute("first_loss", b.firstLoss)
            if let l = b.lossStart { try g.setAttribute("loss_start", l) }
            if let l = b.lossEnd { try g.setAttribute("loss_end", l) }
            for (key, value) in b.counters.sorted(by: { $0.key < $1.key }) {
                guard !benchmarkFields.contains(key.rawValue), !frameworkFields.contains(key.rawValue),
                      !key.rawValue.hasPrefix(phasePrefix) else {
                    throw H5Failure("counter '\(key)' of \(b.groupPath) collides with a fixed attribute name")
                }
                try g.setAttribute(key.rawValue, value)
            }
            for (key, value) in b.phases.sorted(by: { $0.key < $1.key }) {
                try g.setAttribute(phasePrefix + key.rawValue, value)
            }
            try writeInstructions(b, g)
            try g.writeSeries("samples_ns", b.samplesNs)
            try writeWorkerFields(b, g)
            try writeSampleIndices(b, g)
        }
    }

    /// The first-step repeats and (streams) the warm passes with their worker and round indices
    /// (the cold samples' indices are `writeWorkerFields`'). Index datasets only when known.
    static func writeSampleIndices(_ b: BenchmarkResult, _ g: H5Object) throws(H5Failure) {
        if !b.firstStepSamples.isEmpty { try g.writeSeries("first_step_samples_s", b.firstStepSamples) }
        if !b.warmSamplesNs.isEmpty {
            try g.writeSeries("warm_samples_ns", b.warmSamplesNs)
            if !b.warmSampleRounds.isEmpty {
                try g.writeSeries("warm_sample_worker",
                                  b.warmSampleWorkers.isEmpty ? [Int](repeating: 0, count: b.warmSampleRounds.count) : b.warmSampleWorkers)
                try g.writeSeries("warm_sample_round", b.warmSampleRounds)
            }
        }
    }

    /// Reads what `writeSampleIndices` wrote into `r`; an index dataset whose length differs
    /// from its samples' is refused, naming it.
    static func readSampleIndices(_ g: H5Object, into r: inout BenchmarkResult) throws(H5Failure) {
        func ints(_ name: String, count: Int) throws(H5Failure) -> [Int] {
            guard try g.has(name) else { return [] }
            let v = try g.dataset(name).readIntSeries()
            guard v.count == count else {
                throw H5Failure("\(g.childPath(name)) has \(v.count) entries for \(count) samples")
            }
            return v
        }
        if try g.has("first_step_samples_s") { r.firstStepSamples = try g.dataset("first_step_samples_s").readSeries() }
        if try g.has("warm_samples_ns") { r.warmSamplesNs = try g.dataset("warm_samples_ns").readSeries() }
        r.warmSampleWorkers = try ints("warm_sample_worker", count: r.warmSamplesNs.count)
        r.warmSampleRounds = try ints("warm_sample_round", count: r.warmSamplesNs.count)
    }

    /// Every group three levels below `/benchmarks`, put back in `index` order.
    static func readBenchmarks(_ root: H5Object) throws(H5Failure) -> [BenchmarkResult] {
        var found: [(index: Int, value: BenchmarkResult)] = []
        for g in try root.group("benchmarks").groups(levelsBelow: 3) {
            let read = try readBenchmark(g)
            found.append((read.index, read.result))
        }
        return try inIndexOrder(found, "the benchmark groups")
    }

    static func readBenchmark(_ g: H5Object) throws(H5Failure) -> (index: Int, result: BenchmarkResult) {
        var counters: [Counter: Double] = [:]
        var phases: [Phase: Double] = [:]
        let names = try g.attributeNames()
        for name in names where !benchmarkFields.contains(name) && !frameworkFields.contains(name) {
            if name.hasPrefix(phasePrefix) {
                phases[Phase(rawValue: String(name.dropFirst(phasePrefix.count)))] = try g.double(name)
            } else {
                counters[Counter(rawValue: name)] = try g.double(name)
            }
        }
        let framework = try readFrameworkMode(g)
        var result = BenchmarkResult(
            workload: try g.string("workload"), mode: framework.mode.modeClass,
            task: try g.enumeration("task", BenchmarkTask.self),
            batch: try g.int("batch"), sequenceLength: try g.int("sequence_length"),
            samplesNs: try g.dataset("samples_ns").readSeries(), stepsPerSample: try g.int("steps_per_sample"),
            flopsPerStep: try g.double("flops_per_step"), counters: counters, phases: phases,
            firstLoss: try g.double("first_loss"))
        result.instructionsPerStep = try readInstructions(g)
        result.setPeer(framework.mode.framework, mode: framework.mode.name, version: framework.version)
        if names.contains("loss_start") { result.lossStart = try g.double("loss_start") }
        if names.contains("loss_end") { result.lossEnd = try g.double("loss_end") }
        try checkSamples(g, samples: result.samplesNs)
        try readSampleIndices(g, into: &result)
        guard result.groupPath == g.path else {
            throw H5Failure("group \(g.path) holds attributes of \(result.groupPath)")
        }
        var withWorkers = result
        try readWorkerFields(g, into: &withWorkers)
        return (try g.int("index"), withWorkers)
    }
}
