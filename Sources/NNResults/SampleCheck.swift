// MARK: - What a valid series of timing samples looks like

/// Checks raw timing samples (nanoseconds) before anything is computed from them: a series must
/// be non-empty and every sample finite and positive. A NaN would give an interval whose low end
/// is above its high end, a negative sample a change of −200%, an empty series a benchmark that
/// silently vanishes from reports and gates.
public enum SampleCheck {
    /// What is wrong with `samples`, in words ("sample 3 of 15 is NaN"), or nil when nothing is.
    public static func problem(_ samples: [Double]) -> String? {
        guard !samples.isEmpty else { return "holds no samples" }
        for (i, s) in samples.enumerated() {
            let which = "sample \(i) of \(samples.count)"
            if s.isNaN { return "\(which) is NaN" }
            if s.isInfinite { return "\(which) is \(s > 0 ? "+" : "-")infinity" }
            if s < 0 { return "\(which) is negative (\(s))" }
            if s == 0 { return "\(which) is zero" }
        }
        return nil
    }
}
