import Foundation
import NNResults
import NNVocabulary
import Testing

// MARK: - History: ordering and step changes

@Suite("Comparison: history")
struct ComparisonHistoryTests {
    /// A run on day `day` whose eager benchmark has median `median` (low noise) and whose
    /// static benchmark stays at 500 ns.
    func run(day: Int, median: Double, seed: UInt64, withStatic: Bool = true) -> RunResult {
        var rng = Xoshiro(seed: seed)
        var benchmarks = [Fixture.benchmark(mode: .eager, samples: Fixture.samples(15, median: median, sigma: 0.01, outliers: 0, rng: &rng))]
        if withStatic {
            benchmarks.append(Fixture.benchmark(mode: .static, samples: Fixture.samples(15, median: 500, sigma: 0.01, outliers: 0, rng: &rng)))
        }
        return Fixture.run(benchmarks, environment: Fixture.environment(date: String(format: "2026-11-%02dT03:00:00Z", day),
                                                                           commit: String(repeating: String(day % 10), count: 40)))
    }

    @Test("Runs are ordered by date whatever order they come in, and only the real step is marked")
    func stepChange() {
        let runs = [
            (name: "c", result: run(day: 12, median: 1150, seed: 3)),
            (name: "a", result: run(day: 10, median: 1000, seed: 1)),
            (name: "d", result: run(day: 13, median: 1150, seed: 4)),
            (name: "b", result: run(day: 11, median: 1000, seed: 2)),
        ]
        let h = History.build(runs)
        #expect(h.runs.map(\.name) == ["a", "b", "c", "d"])
        let eager = h.series.first { $0.key.mode == .eager }
        #expect(eager?.points.map(\.run) == [0, 1, 2, 3])
        #expect(eager?.points.map(\.isStepChange) == [false, false, true, false])
        #expect(eager?.points[2].step?.verdict == .slower)
        #expect(eager?.points[0].step == nil)
        let statics = h.series.first { $0.key.mode == .static }
        #expect(statics?.points.allSatisfy { !$0.isStepChange } == true)
    }

    @Test("With a commit order, runs follow the commits, not the dates; unknown commits come last")
    func commitOrder() {
        let runs = [
            (name: "a", result: run(day: 10, median: 1000, seed: 1)),   // commit 000…
            (name: "b", result: run(day: 11, median: 1000, seed: 2)),   // commit 111…
            (name: "c", result: run(day: 12, median: 1000, seed: 3)),   // commit 222…
        ]
        // The commit of day 12 is the oldest in history, then day 10's; day 11's is unknown.
        let order = [String(repeating: "2", count: 40): 0, String(repeating: "0", count: 40): 1]
        let h = History.build(runs, commitOrder: order)
        #expect(h.runs.map(\.name) == ["c", "a", "b"])
    }

    @Test("A benchmark missing from a run is compared with the last run that has it")
    func gap() {
        let h = History.build([
            (name: "1", result: run(day: 1, median: 1000, seed: 1)),
            (name: "2", result: run(day: 2, median: 900, seed: 2, withStatic: false)),
            (name: "3", result: run(day: 3, median: 900, seed: 3)),
        ])
        let statics = h.series.first { $0.key.mode == .static }
        #expect(statics?.points.map(\.run) == [0, 2])
        #expect(statics?.points[1].step?.verdict == .noChange)
        let eager = h.series.first { $0.key.mode == .eager }
        #expect(eager?.points[1].step?.verdict == .faster)
    }
}
