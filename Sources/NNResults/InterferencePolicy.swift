// MARK: - Interference: what else used the machine during a round, and when a round is disturbed

/// What the machine did during one sampling round, from /proc/stat and the measuring process's
/// own clocks (all in seconds).
public struct RoundInterference: Sendable, Equatable, Codable {
    /// Wall time of the round.
    public var wall: Double
    /// CPU time all other processes (and the kernel on their behalf) used during the round, over
    /// all CPUs: busy time in /proc/stat minus this process's own CPU time.
    public var otherCPU: Double
    /// Time the hypervisor ran something else on our virtual CPUs (/proc/stat `steal`).
    public var steal: Double
    /// CPU time of this process (every thread, OpenBLAS's included).
    public var ownCPU: Double
    /// CPU time of the measuring thread alone (CLOCK_THREAD_CPUTIME_ID).
    public var threadCPU: Double

    public init(wall: Double, otherCPU: Double, steal: Double, ownCPU: Double, threadCPU: Double) {
        self.wall = wall; self.otherCPU = otherCPU; self.steal = steal; self.ownCPU = ownCPU; self.threadCPU = threadCPU
    }
}

/// When a round counts as disturbed, and how many re-takes the runner may spend.
///
/// /proc/stat counts in clock ticks (usually 1/100 s), so short rounds carry a quantization
/// error of about one tick per CPU per reading: `tickAllowance` ticks per CPU are forgiven.
public struct InterferencePolicy: Sendable, Equatable {
    /// Other processes' CPU time above this fraction of the round's wall time (plus the tick
    /// allowance) disturbs the round.
    public var maxOtherCPU: Double
    /// Hypervisor steal above this fraction of the wall time (plus the tick allowance) disturbs it.
    public var maxSteal: Double
    /// The measuring thread's CPU time below this fraction of the wall time disturbs it (the
    /// thread was off the CPU: preempted or waiting).
    public var minThreadCPU: Double
    /// Clock ticks per CPU forgiven for /proc/stat's quantization.
    public var tickAllowance: Double
    /// Re-takes of one round at most.
    public var maxRetakesPerRound: Int
    /// Re-takes at most as a fraction of a worker's planned rounds (per benchmark).
    public var maxRetakenFraction: Double

    public init(maxOtherCPU: Double = 0.10, maxSteal: Double = 0.02, minThreadCPU: Double = 0.90,
                tickAllowance: Double = 1, maxRetakesPerRound: Int = 2, maxRetakenFraction: Double = 0.2) {
        self.maxOtherCPU = maxOtherCPU; self.maxSteal = maxSteal; self.minThreadCPU = minThreadCPU
        self.tickAllowance = tickAllowance; self.maxRetakesPerRound = maxRetakesPerRound
        self.maxRetakenFraction = maxRetakenFraction
    }

    /// The policy every run uses.
    public static let standard = InterferencePolicy()

    /// Whether `r` was disturbed, given the tick length and CPU count of the machine.
    public func isDisturbed(_ r: RoundInterference, tickSeconds: Double = 0.01, cpus: Int = 1) -> Bool {
        guard r.wall > 0 else { return false }
        let allowance = tickAllowance * tickSeconds * Double(max(cpus, 1))
        return r.otherCPU > maxOtherCPU * r.wall + allowance
            || r.steal > maxSteal * r.wall + allowance
            || r.threadCPU < minThreadCPU * r.wall
    }

    /// Re-takes allowed for a worker's benchmark of `rounds` planned rounds.
    public func retakeBudget(rounds: Int) -> Int { Int(maxRetakenFraction * Double(rounds)) }

    /// The rule in one sentence, rendered from the values (reports and README quote it).
    public var text: String {
        "a round is disturbed when other processes used more than \(percentText(maxOtherCPU)) of its wall time in CPU, "
            + "or hypervisor steal exceeded \(percentText(maxSteal)) (each plus \(plainNumber(tickAllowance)) clock tick per CPU for /proc/stat's resolution), "
            + "or the measuring thread ran less than \(percentText(minThreadCPU)) of it; a disturbed round is re-taken "
            + "at most \(maxRetakesPerRound) times, and at most \(percentText(maxRetakenFraction)) of a worker's rounds are re-taken"
    }
}
