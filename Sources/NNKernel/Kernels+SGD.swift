// MARK: - Optimizer

extension Kernels {
    /// param −= learningRate · grad, in place. Flops: 2n.
    public static func sgd(_ param: UnsafeMutablePointer<Float>, _ grad: UnsafePointer<Float>,
                           learningRate: Float, count n: Int) {
        countFlops(2 &* n)
        for i in 0..<n { param[i] -= learningRate * grad[i] }
    }
}
