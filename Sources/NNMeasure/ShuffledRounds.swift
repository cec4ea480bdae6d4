import NNVocabulary

// MARK: - Interleaving subjects: one seeded shuffled order per round

/// The order subjects (modes, strategies) are visited in, round after round: every round is a
/// fresh shuffle from one seeded stream, so drift hits every subject alike and the same seed
/// gives the same orders in every run. Used by the runner, its first-step repeats and the
/// stream runner.
struct ShuffledRounds {
    private var rng: SplitMix64
    private let count: Int

    init(count: Int, seed: UInt64) {
        self.rng = SplitMix64(seed: seed)
        self.count = count
    }

    /// The subject indices of the next round, shuffled.
    mutating func next() -> [Int] {
        var order = Array(0..<count)
        order.shuffle(using: &rng)
        return order
    }
}

// MARK: - Loss agreement between modes

extension RunError {
    /// A loss must be finite, and when there is a reference (the first loss of the first mode
    /// measured, from the same parameters and batch; named in the error) equal to it within 1e-4
    /// relative: the modes compute the same numbers.
    static func check(_ loss: Float, against reference: (mode: String, loss: Float)?, benchmark: String,
                      mode: String) throws(RunError) {
        guard loss.isFinite else { throw .nonFiniteLoss(benchmark: benchmark, mode: mode, loss: loss) }
        if let r = reference, abs(loss - r.loss) > 1e-4 * max(1, abs(r.loss)) {
            throw .modesDisagree(benchmark: benchmark, mode: mode, loss: loss, reference: r.mode, referenceLoss: r.loss)
        }
    }
}
