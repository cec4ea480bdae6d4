import NNKernel
import NNVocabulary

/// Seeded synthetic batches that a model can actually learn.
///
/// Inputs are standard normal; each label is the argmax of the input under a fixed random linear
/// "teacher" (drawn from `teacherSeed`, by default the batch's own seed), so the classes are a
/// deterministic function of the input. Batches that share a teacher sample one learnable task.
public enum SyntheticData {
    /// A batch of inputs of `shape` (first dimension = batch) and labels in 0..<classes.
    public static func batch(shape: Shape, classes: Int, seed: UInt64,
                             teacherSeed: UInt64? = nil) -> (x: Tensor, labels: Tensor) {
        var rng = SplitMix64(seed: seed)
        let x = Tensor(uninitialized: shape)
        for i in 0..<shape.count { x.data[i] = rng.normal() }
        let n = shape[0], features = shape.count / Swift.max(n, 1)
        var teacher = SplitMix64(seed: (teacherSeed ?? seed) ^ 0x7EAC_4E55)
        let w = (0..<(features * classes)).map { _ in teacher.normal() }
        let labels = Tensor(uninitialized: Shape(n))
        for r in 0..<n {
            var best = 0, bestScore = -Float.infinity
            for c in 0..<classes {
                var s: Float = 0
                for f in 0..<features { s += x.data[r * features + f] * w[f * classes + c] }
                if s > bestScore { best = c; bestScore = s }
            }
            labels.data[r] = Float(best)
        }
        return (x, labels)
    }
}
