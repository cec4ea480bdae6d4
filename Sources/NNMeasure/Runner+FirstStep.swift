import NNGraph
import NNKernel
import NNModels
import NNResults
import NNVocabulary

// MARK: - Time to first step, measured more than once

extension Runner {
    /// Re-measures time to first step (session creation, trace, passes, plan, one step) in fresh
    /// sessions, in a seeded shuffled mode order each round.
    ///
    /// The very first measurement of each mode (kept as `first_step_cold`) depends on the order
    /// the modes ran in: whichever runs first pays for cold caches and lazy symbol binding of
    /// the shared kernels. The repeats remove that bias and give a spread: C5 compares the
    /// modes' ranges (min…max) rather than two single numbers. Repeats stop after
    /// `settings.firstStepRepeats` rounds or `4 × warmupMaxSeconds`, but at least 2 rounds run.
    func repeatFirstSteps(_ subjects: [Subject], _ c: BenchmarkCase, initial: [Tensor]) {
        let rounds = settings.firstStepRepeats
        let budgetNs = 4 * settings.warmupMaxSeconds * 1e9
        let start = monotonicNanoseconds()
        var orders = ShuffledRounds(count: subjects.count, seed: settings.seed ^ fnv1a(c.label + "/first-step"))
        var r = 0
        while r < rounds && (r < 2 || Double(monotonicNanoseconds() - start) < budgetNs) {
            progress("\(c.label) time to first step \(r + 1)/\(rounds)")
            for i in orders.next() {
                let s = subjects[i]
                let t0 = monotonicNanoseconds()
                let fresh = Session(model: c.model, mode: s.mode, kind: c.kind, parameters: initial.map { $0.copy() },
                                    verifyPasses: false)
                _ = fresh.step(x: s.batches[0].x, labels: s.batches[0].labels)
                s.firstStepRepeats.append(Double(monotonicNanoseconds() - t0) * 1e-9)
            }
            r += 1
        }
    }

    /// The first-step phases of a subject: the median of the repeats as `first_step`, their
    /// range, and the cold (first-in-process) measurement.
    static func firstStepPhases(_ s: Subject) -> [Phase: Double] {
        guard !s.firstStepRepeats.isEmpty else { return [.firstStep: s.firstStepSeconds] }
        return [
            .firstStep: Statistics.median(s.firstStepRepeats),
            .firstStepMin: s.firstStepRepeats.min() ?? s.firstStepSeconds,
            .firstStepMax: s.firstStepRepeats.max() ?? s.firstStepSeconds,
            .firstStepCold: s.firstStepSeconds,
        ]
    }
}
