// MARK: - Measurement profiles

extension MeasurementSettings {
    /// CI smoke test: seconds for the whole suite; numbers are indicative only.
    public static let quick = MeasurementSettings(
        profile: "quick", warmupMaxSteps: 20, warmupMaxSeconds: 0.1, minSampleSeconds: 0.002,
        samples: 5, seed: 42)
    /// `nnbench run --all` in well under 3 minutes on a 2-core machine.
    public static let standard = MeasurementSettings(
        profile: "default", warmupMaxSteps: 200, warmupMaxSeconds: 0.5, minSampleSeconds: 0.01,
        samples: 15, seed: 42)
    /// More and longer samples for publishable numbers.
    public static let thorough = MeasurementSettings(
        profile: "thorough", warmupMaxSteps: 2000, warmupMaxSeconds: 2, minSampleSeconds: 0.05,
        samples: 40, seed: 42)
}
