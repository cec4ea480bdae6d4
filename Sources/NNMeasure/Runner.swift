import NNGraph
import NNKernel
import NNModels
import NNResults
import NNVocabulary

// MARK: - What to measure

/// One benchmark: a model and a step kind at one batch size, in several modes.
public struct BenchmarkCase: Sendable {
    public var workload: String
    public var task: BenchmarkTask
    public var model: any Model
    public var kind: StepKind
    public var batch: Int
    public var sequenceLength: Int
    public var modes: [Mode]
    public var seed: UInt64
    /// Overrides the run's sample count (the workload's `measure.samples`).
    public var samples: Int?

    public init(workload: String, task: BenchmarkTask, model: any Model, kind: StepKind, batch: Int,
                sequenceLength: Int = 0, modes: [Mode], seed: UInt64, samples: Int? = nil) {
        self.workload = workload; self.task = task; self.model = model; self.kind = kind
        self.batch = batch; self.sequenceLength = sequenceLength; self.modes = modes
        self.seed = seed; self.samples = samples
    }

    public var label: String { "\(workload) b=\(batch)" + (sequenceLength > 0 ? " t=\(sequenceLength)" : "") }
}

/// A measurement could not be trusted: the run stops with this one-line reason.
public enum RunError: Error, CustomStringConvertible, Equatable {
    case nonFiniteLoss(benchmark: String, mode: String, loss: Float)
    /// `mode`'s first-step loss differs from that of `reference`, the first mode measured.
    case modesDisagree(benchmark: String, mode: String, loss: Float, reference: String, referenceLoss: Float)
    case debugBuild
    /// The lockstep protocol with the coordinating process broke (`Lockstep`).
    case lockstep(String)

    public var description: String {
        switch self {
        case .nonFiniteLoss(let b, let m, let l):
            return "\(b) [\(m)]: the loss is \(l) (not finite): lower learning_rate or check the workload"
        case .modesDisagree(let b, let m, let l, let r, let rl):
            return "\(b) [\(m)]: first-step loss \(l) differs from \(r)'s \(rl) beyond 1e-4 relative: the modes no longer compute the same numbers"
        case .debugBuild:
            return "refusing to time a debug build: build with -c release (or pass --allow-debug to measure it anyway)"
        case .lockstep(let reason):
            return "lockstep with the coordinating nnbench broke: \(reason)"
        }
    }
}

// MARK: - Runner

/// Measures benchmarks honestly: warm-up until stable (bounded), calibration of steps per
/// sample to a minimum duration, and samples of all modes interleaved in a seeded shuffled order
/// so drift hits every mode alike. Every raw sample is kept.
public struct Runner {
    public var settings: MeasurementSettings
    /// Called with a one-line status before each phase (for progress displays).
    public var progress: @Sendable (String) -> Void
    /// When a round counts as disturbed and how many re-takes are allowed.
    public var interference = InterferencePolicy.standard
    /// Whether this process repeats time to first step in fresh sessions (the first worker does;
    /// the others measure only their cold first step).
    public var repeatsFirstSteps = true
    /// Set in a worker of `nnbench run --against`: every benchmark's set-up, each round and the
    /// closing counters wait for the coordinator's turn (see `Lockstep`).
    public var lockstep: Lockstep?

    public init(settings: MeasurementSettings, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.settings = settings
        self.progress = progress
    }

    /// Everything one mode of a benchmark needs while it is being measured.
    final class Subject {
        let mode: Mode
        let session: Session
        /// The benchmark's batches (`BenchmarkCase.batches`), cycled in order from batch 0.
        let batches: [(x: Tensor, labels: Tensor)]
        private var nextBatch = 0
        /// The loss (first logit for inference) of the most recent `timed` step.
        var lastLoss = Float.nan
        /// `lastLoss` when sampling began (the end of warm-up) and when it ended.
        var lossStart = Float.nan, lossEnd = Float.nan
        var stepsPerSample = 1
        /// Per-step time at the end of warm-up (nanoseconds), for budgeting rounds.
        var calibratedNs = 0.0
        var samples: [Double] = []
        /// The first step of the session that is then measured (cold: first in the process).
        var firstStepSeconds = 0.0
        /// Time to first step of fresh sessions, measured again after all modes ran once.
        var firstStepRepeats: [Double] = []
        var firstLoss: Float = 0
        var warmupSteps = 0
        /// Whether warm-up ended because the per-step time settled (not because a bound hit).
        var warmupStable = false

        init(mode: Mode, session: Session, batches: [(x: Tensor, labels: Tensor)]) {
            precondition(!batches.isEmpty, "Runner.Subject: no batches")
            self.mode = mode; self.session = session; self.batches = batches
        }

        /// One training (or inference) step on the next batch of the cycle.
        @inline(__always) func step() -> Float {
            let b = batches[nextBatch]
            nextBatch = nextBatch &+ 1 == batches.count ? 0 : nextBatch &+ 1
            return session.step(x: b.x, labels: b.labels)
        }

        /// Nanoseconds per step over `n` steps.
        func timed(_ n: Int) -> Double {
            var loss = lastLoss
            let t0 = monotonicNanoseconds()
            for _ in 0..<n { loss = step() }
            let ns = Double(monotonicNanoseconds() - t0) / Double(n)
            lastLoss = loss
            return ns
        }
    }

    /// Measures every mode of `c` and returns one result per mode, in `c.modes` order.
    public func run(_ c: BenchmarkCase) throws(RunError) -> [BenchmarkResult] {
        // Made before anything is timed; every mode cycles through the same batches in order.
        let batches = c.batches
        let initial = c.model.initialParameters(seed: c.seed)
        let flops = Runner.unfusedFlops(c.model, c.kind, initial, [batches[0]])
        var subjects: [Subject] = []
        try lockstep?.awaitPrepare()
        for mode in c.modes {
            progress("\(c.label) [\(mode)] first step")
            // Each mode trains its own copy of the same initial parameters.
            let t0 = monotonicNanoseconds()
            let s = Session(model: c.model, mode: mode, kind: c.kind, parameters: initial.map { $0.copy() },
                            verifyPasses: false)
            let subject = Subject(mode: mode, session: s, batches: batches)
            subject.firstLoss = subject.step()
            subject.firstStepSeconds = Double(monotonicNanoseconds() - t0) * 1e-9
            try RunError.check(subject.firstLoss, against: subjects.first.map { ($0.mode.rawValue, $0.firstLoss) },
                               benchmark: c.label, mode: mode.rawValue)
            subjects.append(subject)
        }
        if repeatsFirstSteps { repeatFirstSteps(subjects, c, initial: initial) }
        for s in subjects {
            progress("\(c.label) [\(s.mode)] warm-up")
            warmUp(s)
            s.lossStart = s.lastLoss
        }
        let rounds = plannedRounds(subjects, requested: c.samples)
        var orders = ShuffledRounds(count: subjects.count, seed: settings.seed ^ fnv1a(c.label))   // same order every run
        var keeper = RoundKeeper(policy: interference, plannedRounds: rounds)
        try lockstep?.ready(rounds: rounds, label: c.label)
        var r = 0
        while try lockstep?.nextRound() ?? (r < rounds) {
            defer { r += 1 }
            progress("\(c.label) sample \(r + 1)/\(rounds)")
            let order = orders.next()
            let values = keeper.take { () -> [Double] in
                var v = [Double](repeating: 0, count: subjects.count)
                for i in order { v[i] = subjects[i].timed(subjects[i].stepsPerSample) }
                return v
            }
            for i in subjects.indices { subjects[i].samples.append(values[i]) }
            try lockstep?.roundTaken()
        }
        var results: [BenchmarkResult] = []
        for s in subjects {
            s.lossEnd = s.lastLoss
            let loss = s.step()
            guard loss.isFinite else {
                throw .nonFiniteLoss(benchmark: c.label, mode: s.mode.rawValue, loss: loss)
            }
            var r = result(for: s, c, flops: flops)
            keeper.record(into: &r)
            results.append(r)
        }
        try lockstep?.benchmarkDone()
        return results
    }

    /// Runs chunks of steps until `warmupWindow` successive chunks agree within
    /// `warmupTolerance` of their median per-step time, or the step/second bounds are hit; then calibrates steps per sample so
    /// that one sample lasts at least `minSampleSeconds` (from the median of the last chunks,
    /// so one slow chunk does not inflate it).
    func warmUp(_ s: Subject) {
        let start = monotonicNanoseconds()
        let budgetNs = settings.warmupMaxSeconds * 1e9
        var perStep: [Double] = []
        var steps = 0
        var chunk = 1
        while steps < settings.warmupMaxSteps && Double(monotonicNanoseconds() - start) < budgetNs {
            let t = s.timed(chunk)
            steps += chunk
            perStep.append(t)
            let window = max(1, settings.warmupWindow)
            if perStep.count >= window {
                let last = Array(perStep.suffix(window)).sorted()
                if last[window - 1] - last[0] <= settings.warmupTolerance * Statistics.quantile(sorted: last, 0.5) {
                    s.warmupStable = true; break
                }
            }
            // Chunks of about a tenth of a sample keep the check cheap for fast steps.
            chunk = max(1, min(settings.warmupMaxSteps - steps, Int(settings.minSampleSeconds * 1e8 / max(t, 1))))
        }
        s.warmupSteps = steps
        let recent = perStep.isEmpty ? s.timed(1) : Statistics.median(Array(perStep.suffix(max(1, settings.warmupWindow))))
        s.stepsPerSample = max(1, Int((settings.minSampleSeconds * 1e9 / max(recent, 1)).rounded(.up)))
        s.calibratedNs = recent
    }

    /// Rounds to take: an explicit request (workload file or `--samples`) as asked; otherwise the
    /// profile's count, cut down (never below `Runner.minimumRounds`) when the rounds would take
    /// longer than the profile's per-benchmark budget, so that `run --all` stays bounded when
    /// a workload's steps are slow.
    func plannedRounds(_ subjects: [Subject], requested: Int?) -> Int {
        if let r = requested { return r }
        let perRound = subjects.reduce(0) { $0 + Double($1.stepsPerSample) * $1.calibratedNs } * 1e-9
        let budget = settings.samplingBudgetSeconds / Double(max(1, settings.workers))
        guard perRound > 0, Double(settings.samples) * perRound > budget else { return settings.samples }
        return max(min(Runner.minimumRounds(workers: settings.workers), settings.samples), Int(budget / perRound))
    }

    /// The fewest rounds a budget cut leaves in one worker: 8 over all workers (the claims need
    /// at least 5 samples per mode), and at least 3 per worker (a worker median needs some).
    static func minimumRounds(workers: Int) -> Int {
        max(3, (8 + max(1, workers) - 1) / max(1, workers))
    }

    /// Exact counters from one more step, and the result record (`flops`: the benchmark's, from
    /// the unfused maths, the same for every mode).
    private func result(for s: Subject, _ c: BenchmarkCase, flops: Double) -> BenchmarkResult {
        s.session.releaseIntermediates()
        MemoryStats.resetPeak()
        let live = MemoryStats.liveBytes
        KernelCounters.reset()
        let (_, alloc) = AllocationCounter.measure { _ = s.step() }
        let kernels = KernelCounters.kernelLaunches, gemms = KernelCounters.gemmCalls
        let transient = MemoryStats.peakBytes - live
        var counters: [Counter: Double] = [
            .allocationsPerStep: Double(alloc.allocations),
            .bytesPerStep: Double(alloc.bytes),
            .blasAllocationsPerStep: Double(alloc.blasAllocations),
            .kernelsPerStep: Double(kernels),
            .gemmCallsPerStep: Double(gemms),
            .opsPerStep: Double(s.session.opsPerStep),
            .warmupSteps: Double(s.warmupSteps),
            .warmupStable: s.warmupStable ? 1 : 0,
            .samples: Double(s.samples.count),
            // Flagged by the MAD-median rule (Statistics.outlierIndices), never dropped.
            .outliers: Double(Statistics.outlierIndices(s.samples).count),
            .retraces: Double(s.session.retraces),
        ]
        var phases = Runner.firstStepPhases(s)
        counters[.firstStepRepeats] = Double(s.firstStepRepeats.count)
        if let r = s.session.lastCompile {
            phases[.trace] = r.traceSeconds
            phases[.optimize] = r.optimizeSeconds
            phases[.plan] = r.planSeconds
            counters[.arenaBytes] = Double(r.arenaBytes)
            counters[.unplannedBytes] = Double(r.unplannedBytes)
            counters[.kernelNodes] = Double(r.kernelInstructions)
            counters[.nodesTraced] = Double(r.nodeCounts.first?.nodes ?? 0)
            counters.merge(Runner.passNodeCounters(r)) { $1 }
            counters[.nodesFinal] = Double(r.nodeCounts.last?.nodes ?? 0)
        }
        // Working memory of a step beyond parameters and data: the arena (always live) for the
        // graph modes, the high-water mark of tensors alive during the step for eager.
        counters[.peakBytes] = Double(transient + Int(counters[.arenaBytes] ?? 0))
        var r = BenchmarkResult(
            workload: c.workload, mode: BenchmarkMode(s.mode), task: c.task, batch: c.batch,
            sequenceLength: c.sequenceLength, samplesNs: s.samples, stepsPerSample: s.stepsPerSample,
            flopsPerStep: flops, counters: counters, phases: phases, firstLoss: Double(s.firstLoss),
            // Rounds and workers are filled in by the round keeper and the worker merge.
            firstStepSamples: s.firstStepRepeats)
        if case .training = c.kind { (r.lossStart, r.lossEnd) = (Double(s.lossStart), Double(s.lossEnd)) }
        r.threads = BLAS.threads
        return r
    }
}
