// MARK: - Runs measured in lockstep (`nnbench run --against`)

/// Marks a run as one side of a lockstep measurement: several builds (or the same build under
/// different conditions) measured by `nnbench run --against`, one worker process per side at a
/// time, round by round (A B B A …). A round of one side and the same round of another were
/// taken seconds apart on the same machine, so a comparison between two sides of one
/// interleaved measurement pairs them round by round (`Comparison.compareTimingPaired`): a
/// machine episode that slows every process for a few seconds falls on both sides of a pair.
public struct Interleave: Codable, Sendable, Equatable {
    /// Shared by every side of one measurement (a UUID).
    public var id: String
    /// This run's side: `head` (the build that ran `nnbench run`) or `against-1`, `against-2`, ….
    public var side: String
    /// Every side, in the order they measure the first round.
    public var sides: [String]

    public init(id: String, side: String, sides: [String]) {
        self.id = id; self.side = side; self.sides = sides
    }

    /// Whether `a` and `b` are two different sides of the same lockstep measurement.
    public static func pairs(_ a: Interleave?, _ b: Interleave?) -> Bool {
        guard let a, let b else { return false }
        return a.id == b.id && a.side != b.side
    }
}
