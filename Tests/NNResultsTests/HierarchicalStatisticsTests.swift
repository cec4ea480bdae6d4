import Foundation
import NNResults
import NNVocabulary
import Testing

// MARK: - Workers as the unit: hierarchical bootstrap, Welch's t, the worker-level verdict

@Suite("Statistics with worker processes as the unit")
struct HierarchicalStatisticsTests {
    /// Tight samples (±0.5%) around `median`.
    static func tight(_ median: Double, _ n: Int = 6) -> [Double] {
        (0..<n).map { median * (1 + 0.005 * sin(Double($0) * 2.4)) }
    }

    @Test("Workers that disagree widen the median's interval; the pooled bootstrap stays narrow")
    func widensWhenWorkersDisagree() {
        let groups = [Self.tight(500e3), Self.tight(505e3), Self.tight(510e3), Self.tight(515e3), Self.tight(1.08e6)]
        let pooled = Statistics.medianInterval(groups.flatMap { $0 })
        let h = Statistics.hierarchicalMedianInterval(groups)
        #expect(h.estimate == pooled.estimate)
        #expect(h.high - h.low > 3 * (pooled.high - pooled.low))
        #expect(h.high > 1e6, "a resample of mostly the slow worker must reach its state")
    }

    @Test("One worker: exactly the plain bootstrap (results without worker indices are unchanged)")
    func oneGroupIsPlain() {
        let x = Self.tight(1e6, 15)
        #expect(Statistics.hierarchicalMedianInterval([x]) == Statistics.medianInterval(x))
        let r = Statistics.hierarchicalRatio([x.map { $0 * 1.1 }], [x])
        let plain = Statistics.ratioCI(x.map { $0 * 1.1 }, x, paired: false)
        #expect(r.ratio == plain.ratio && r.low == plain.low && r.high == plain.high)
    }

    @Test("Samples are grouped by worker index, in worker order")
    func grouping() {
        #expect(Statistics.groups([1, 2, 3, 4], workers: [1, 0, 1, 0]) == [[2, 4], [1, 3]])
        #expect(Statistics.groups([1, 2], workers: []) == [[1, 2]])
    }

    @Test("Student's t: the textbook critical values give p = 0.05")
    func studentT() {
        #expect(abs(Statistics.studentTwoSidedP(12.706, df: 1) - 0.05) < 1e-4)
        #expect(abs(Statistics.studentTwoSidedP(2.776, df: 4) - 0.05) < 1e-4)
        #expect(abs(Statistics.studentTwoSidedP(1.96, df: 1e6) - 0.05) < 1e-3)
        #expect(abs(Statistics.studentCritical(alpha: 0.05, df: 4) - 2.776) < 1e-3)
        #expect(abs(Statistics.normalQuantile(0.975) - 1.959964) < 1e-5)
    }

    @Test("Welch's t: equal means give p = 1; a clear shift gives a small p")
    func welch() throws {
        let same = try #require(Statistics.welchT([1, 2, 3], [1, 2, 3]))
        #expect(same.p > 0.99)
        let shifted = try #require(Statistics.welchT([1, 1.1, 0.9, 1.05], [2, 2.1, 1.9, 2.05]))
        #expect(shifted.p < 0.001)
        #expect(Statistics.welchT([1], [1, 2]) == nil)
    }

    @Test("A/A where one process per side landed in a slow state: the pooled-sample test cried regression, the worker test does not")
    func processStateIsNotARegression() {
        let key = BenchmarkKey(workload: "mlp", mode: .eager, task: .train, batch: 1)
        // Process states that move a whole process by up to ±10%, as on the machine.
        let base = [Self.tight(500e3), Self.tight(510e3), Self.tight(505e3)]
        let head = [Self.tight(560e3), Self.tight(505e3), Self.tight(600e3)]
        // The old judgement: Mann-Whitney on pooled samples.
        let pooledP = Statistics.mannWhitneyU(head.flatMap { $0 }, base.flatMap { $0 }).p
        #expect(pooledP < 0.05)
        let t = Comparison.compareTiming(key: key, base: base, head: head, threshold: 0.05)
        #expect(t.test == .workerMedians)
        #expect(t.baseWorkers == 3 && t.headWorkers == 3)
        #expect(t.verdict != .slower)
    }

    @Test("Beyond the threshold but not significant at the worker level is 'undecided', with a worker count that would decide it")
    func undecided() throws {
        let key = BenchmarkKey(workload: "mlp", mode: .eager, task: .train, batch: 1)
        let base = [Self.tight(1.00e6), Self.tight(1.04e6), Self.tight(0.96e6)]
        let head = [Self.tight(1.02e6), Self.tight(1.30e6), Self.tight(1.12e6)]
        let t = Comparison.compareTiming(key: key, base: base, head: head, threshold: 0.05)
        #expect(t.verdict == .undecided)
        let n = try #require(t.workersToDecide)
        #expect(n > 3)
    }

    @Test("A consistent slowdown in every worker is 'slower' with the worker test")
    func consistentSlowdown() {
        let key = BenchmarkKey(workload: "mlp", mode: .eager, task: .train, batch: 1)
        let base = [Self.tight(1.00e6), Self.tight(1.01e6), Self.tight(0.99e6)]
        let head = [Self.tight(1.20e6), Self.tight(1.21e6), Self.tight(1.19e6)]
        let t = Comparison.compareTiming(key: key, base: base, head: head, threshold: 0.05)
        #expect(t.verdict == .slower)
        #expect(t.p < 0.05)
    }

    @Test("One worker a side: the test falls back to samples and says so")
    func oneWorkerFallsBack() {
        let key = BenchmarkKey(workload: "mlp", mode: .eager, task: .train, batch: 1)
        let t = Comparison.compareTiming(key: key, base: [Self.tight(1e6, 15)], head: [Self.tight(1.2e6, 15)], threshold: 0.05)
        #expect(t.test == .samples)
        #expect(t.verdict == .slower)
    }
}
