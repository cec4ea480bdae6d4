import NNResults
import NNVocabulary
import Testing

// MARK: - Instruction counts as a gate: tolerance, comparable hosts, skipped timings

@Suite("Instruction-count gate")
struct InstructionGateTests {
    static let host = InstructionHost(coretype: "Haswell", glibcVersion: "glibc 2.36", cpuClass: "AuthenticAMD x86-64-v3 erms fsrm",
                                      valgrindVersion: "valgrind-3.19.0", countedSteps: 2)

    /// A run of mlp eager and static with `eager` and `static` instructions per step.
    static func run(eager: Int?, static s: Int?, host: InstructionHost? = host, cpu: String = "AMD EPYC 9R45",
                    allocations: Double = 10) -> RunResult {
        var b = [Fixture.benchmark(mode: .eager, samples: Array(repeating: 1e6, count: 9), counters: [.allocationsPerStep: allocations]),
                 Fixture.benchmark(mode: .static, samples: Array(repeating: 5e5, count: 9))]
        b[0].instructionsPerStep = eager
        b[1].instructionsPerStep = s
        var env = Fixture.environment()
        env.cpuModel = cpu
        var r = Fixture.run(b, environment: env)
        r.instructionHost = host
        return r
    }

    @Test("A rise of ~2% in one benchmark's count is a regression; the other benchmark's equal count is not")
    func twoPercentCaught() {
        let c = Comparison.compare(base: Self.run(eager: 1_000_000, static: 500_000),
                                   head: Self.run(eager: 1_020_000, static: 500_000))
        #expect(c.instructionGate == .used)
        #expect(c.instructionRegressions.map(\.key.mode) == [.eager])
        #expect(abs(c.instructionRegressions[0].change - 0.02) < 1e-12)
        #expect(c.regressed)
    }

    @Test("Within the 1% tolerance, and a fall, are not regressions; the tolerance is a setting")
    func tolerance() {
        let small = Comparison.compare(base: Self.run(eager: 1_000_000, static: 500_000),
                                       head: Self.run(eager: 1_009_000, static: 400_000))
        #expect(small.instructionRegressions.isEmpty)
        #expect(small.instructions.first { $0.key.mode == .static }?.improved == true)
        #expect(!small.regressed)
        var strict = ComparisonSettings()
        strict.instructionTolerance = 0.001
        let c = Comparison.compare(base: Self.run(eager: 1_000_000, static: 500_000),
                                   head: Self.run(eager: 1_009_000, static: 500_000), settings: strict)
        #expect(c.instructionRegressions.count == 1)
    }

    @Test("Counts taken under other conditions (glibc, CPU class, coretype) are not compared: the gate is skipped")
    func otherHost() {
        var other = Self.host
        other.cpuClass = "GenuineIntel x86-64-v3 erms fsrm"
        let c = Comparison.compare(base: Self.run(eager: 1_000_000, static: 500_000),
                                   head: Self.run(eager: 1_100_000, static: 500_000, host: other))
        guard case .skipped(let why) = c.instructionGate else { Issue.record("gate used across CPU classes"); return }
        #expect(why.contains("CPU class"))
        #expect(c.instructionRegressions.isEmpty && !c.regressed)
        // Only the number of counted steps differs: still comparable (counts are per step).
        var steps = Self.host
        steps.countedSteps = 5
        #expect(Comparison.compare(base: Self.run(eager: 1, static: 1), head: Self.run(eager: 1, static: 1, host: steps)).instructionGate == .used)
    }

    @Test("A run without counts: the gate is skipped, not failed")
    func notCounted() {
        let c = Comparison.compare(base: Self.run(eager: nil, static: nil, host: nil), head: Self.run(eager: 5, static: 5))
        #expect(c.instructionGate == .skipped("no instruction counts in the base run"))
        #expect(!c.regressed)
    }

    @Test("Skipping timings (another machine class) drops the timing verdicts but keeps counters and counts")
    func skippingTimings() {
        var slowHead = Self.run(eager: 1_000_000, static: 500_000, cpu: "Intel Xeon 207", allocations: 11)
        for i in slowHead.benchmarks.indices { slowHead.benchmarks[i].samplesNs = slowHead.benchmarks[i].samplesNs.map { $0 * 2 } }
        let full = Comparison.compare(base: Self.run(eager: 1_000_000, static: 500_000), head: slowHead)
        #expect(full.machineClassDifferences.map(\.field) == ["CPU model"])
        #expect(!full.slower.isEmpty)
        let c = full.skippingTimings("other machine class")
        #expect(c.timings.isEmpty && c.slower.isEmpty && c.geometricMean == nil)
        #expect(c.timingGate == .skipped("other machine class"))
        #expect(c.counterRegressions.count == 1)   // allocations 10 → 11 still judged
        #expect(c.regressed)
    }
}
