import Foundation
@testable import NNMeasure
import NNResults
import Testing

// MARK: - Interference: /proc/stat parsing, classification, bounded re-takes

@Suite("Interference accounting")
struct InterferenceTests {
    static let stat0 = """
        cpu  1000 20 300 50000 10 0 5 0 0 0
        cpu0 500 10 150 25000 5 0 3 0 0 0
        intr 12345
        """

    @Test("The aggregate cpu line is parsed: busy = user+nice+system+irq+softirq, idle = idle+iowait")
    func parse() throws {
        let t = try #require(CPUTicks.parse(Self.stat0))
        #expect(t == CPUTicks(busy: 1325, idle: 50010, steal: 0))
        #expect(CPUTicks.parse("cpu0 1 2 3 4\n") == nil)
        #expect(CPUTicks.parse("cpu  1 2\n") == nil)
        #expect(CPUTicks.parse("cpu  1 2 3 4\n") == CPUTicks(busy: 6, idle: 4, steal: 0))
    }

    /// A reading after `ms` milliseconds of wall time with `busyTicks`/`stealTicks` more in
    /// /proc/stat, the process having used `ownMs` and its thread `threadMs` of CPU.
    static func reading(_ base: CPUTicks, ms: Double, busyTicks: UInt64, stealTicks: UInt64 = 0, ownMs: Double, threadMs: Double) -> ClockReading {
        ClockReading(ticks: CPUTicks(busy: base.busy + busyTicks, idle: base.idle, steal: base.steal + stealTicks),
                     wallNs: UInt64(ms * 1e6), processCPU: ownMs / 1e3, threadCPU: threadMs / 1e3)
    }

    @Test("Synthetic snapshots: a quiet round, a busy neighbour, steal, and a preempted thread")
    func classify() throws {
        let t0 = try #require(CPUTicks.parse(Self.stat0))
        let start = ClockReading(ticks: t0, wallNs: 0, processCPU: 0, threadCPU: 0)
        let policy = InterferencePolicy.standard
        func judge(_ after: ClockReading) -> (RoundInterference, Bool) {
            let r = ClockReading.interference(from: start, to: after, tickSeconds: 0.01)
            return (r, policy.isDisturbed(r, tickSeconds: 0.01, cpus: 2))
        }
        // 200 ms, our process used 200 ms (20 ticks) of the 21 busy ticks: quiet.
        let quiet = judge(Self.reading(t0, ms: 200, busyTicks: 21, ownMs: 200, threadMs: 198))
        #expect(!quiet.1)
        #expect(abs(quiet.0.otherCPU - 0.01) < 1e-9)
        // Another process used 150 ms of CPU in a 200 ms round: disturbed.
        let busy = judge(Self.reading(t0, ms: 200, busyTicks: 35, ownMs: 200, threadMs: 199))
        #expect(busy.1)
        #expect(abs(busy.0.otherCPU - 0.15) < 1e-9)
        // 10 ticks of steal in 200 ms: disturbed.
        #expect(judge(Self.reading(t0, ms: 200, busyTicks: 20, stealTicks: 10, ownMs: 200, threadMs: 199)).1)
        // The measuring thread ran only 60% of the round: disturbed.
        #expect(judge(Self.reading(t0, ms: 200, busyTicks: 20, ownMs: 120, threadMs: 120)).1)
        // One tick of quantization in a short round is forgiven.
        #expect(!judge(Self.reading(t0, ms: 30, busyTicks: 4, ownMs: 30, threadMs: 30)).1)
    }

    @Test("The policy's text states its values")
    func text() {
        let text = InterferencePolicy(maxOtherCPU: 0.2).text
        #expect(text.contains("20%"))
        #expect(text.contains("at most 2 times"))
    }

    @Test("A disturbed round is re-taken at most twice, within a budget of 20% of the rounds; what stays disturbed is flagged")
    func retakes() {
        // Every round disturbed: the thread always gets half the wall time.
        var clock: UInt64 = 0
        var cpu = 0.0
        var keeper = RoundKeeper(policy: .standard, plannedRounds: 10)
        keeper.clocks = {
            defer { clock += 100_000_000; cpu += 0.05 }
            return ClockReading(ticks: CPUTicks(busy: 0, idle: 0, steal: 0), wallNs: clock, processCPU: cpu, threadCPU: cpu)
        }
        keeper.cpus = 2
        var calls = 0
        for _ in 0..<10 { keeper.take { calls += 1 } }
        #expect(keeper.retaken == 2, "20% of 10 rounds")
        #expect(calls == 12)
        #expect(keeper.disturbed.count == 10)
        #expect(keeper.disturbed.allSatisfy { $0 })
        var r = BenchmarkResult(workload: "w", mode: .eager, task: .train, batch: 1, samplesNs: [Double](repeating: 1, count: 10),
                                stepsPerSample: 1, flopsPerStep: 1)
        keeper.record(into: &r)
        #expect(r.roundsTotal == 10 && r.roundsDisturbed == 10 && r.roundsRetaken == 2)
        #expect(r.sampleRounds == Array(0..<10))
    }

    @Test("A quiet machine: no re-takes, nothing disturbed")
    func quiet() {
        var clock: UInt64 = 0
        var keeper = RoundKeeper(policy: .standard, plannedRounds: 10)
        keeper.clocks = {
            defer { clock += 100_000_000 }
            let s = Double(clock) * 1e-9
            return ClockReading(ticks: CPUTicks(busy: clock / 10_000_000, idle: 0, steal: 0), wallNs: clock, processCPU: s, threadCPU: s)
        }
        for _ in 0..<10 { keeper.take {} }
        #expect(keeper.retaken == 0)
        #expect(!keeper.disturbed.contains(true))
    }
}
