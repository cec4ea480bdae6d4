// MARK: - Measurement profiles

extension MeasurementSettings {
    /// CI smoke test: seconds for the whole suite; numbers are indicative only.
    /// Two workers of 3 rounds: the least that lets a comparison see between-process spread.
    public static let quick = MeasurementSettings(
        profile: "quick", warmupMaxSteps: 20, warmupMaxSeconds: 0.1, minSampleSeconds: 0.002,
        samples: 3, seed: 42).with(workers: 2)
    /// `nnbench run --all` in well under 3 minutes on a 2-core machine.
    ///
    /// Three worker processes (the unit of replication) of 6 rounds each. Budget per benchmark
    /// (all modes): warm-up ≤ 0.3 s per mode in each worker, time to first step repeated ≤ 1.2 s
    /// in the first worker only (at least 2 rounds), sampling ≤ 6 s over all workers
    /// (`samplingBudgetSeconds`; never fewer than 3 rounds per worker). Measured: see README.
    public static let standard = MeasurementSettings(
        profile: "default", warmupMaxSteps: 200, warmupMaxSeconds: 0.3, minSampleSeconds: 0.01,
        samples: 6, seed: 42).with(workers: 3)
    /// More and longer samples for publishable numbers (no sampling budget).
    public static let thorough = MeasurementSettings(
        profile: "thorough", warmupMaxSteps: 2000, warmupMaxSeconds: 2, minSampleSeconds: 0.05,
        samples: 10, seed: 42).with(workers: 5)

    /// A copy with `workers` worker processes.
    public func with(workers: Int) -> MeasurementSettings {
        var s = self
        s.workers = workers
        return s
    }

    /// Seconds of sampling per benchmark (all modes, all rounds of all workers) the profile aims
    /// for; the runner takes fewer rounds (never below `Runner.minimumRounds`) when the steps are slow.
    public var samplingBudgetSeconds: Double {
        switch profile {
        case "quick": return 1.5
        case "default": return 6
        default: return .infinity
        }
    }

    /// How many fresh-session measurements of time to first step each mode gets.
    public var firstStepRepeats: Int {
        switch profile {
        case "quick": return 3
        case "thorough": return 9
        default: return 5
        }
    }
}
