import NNGraph
import NNKernel
import NNModels
import NNResults
import NNVocabulary
import NNWorkloads

// MARK: - The variable-length stream (claim C7)

/// A fixed, seeded stream of training batches whose sequence lengths vary.
public struct BatchStream: Sendable {
    /// Inputs [B, length, input] and labels [B], in stream order.
    public let batches: [(x: Tensor, labels: Tensor)]

    /// `spec.batches` batches of `batch` sequences; each batch's length is drawn uniformly from
    /// min_length...max_length with `seed`, and its data from `SyntheticData` (labels a fixed
    /// function of the whole sequence). The same arguments give the same stream.
    public init(model: any RecurrentModel, batch: Int, spec: StreamSpec, seed: UInt64) {
        batches = BatchStream.lengths(spec: spec, seed: seed).enumerated().map { i, length in
            SyntheticData.batch(shape: model.inputShape(batch: batch, sequenceLength: length),
                                classes: model.classes, seed: seed &+ 1 &+ UInt64(i))
        }
    }

    /// The sequence length of each batch of the stream `spec` draws with `seed`, without
    /// making the data (the longest one is part of the benchmark's name).
    public static func lengths(spec: StreamSpec, seed: UInt64) -> [Int] {
        var rng = SplitMix64(seed: seed ^ 0x5EED_5713_EA11)
        let span = UInt64(spec.maxLength - spec.minLength + 1)
        return (0..<spec.batches).map { _ in spec.minLength + Int(rng.next() % span) }
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
    public var model: any RecurrentModel
    public var learningRate: Float
    public var batch: Int
    public var stream: StreamSpec
    public var modes: [Mode]
    public var seed: UInt64
    public var samples: Int?

    public init(workload: String, model: any RecurrentModel, learningRate: Float, batch: Int, stream: StreamSpec,
                modes: [Mode], seed: UInt64, samples: Int? = nil) {
        self.workload = workload; self.model = model; self.learningRate = learningRate; self.batch = batch
        self.stream = stream; self.modes = modes; self.seed = seed; self.samples = samples
    }

    public var label: String { "\(workload) b=\(batch) stream \(stream.batches)×[\(stream.minLength), \(stream.maxLength)]" }
}

// MARK: - StreamRunner

/// Measures whole passes over a variable-length stream, per the stream contract: one result per
/// (mode, strategy) with `task: .stream`: "eager" (each batch at its own length), "static" and
/// "fused" (a retrace per new length, cached by shape), "static+pad" and "fused+pad" (every batch
/// zero-padded to the stream's longest length, masked, one trace).
///
/// Two scenarios, sampled in the same rounds. Cold passes (`samplesNs`): a new `Session` from
/// the same initial parameters each time, so the graph modes compile every distinct length the
/// first time it appears, as a job that sees the stream once does. Warm passes
/// (`warmSamplesNs`): one long-lived session per strategy whose trace cache already holds every
/// length, the steady state of a long training job. A first pass (not sampled) checks losses,
/// records `retrace_total` and `first_step` and warms that session; one more unsampled pass
/// settles it. Every round runs one cold and one warm pass of every strategy in a seeded
/// shuffled order, and each sample keeps its round index.
public struct StreamRunner {
    public var settings: MeasurementSettings
    public var progress: @Sendable (String) -> Void
    /// When a round counts as disturbed and how many re-takes are allowed.
    public var interference = InterferencePolicy.standard
    /// Set in a worker of `nnbench run --against` (see `Runner.lockstep`).
    public var lockstep: Lockstep?

    public init(settings: MeasurementSettings, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.settings = settings
        self.progress = progress
    }

    final class Subject {
        /// The strategy: the mode, padded or not.
        let name: BenchmarkMode
        var mode: Mode { name.mode }
        let model: any Model
        let inputs: [(x: Tensor, labels: Tensor)]
        var samples: [Double] = []
        /// The long-lived session of the warm passes, and its samples.
        var warmSession: Session?
        var warmSamples: [Double] = []
        init(name: BenchmarkMode, model: any Model, inputs: [(x: Tensor, labels: Tensor)]) {
            self.name = name; self.model = model; self.inputs = inputs
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
            out.append(Subject(name: BenchmarkMode(mode), model: c.model, inputs: stream.batches))
        }
        for mode in c.modes where mode != .eager {
            out.append(Subject(name: BenchmarkMode(mode, padded: true), model: c.model.masking(true), inputs: padded))
        }
        return out
    }

    /// Measures every (mode, strategy) of `c`.
    public func run(_ c: StreamCase) throws(RunError) -> [BenchmarkResult] {
        let stream = BatchStream(model: c.model, batch: c.batch, spec: c.stream, seed: c.seed)
        let initial = c.model.initialParameters(seed: c.seed)
        let subjects = Self.subjects(c, stream)
        var first: [Pass] = []
        var settle = 0.0
        try lockstep?.awaitPrepare()
        for s in subjects {
            progress("\(c.label) [\(s.name)] first pass")
            let session = newSession(s, c, initial)
            let p = pass(s, session)
            try check(p, s, c, against: first.first.map { (subjects[0].name.rawValue, $0.firstLoss) })
            first.append(p)
            settle += pass(s, session).nanoseconds   // settles the warm session
            s.warmSession = session
        }
        // A round is one cold and one warm pass of every strategy (estimated from the first
        // and settling passes).
        let perRound = (first.reduce(0) { $0 + $1.nanoseconds } + settle) * 1e-9
        let rounds = c.samples ?? plannedRounds(perRoundSeconds: perRound)
        // Entries 0..<n are cold passes of subject i, n..<2n warm passes of subject i − n.
        let n = subjects.count
        var orders = ShuffledRounds(count: 2 * n, seed: settings.seed ^ fnv1a(c.label))
        var keeper = RoundKeeper(policy: interference, plannedRounds: rounds)
        try lockstep?.ready(rounds: rounds, label: c.label)
        var r = 0
        while try lockstep?.nextRound() ?? (r < rounds) {
            defer { r += 1 }
            progress("\(c.label) pass \(r + 1)/\(rounds)")
            let order = orders.next()
            let values = keeper.take { () -> [Double] in
                var v = [Double](repeating: 0, count: 2 * n)
                for k in order {
                    let s = subjects[k % n]
                    if k < n {
                        v[k] = pass(s, newSession(s, c, initial)).nanoseconds
                    } else if let warm = s.warmSession {
                        v[k] = pass(s, warm).nanoseconds
                    }
                }
                return v
            }
            for i in subjects.indices {
                subjects[i].samples.append(values[i])
                subjects[i].warmSamples.append(values[n + i])
            }
            try lockstep?.roundTaken()
        }
        // The stream's work as written (unpadded, unfused): the same FLOPs for every strategy.
        let flops = Runner.unfusedFlops(c.model, .training(learningRate: c.learningRate), initial,
                                        stream.batches)
        let results = subjects.indices.map { i in
            subjects[i].warmSession = nil
            var r = result(subjects[i], c, stream, first: first[i], initial: initial, flops: flops)
            keeper.record(into: &r)
            // The warm passes were taken in the same (kept) rounds as the cold ones.
            r.warmSampleRounds = r.sampleRounds
            r.threads = BLAS.threads
            return r
        }
        try lockstep?.benchmarkDone()
        return results
    }

    /// The profile's rounds, cut down when a round of cold passes (estimated from the first
    /// passes) would overrun this worker's share of the sampling budget; never below
    /// `Runner.minimumRounds`.
    func plannedRounds(perRoundSeconds: Double) -> Int {
        let budget = settings.samplingBudgetSeconds / Double(max(1, settings.workers))
        guard perRoundSeconds > 0, Double(settings.samples) * perRoundSeconds > budget else { return settings.samples }
        return max(min(Runner.minimumRounds(workers: settings.workers), settings.samples), Int(budget / perRoundSeconds))
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
    private func check(_ p: Pass, _ s: Subject, _ c: StreamCase, against reference: (mode: String, loss: Float)?) throws(RunError) {
        for loss in [p.firstLoss, p.lastLoss] {
            try RunError.check(loss, against: nil, benchmark: c.label, mode: s.name.rawValue)
        }
        try RunError.check(p.firstLoss, against: reference, benchmark: c.label, mode: s.name.rawValue)
    }

    /// Exact counters from one more cold pass, and the result record.
    private func result(_ s: Subject, _ c: StreamCase, _ stream: BatchStream, first: Pass,
                        initial: [Tensor], flops: Double) -> BenchmarkResult {
        let session = newSession(s, c, initial)
        KernelCounters.reset()
        let (_, alloc) = AllocationCounter.measure { _ = pass(s, session) }
        let padded = s.name.padded
        let counters: [Counter: Double] = [
            .streamBatches: Double(stream.batches.count),
            .distinctLengths: Double(stream.distinctLengths),
            .retraces: Double(first.retraces),
            .paddedFraction: padded ? stream.paddedFraction : 0,
            .kernelsPerPass: Double(KernelCounters.kernelLaunches),
            .gemmCallsPerPass: Double(KernelCounters.gemmCalls),
            .allocationsPerPass: Double(alloc.allocations),
            .bytesPerPass: Double(alloc.bytes),
            .blasAllocationsPerPass: Double(alloc.blasAllocations),
        ]
        let phases: [Phase: Double] = [.retraceTotal: first.compileSeconds, .firstStep: first.firstStepSeconds]
        return BenchmarkResult(
            workload: c.workload, mode: s.name, task: .stream, batch: c.batch, sequenceLength: stream.longest,
            samplesNs: s.samples, stepsPerSample: 1, flopsPerStep: flops,
            counters: counters, phases: phases, firstLoss: Double(first.firstLoss),
            warmSamplesNs: s.warmSamples)
    }
}
