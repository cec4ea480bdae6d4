// MARK: - Measurement profiles

extension MeasurementSettings {
    /// CI smoke test: seconds for the whole suite; numbers are indicative only.
    public static let quick = MeasurementSettings(
        profile: "quick", warmupMaxSteps: 20, warmupMaxSeconds: 0.1, minSampleSeconds: 0.002,
        samples: 5, seed: 42)
    /// `nnbench run --all` in well under 3 minutes on a 2-core machine.
    ///
    /// Budget per benchmark (all modes): warm-up ≤ 0.5 s per mode, time to first step repeated
    /// ≤ 2 s (at least 5 rounds), sampling ≤ 6 s (`samplingBudgetSeconds`; never fewer than 8
    /// rounds). With three modes that is at most about 10 s for a benchmark whose steps take
    /// under 0.25 s, so the ~13 benchmarks of MLP, CNN, Elman, LSTM and a stream stay under
    /// about 2 minutes; fast benchmarks take a fraction of it.
    public static let standard = MeasurementSettings(
        profile: "default", warmupMaxSteps: 200, warmupMaxSeconds: 0.5, minSampleSeconds: 0.01,
        samples: 15, seed: 42)
    /// More and longer samples for publishable numbers (no sampling budget).
    public static let thorough = MeasurementSettings(
        profile: "thorough", warmupMaxSteps: 2000, warmupMaxSeconds: 2, minSampleSeconds: 0.05,
        samples: 40, seed: 42)

    /// Seconds of sampling per benchmark (all modes, all rounds) the profile aims for; the runner
    /// takes fewer rounds (never below `Runner.minimumRounds`) when the steps are slow.
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
        case "quick": return 5
        case "thorough": return 11
        default: return 7
        }
    }
}
