import NNResults
import NNVocabulary

// MARK: - /tensors: starting points and first losses saved by `nnbench run --save-tensors`

extension HDF5Store {
    /// One group per entry at `SavedTensors.groupPath` holding `parameters/<name>` (float32,
    /// attribute `index`), `x`, `labels` (float32), `batches/<i>/x` and `batches/<i>/labels` for
    /// the later batches of the cycle (i from 1) and `losses/<mode>` (float64, one per step).
    static func writeTensors(_ all: [SavedTensors], _ root: H5Object) throws(H5Failure) {
        _ = try root.group("tensors", create: true)   // present (and empty) when saved with no cases
        var seen: Set<String> = []
        for (index, t) in all.enumerated() {
            try checkComponent(t.workload, "workload")
            guard seen.insert(t.groupPath).inserted else { throw H5Failure("two tensor sets share \(t.groupPath)") }
            let g = try root.group(t.groupPath, create: true)
            try g.setAttribute("index", index)
            try g.setAttribute("workload", t.workload)
            try g.setAttribute("task", t.task.rawValue)
            try g.setAttribute("model", t.model)
            try g.setAttribute("batch", t.batch)
            try g.setAttribute("sequence_length", t.sequenceLength)
            try g.setAttribute("learning_rate", t.learningRate)
            let p = try g.group("parameters", create: true)
            for (i, parameter) in t.parameters.enumerated() {
                try checkComponent(parameter.name, "parameter")
                guard try !p.has(parameter.name) else { throw H5Failure("two parameters named \(parameter.name) in \(t.groupPath)") }
                try p.writeTensor(parameter.name, shape: parameter.shape, parameter.values).setAttribute("index", i)
            }
            try g.writeTensor("x", shape: t.x.shape, t.x.values)
            try g.writeTensor("labels", shape: t.labels.shape, t.labels.values)
            if !t.laterBatches.isEmpty {
                let bg = try g.group("batches", create: true)
                for (i, b) in t.laterBatches.enumerated() {
                    let one = try bg.group("\(i + 1)", create: true)
                    try one.writeTensor("x", shape: b.x.shape, b.x.values)
                    try one.writeTensor("labels", shape: b.labels.shape, b.labels.values)
                }
            }
            let losses = try g.group("losses", create: true)
            for (mode, values) in t.losses.sorted(by: { $0.key < $1.key }) {
                try checkComponent(mode, "mode")
                try losses.writeSeries(mode, values)
            }
        }
    }

    /// Every entry two levels below `/tensors`, put back in `index` order.
    static func readTensors(_ root: H5Object) throws(H5Failure) -> [SavedTensors] {
        var found: [(index: Int, value: SavedTensors)] = []
        for g in try root.group("tensors").groups(levelsBelow: 2) {
            let read = try readTensorSet(g)
            found.append((read.index, read.tensors))
        }
        return try inIndexOrder(found, "the tensor groups")
    }

    static func readTensorSet(_ g: H5Object) throws(H5Failure) -> (index: Int, tensors: SavedTensors) {
        func tensor(_ owner: H5Object, _ name: String) throws(H5Failure) -> SavedTensor {
            let (shape, values) = try owner.dataset(name).readTensor()
            return SavedTensor(name: name, shape: shape, values: values)
        }
        let p = try g.group("parameters")
        var found: [(index: Int, value: SavedTensor)] = []
        for name in try p.children() { found.append((try p.dataset(name).int("index"), try tensor(p, name))) }
        let parameters = try inIndexOrder(found, "the parameters in \(p.path)")
        let lg = try g.group("losses")
        var losses: [String: [Double]] = [:]
        for mode in try lg.children() { losses[mode] = try lg.dataset(mode).readSeries() }
        var later: [SavedBatch] = []
        if try g.has("batches") {
            let bg = try g.group("batches")
            let names = try bg.children()
            for i in 1...max(1, names.count) where names.contains("\(i)") {
                let one = try bg.group("\(i)")
                later.append(SavedBatch(x: try tensor(one, "x"), labels: try tensor(one, "labels")))
            }
            guard later.count == names.count else { throw H5Failure("\(bg.path): batches must be numbered 1…\(names.count)") }
        }
        var t = SavedTensors(
            workload: try g.string("workload"), task: try g.enumeration("task", BenchmarkTask.self), model: try g.string("model"),
            batch: try g.int("batch"), sequenceLength: try g.int("sequence_length"),
            learningRate: try g.double("learning_rate"), parameters: parameters,
            x: try tensor(g, "x"), labels: try tensor(g, "labels"), losses: losses)
        t.laterBatches = later
        guard t.groupPath == g.path else { throw H5Failure("group \(g.path) holds attributes of \(t.groupPath)") }
        return (try g.int("index"), t)
    }
}
