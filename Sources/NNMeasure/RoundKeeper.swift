import NNResults

// MARK: - Rounds with interference accounting and bounded re-takes

/// Takes sampling rounds, reads the machine's clocks around each, and re-takes a disturbed round
/// (at most `policy.maxRetakesPerRound` times, and at most `budget` times in all); what stayed
/// disturbed is flagged, never dropped. Shared by the runner and the stream runner.
struct RoundKeeper {
    let policy: InterferencePolicy
    private var retakesLeft: Int
    /// One flag per kept round: it stayed disturbed.
    private(set) var disturbed: [Bool] = []
    private(set) var retaken = 0
    /// Sums over every round taken, re-takes included.
    private(set) var total = RoundInterference(wall: 0, otherCPU: 0, steal: 0, ownCPU: 0, threadCPU: 0)
    /// Reads the clocks (tests substitute a script of readings).
    var clocks: () -> ClockReading = MachineClocks.read
    var tickSeconds = MachineClocks.tickSeconds
    var cpus = MachineClocks.cpus

    init(policy: InterferencePolicy, plannedRounds: Int) {
        self.policy = policy
        self.retakesLeft = policy.retakeBudget(rounds: plannedRounds)
    }

    /// Runs `round` until it is undisturbed or no re-take is left, and returns its values.
    mutating func take<T>(_ round: () -> T) -> T {
        var attempts = 0
        while true {
            let before = clocks()
            let value = round()
            let r = ClockReading.interference(from: before, to: clocks(), tickSeconds: tickSeconds)
            total.wall += r.wall; total.otherCPU += r.otherCPU; total.steal += r.steal
            total.ownCPU += r.ownCPU; total.threadCPU += r.threadCPU
            let bad = policy.isDisturbed(r, tickSeconds: tickSeconds, cpus: cpus)
            if bad && attempts < policy.maxRetakesPerRound && retakesLeft > 0 {
                attempts += 1; retakesLeft -= 1; retaken += 1
                continue
            }
            disturbed.append(bad)
            return value
        }
    }

    /// Writes the round accounting into a result record (every mode of a benchmark shares it).
    func record(into r: inout BenchmarkResult) {
        r.sampleRounds = Array(disturbed.indices)
        r.sampleDisturbed = disturbed
        r.roundsTotal = disturbed.count
        r.roundsDisturbed = disturbed.filter { $0 }.count
        r.roundsRetaken = retaken
        r.workers = 1
        if total.wall > 0 {
            r.counters[.otherCPUFraction] = total.otherCPU / total.wall
            r.counters[.stealFraction] = total.steal / total.wall
            r.counters[.threadCPUFraction] = total.threadCPU / total.wall
        }
    }
}
