import NNKernel
import NNModels
import NNVocabulary

// MARK: - Seeded random inputs

/// `count` uniform values in [lo, hi) from a SplitMix64 stream seeded with `seed`.
/// The same seed gives the same values on every platform.
public func randomValues(_ count: Int, seed: UInt64, in range: Range<Float> = -1..<1) -> [Float] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in rng.uniform(range.lowerBound, range.upperBound) }
}

/// A tensor of `shape` holding `randomValues(shape.count, seed:in:)`.
public func randomTensor(_ shape: Shape, seed: UInt64, in range: Range<Float> = -1..<1) -> Tensor {
    Tensor(shape: shape, values: randomValues(shape.count, seed: seed, in: range))
}

/// `rows` class labels in 0..<classes, stored as Float the way the kernels take them.
public func randomLabels(_ rows: Int, classes: Int, seed: UInt64) -> [Float] {
    precondition(classes > 0, "randomLabels: need at least one class")
    var rng = SplitMix64(seed: seed)
    return (0..<rows).map { _ in Float(rng.next() % UInt64(classes)) }
}

/// Moves every value at least `margin` away from zero (keeps ReLU inputs off its kink, where
/// a finite difference straddles the corner).
public func awayFromZero(_ values: [Float], margin: Float = 0.1) -> [Float] {
    values.map { $0 >= 0 ? $0 + margin : $0 - margin }
}
