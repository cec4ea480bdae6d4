import NNKernel
import NNModels
import NNVocabulary

// MARK: - Modes: the one place the mode is chosen

extension Mode {
    /// The passes the mode runs after tracing (nil for eager, which does not trace).
    public var passes: [Pass]? {
        switch self {
        case .eager: return nil
        case .static: return Pass.staticPipeline
        case .fused: return Pass.fusedPipeline
        }
    }
}

/// What one step does.
public enum StepKind: Hashable, Sendable {
    /// Forward, loss, backward and an SGD update.
    case training(learningRate: Float)
    /// Forward only.
    case inference
}

/// What compiling a step for one input shape cost and produced.
public struct CompileReport: Sendable {
    public var traceSeconds: Double = 0
    public var optimizeSeconds: Double = 0
    public var planSeconds: Double = 0
    /// Node count after tracing, then after each pass, in order.
    public var nodeCounts: [(stage: String, nodes: Int)] = []
    public var kernelInstructions = 0
    public var arenaBytes = 0
    /// Bytes the step's intermediates would take with a fresh buffer each.
    public var unplannedBytes = 0
    public var inPlaceReuses = 0
}

// MARK: - Session

/// Runs one model's step in one mode, holding its parameters (updated in place by training).
///
/// Graph modes keep one compiled step per input shape: a new shape is a new trace; every trace
/// after the first is a retrace.
public final class Session {
    public let model: any Model
    public let mode: Mode
    public let kind: StepKind
    public let parameters: [Tensor]
    /// Verify the graph after every pass (on by default in debug builds).
    public let verifyPasses: Bool

    public private(set) var traces = 0
    public var retraces: Int { max(0, traces - 1) }
    /// The report of the most recent compilation.
    public private(set) var lastCompile: CompileReport?
    private var compiled: [Shape: (executor: Executor, report: CompileReport)] = [:]
    private let eager = EagerEngine()

    public init(model: any Model, mode: Mode, kind: StepKind, parameters: [Tensor],
                verifyPasses: Bool = _isDebugAssertConfiguration()) {
        precondition(parameters.map(\.shape) == model.parameters.map(\.shape),
                     "Session: parameter shapes do not match \(model.summary)")
        self.model = model
        self.mode = mode
        self.kind = kind
        self.parameters = parameters
        self.verifyPasses = verifyPasses
    }

    /// Ops (eager) or kernel instructions (graph) per step, for the current input shape.
    public private(set) var opsPerStep = 0

    /// The compiled graph for `shape`, if one exists (graph modes).
    public func graph(for shape: Shape) -> Graph? { compiled[shape]?.executor.graph }

    /// Runs one step on a batch. - Returns: the loss (training) or the first logit (inference).
    @discardableResult
    public func step(x: Tensor, labels: Tensor) -> Float {
        guard mode != .eager else { return eagerStep(x, labels) }
        let executor: Executor
        if let c = compiled[x.shape] {
            executor = c.executor
        } else {
            let c = compile(xShape: x.shape, labelShape: labels.shape)
            compiled[x.shape] = c
            executor = c.executor
        }
        executor.bind(0, x)
        executor.bind(1, labels)
        // Index loop: generic iteration (enumerated()) boxes each element in unoptimized builds,
        // and the steady-state step must not allocate in any build.
        for i in parameters.indices { executor.bind(2 + i, parameters[i]) }
        executor.run()
        opsPerStep = executor.instructionCount
        return executor.data(of: executor.graph.outputs[0])[0]
    }

    private func eagerStep(_ x: Tensor, _ labels: Tensor) -> Float {
        eager.reset()
        let training: Bool
        if case .training = kind { training = true } else { training = false }
        let p = parameters.map { eager.bind($0, requiresGrad: training) }
        let xv = eager.bind(x, requiresGrad: false)
        let out: Value
        switch kind {
        case .training(let lr):
            out = Steps.training(eager, model: model, x: xv, labels: eager.bind(labels, requiresGrad: false),
                                 parameters: p, learningRate: lr)
        case .inference:
            out = Steps.inference(eager, model: model, x: xv, parameters: p)
        }
        opsPerStep = eager.opsExecuted
        return eager.tensor(out).data[0]
    }

    /// Frees what the last eager step left alive (its loss, gradients); graph modes keep their
    /// arena. Used before measuring a step's memory high-water mark.
    public func releaseIntermediates() { eager.reset() }

    /// Traces the step for these shapes, runs the mode's passes and plans memory.
    public func compile(xShape: Shape, labelShape: Shape) -> (executor: Executor, report: CompileReport) {
        guard let passes = mode.passes else { preconditionFailure("Session: eager mode does not compile") }
        var report = CompileReport()
        let clock = ContinuousClock()
        let t0 = clock.now
        let t = Tracer()
        let isTraining: Bool
        if case .training = kind { isTraining = true } else { isTraining = false }
        let x = t.argument("x", xShape, isParameter: false)
        let labels = t.argument("labels", labelShape, isParameter: false)
        let p = model.parameters.map { t.argument($0.name, $0.shape, isParameter: isTraining) }
        let out: Value
        switch kind {
        case .training(let lr):
            out = Steps.training(t, model: model, x: x, labels: labels, parameters: p, learningRate: lr)
        case .inference:
            out = Steps.inference(t, model: model, x: x, parameters: p)
        }
        var g = t.graph(outputs: [out])
        let t1 = clock.now
        report.nodeCounts.append(("traced", g.nodes.count))
        check(g, after: "trace")
        for pass in passes {
            g = pass.run(g)
            check(g, after: pass.name)
            report.nodeCounts.append((pass.name, g.nodes.count))
        }
        let t2 = clock.now
        let plan = planMemory(g)
        let executor = Executor(graph: g, plan: plan)
        let t3 = clock.now
        report.traceSeconds = seconds(t1 - t0)
        report.optimizeSeconds = seconds(t2 - t1)
        report.planSeconds = seconds(t3 - t2)
        report.kernelInstructions = executor.instructionCount
        report.arenaBytes = plan.arenaFloats * 4
        report.unplannedBytes = plan.unplannedFloats * 4
        report.inPlaceReuses = plan.inPlaceReuses
        traces += 1
        lastCompile = report
        return (executor, report)
    }

    private func check(_ g: Graph, after stage: String) {
        guard verifyPasses else { return }
        do { try g.verify() } catch { preconditionFailure("graph invalid after \(stage): \(error)") }
    }
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
