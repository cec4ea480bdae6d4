import NNGraph
import NNKernel
import NNModels
import NNVocabulary

// MARK: - The variable-length stream (claim C7)

/// A fixed, seeded stream of training batches whose sequence lengths vary.
public struct BatchStream: Sendable {
    /// Inputs [B, length, input] and labels [B], in stream order.
    public let batches: [(x: Tensor, labels: Tensor)]

    /// `spec.batches` batches of `batch` sequences; each batch's length is drawn uniformly from
    /// min_length...max_length with `seed`, and its data from `SyntheticData` (labels a fixed
    /// function of the whole sequence). The same arguments give the same stream.
    public init(model: RNN, batch: Int, spec: StreamSpec, seed: UInt64) {
        var rng = SplitMix64(seed: seed ^ 0x5EED_5713_EA11)
        let span = UInt64(spec.maxLength - spec.minLength + 1)
        batches = (0..<spec.batches).map { i in
            let length = spec.minLength + Int(rng.next() % span)
            return SyntheticData.batch(shape: model.inputShape(batch: batch, sequenceLength: length),
                                       classes: model.classes, seed: seed &+ 1 &+ UInt64(i))
        }
    }

    public var lengths: [Int] { batches.map { $0.x.shape[1] } }
    public var longest: Int { lengths.max() ?? 0 }
    public var distinctLengths: Int { Set(lengths).count }

    /// The fraction of computed time steps that are padding when every batch is padded to `longest`.
    public var paddedFraction: Double {
        let real = lengths.reduce(0, +)
        return batches.isEmpty ? 0 : 1 - Double(real) / Double(batches.count * longest)
    }

    /// Every batch zero-padded along time to `longest` steps (a masked model skips the zeros).
    public func padded() -> [(x: Tensor, labels: Tensor)] {
        let t = longest
        return batches.map { b in
            let s = b.x.shape
            let x = Tensor(shape: Shape(s[0], t, s[2]), repeating: 0)
            for r in 0..<s[0] { (x.data + r * t * s[2]).update(from: b.x.data + r * s[1] * s[2], count: s[1] * s[2]) }
            return (x, b.labels)
        }
    }
}

/// One stream benchmark: a recurrent model trained over a `BatchStream` in several modes.
public struct StreamCase: Sendable {
    public var workload: String
    public var model: RNN
    public var learningRate: Float
    public var batch: Int
    public var stream: StreamSpec
    public var modes: [Mode]
    public var seed: UInt64
    public var samples: Int?

    public init(workload: String, model: RNN, learningRate: Float, batch: Int, stream: StreamSpec,
                modes: [Mode], seed: UInt64, samples: Int? = nil) {
        self.workload = workload; self.model = model; self.learningRate = learningRate; self.batch = batch
        self.stream = stream; self.modes = modes; self.seed = seed; self.samples = samples
    }

    public var label: String { "\(workload) b=\(batch) stream \(stream.batches)×[\(stream.minLength), \(stream.maxLength)]" }
}

extension WorkloadSpec {
    /// The stream benchmarks of a `task: stream` workload (one per batch size), restricted to
    /// `modes` and `batches` when those are non-empty; [] for other tasks.
    public func streamCases(modes: [Mode], batches: [Int], samples: Int?) throws -> [StreamCase] {
        guard task == .stream, let stream else { return [] }
        guard let rnn = try model.makeModel() as? RNN else {
            throw NotImplementedError(description: "\(path): task 'stream' needs an elman or lstm model")
        }
        let chosen = self.modes.filter { modes.isEmpty || modes.contains($0) }
        guard !chosen.isEmpty else { return [] }
        return batchSizes.filter { batches.isEmpty || batches.contains($0) }.map { b in
            StreamCase(workload: name, model: rnn, learningRate: Float(learningRate ?? 0.01), batch: b,
                       stream: stream, modes: chosen, seed: seed, samples: samples ?? measure.samples)
        }
    }
}

// MARK: - StreamRunner

/// Measures whole passes over a variable-length stream, per the stream contract: one result per
/// (mode, strategy) with `task: "stream"`: "eager" (each batch at its own length), "static" and
/// "fused" (a retrace per new length, cached by shape), "static+pad" and "fused+pad" (every batch
/// zero-padded to the stream's longest length, masked, one trace).
///
/// Every sample is a cold pass: a new `Session` from the same initial parameters, so the graph
/// modes pay their retraces in every sample, as a job that sees the stream once does. A first
/// pass (not sampled) checks losses and records `retrace_total` and `first_step`; a second pass
/// on that session, its cache now warm, is recorded as phase `warm_pass`. Samples of all
/// strategies are interleaved in a seeded shuffled order.
public struct StreamRunner {
    public var settings: MeasurementSettings
    public var progress: @Sendable (String) -> Void

    public init(settings: MeasurementSettings, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.settings = settings
        self.progress = progress
    }

    final class Subject {
        let name: String
        let mode: Mode
        let model: RNN
        let inputs: [(x: Tensor, labels: Tensor)]
        var samples: [Double] = []
        init(name: String, mode: Mode, model: RNN, inputs: [(x: Tensor, labels: Tensor)]) {
            self.name = name; self.mode = mode; self.model = model; self.inputs = inputs
        }
    }

    /// What one pass did.
    struct Pass {
        var nanoseconds: Double = 0
        var firstStepSeconds = 0.0
        var compileSeconds = 0.0
        var retraces = 0
        var firstLoss: Float = 0
        var lastLoss: Float = 0
    }

    /// The (mode, strategy) subjects of `c`, in contract order.
    static func subjects(_ c: StreamCase, _ stream: BatchStream) -> [Subject] {
        let padded = c.modes.contains { $0 != .eager } ? stream.padded() : []
        var out: [Subject] = []
        for mode in c.modes {
            out.append(Subject(name: mode.rawValue, mode: mode, model: c.model, inputs: stream.batches))
        }
        for mode in c.modes where mode != .eager {
            out.append(Subject(name: "\(mode.rawValue)+pad", mode: mode, model: c.model.masking(true), inputs: padded))
        }
        return out
    }

    /// Measures every (mode, strategy) of `c`.
    public func run(_ c: StreamCase) throws(RunError) -> [BenchmarkResult] {
        let stream = BatchStream(model: c.model, batch: c.batch, spec: c.stream, seed: c.seed)
        let initial = c.model.initialParameters(seed: c.seed)
        let subjects = Self.subjects(c, stream)
        var first: [Pass] = [], warm: [Pass] = []
        for s in subjects {
            progress("\(c.label) [\(s.name)] first pass")
            let session = newSession(s, c, initial)
            let p = pass(s, session)
            try check(p, s, c, against: first.first)
            first.append(p)
            warm.append(pass(s, session))
        }
        let rounds = c.samples ?? settings.samples
        var rng = SplitMix64(seed: settings.seed ^ fnv1a(c.label))
        for r in 0..<rounds {
            progress("\(c.label) pass \(r + 1)/\(rounds)")
            var order = Array(subjects.indices)
            order.shuffle(using: &rng)
            for i in order {
                let session = newSession(subjects[i], c, initial)
                subjects[i].samples.append(pass(subjects[i], session).nanoseconds)
            }
        }
        // The stream's work as written (unpadded, unfused): the same FLOPs for every strategy.
        let flops = Runner.unfusedFlops(c.model, .training(learningRate: c.learningRate), initial,
                                        stream.batches)
        return subjects.indices.map { i in
            result(subjects[i], c, stream, first: first[i], warm: warm[i], initial: initial, flops: flops)
        }
    }

    private func newSession(_ s: Subject, _ c: StreamCase, _ initial: [Tensor]) -> Session {
        Session(model: s.model, mode: s.mode, kind: .training(learningRate: c.learningRate),
                parameters: initial.map { $0.copy() }, verifyPasses: false)
    }

    /// One pass over the stream on `session`.
    private func pass(_ s: Subject, _ session: Session) -> Pass {
        var p = Pass()
        let tracesBefore = session.traces
        let t0 = monotonicNanoseconds()
        for i in s.inputs.indices {
            let traces = session.traces
            let loss = session.step(x: s.inputs[i].x, labels: s.inputs[i].labels)
            if i == 0 {
                p.firstStepSeconds = Double(monotonicNanoseconds() - t0) * 1e-9
                p.firstLoss = loss
            }
            if session.traces != traces, let r = session.lastCompile {
                p.compileSeconds += r.traceSeconds + r.optimizeSeconds + r.planSeconds
            }
            p.lastLoss = loss
        }
        p.nanoseconds = Double(monotonicNanoseconds() - t0)
        p.retraces = max(0, session.traces - tracesBefore - 1)
        return p
    }

    /// Losses must be finite, and the first batch's loss must equal eager's: padding with
    /// masking, like retracing, must not change the numbers.
    private func check(_ p: Pass, _ s: Subject, _ c: StreamCase, against reference: Pass?) throws(RunError) {
        for loss in [p.firstLoss, p.lastLoss] where !loss.isFinite {
            throw .nonFiniteLoss(benchmark: c.label, mode: s.name, loss: loss)
        }
        if let r = reference, abs(p.firstLoss - r.firstLoss) > 1e-4 * max(1, abs(r.firstLoss)) {
            throw .modesDisagree(benchmark: c.label, mode: s.name, loss: p.firstLoss, eagerLoss: r.firstLoss)
        }
    }

    /// Exact counters from one more cold pass, and the result record.
    private func result(_ s: Subject, _ c: StreamCase, _ stream: BatchStream, first: Pass, warm: Pass,
                        initial: [Tensor], flops: Double) -> BenchmarkResult {
        let session = newSession(s, c, initial)
        KernelCounters.reset()
        let (_, alloc) = AllocationCounter.measure { _ = pass(s, session) }
        let padded = s.name.hasSuffix("+pad")
        let counters: [String: Double] = [
            "stream_batches": Double(stream.batches.count),
            "distinct_lengths": Double(stream.distinctLengths),
            "retraces": Double(first.retraces),
            "padded_fraction": padded ? stream.paddedFraction : 0,
            "kernels_per_pass": Double(KernelCounters.kernelLaunches),
            "gemm_calls_per_pass": Double(KernelCounters.gemmCalls),
            "allocations_per_pass": Double(alloc.allocations),
            "bytes_per_pass": Double(alloc.bytes),
            "blas_allocations_per_pass": Double(alloc.blasAllocations),
        ]
        let phases = ["retrace_total": first.compileSeconds, "first_step": first.firstStepSeconds,
                      "warm_pass": warm.nanoseconds * 1e-9]
        return BenchmarkResult(
            workload: c.workload, mode: s.name, task: "stream", batch: c.batch, sequenceLength: stream.longest,
            samplesNs: s.samples, stepsPerSample: 1, flopsPerStep: flops,
            counters: counters, phases: phases, firstLoss: Double(first.firstLoss))
    }
}
