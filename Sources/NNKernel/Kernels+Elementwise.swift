#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The compute kernels: plain functions over buffers, with no knowledge of modes or graphs.
///
/// Conventions: row-major buffers; `rows`/`cols` describe the 2-D view; outputs may alias an
/// input of the same size where a kernel says so (in-place is how the graph planner reuses
/// buffers). Every kernel counts one launch and its analytic flops in `KernelCounters`.
/// Index arithmetic uses wrapping operators (`&+`, `&*`) so loops vectorize under `-O`.
public enum Kernels {}

// MARK: - Elementwise

extension Kernels {
    @inline(__always) static func launched(flops: Int) {
        KernelCounters.kernel(flops: flops)
    }

    /// out[r, c] = x[r, c] + bias[c]. `out` may alias `x`. Flops: rows·cols.
    public static func addBias(_ x: UnsafePointer<Float>, _ bias: UnsafePointer<Float>,
                               _ out: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        launched(flops: rows &* cols)
        for r in 0..<rows {
            let o = r &* cols
            for c in 0..<cols { out[o &+ c] = x[o &+ c] + bias[c] }
        }
    }

    /// out = a + b, n elements. `out` may alias either input. Flops: n.
    public static func add(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                           _ out: UnsafeMutablePointer<Float>, count n: Int) {
        launched(flops: n)
        for i in 0..<n { out[i] = a[i] + b[i] }
    }

    /// out = a - b, n elements. `out` may alias either input. Flops: n.
    public static func sub(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                           _ out: UnsafeMutablePointer<Float>, count n: Int) {
        launched(flops: n)
        for i in 0..<n { out[i] = a[i] - b[i] }
    }

    /// out = a ⊙ b, n elements. `out` may alias either input. Flops: n.
    public static func mul(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                           _ out: UnsafeMutablePointer<Float>, count n: Int) {
        launched(flops: n)
        for i in 0..<n { out[i] = a[i] * b[i] }
    }

    /// out = s · x, n elements. `out` may alias `x`. Flops: n.
    public static func scale(_ x: UnsafePointer<Float>, by s: Float,
                             _ out: UnsafeMutablePointer<Float>, count n: Int) {
        launched(flops: n)
        for i in 0..<n { out[i] = s * x[i] }
    }

    /// out = value, n elements. Flops: 0.
    public static func fill(_ out: UnsafeMutablePointer<Float>, with value: Float, count n: Int) {
        launched(flops: 0)
        out.update(repeating: value, count: n)
    }

    /// out = x, n elements (non-overlapping). Flops: 0.
    public static func copy(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count n: Int) {
        launched(flops: 0)
        out.update(from: x, count: n)
    }
}

// MARK: - Activations and their gradients

/// An elementwise activation function.
public enum Activation: String, Hashable, Sendable, CaseIterable {
    case identity, relu, tanh, sigmoid

    /// Flops per element of the forward (exp and tanh counted as one).
    public var flopsPerElement: Int { self == .identity ? 0 : (self == .sigmoid ? 3 : 1) }
}

extension Kernels {
    /// out = max(x, 0). `out` may alias `x`. Flops: n.
    public static func relu(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count n: Int) {
        launched(flops: n)
        for i in 0..<n { out[i] = x[i] > 0 ? x[i] : 0 }
    }

    /// out = gy where y > 0, else 0 (y is the ReLU's output). `out` may alias `gy`. Flops: n.
    public static func reluBackward(_ gy: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                                    _ out: UnsafeMutablePointer<Float>, count n: Int) {
        launched(flops: n)
        activationBackwardRow(.relu, gy, y, out, n)
    }

    /// out = tanh(x). `out` may alias `x`. Flops: n.
    public static func tanh(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count n: Int) {
        launched(flops: n)
        for i in 0..<n { out[i] = tanhf(x[i]) }
    }

    /// out = gy · (1 − y²) (y is the tanh's output). `out` may alias `gy`. Flops: 3n.
    public static func tanhBackward(_ gy: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                                    _ out: UnsafeMutablePointer<Float>, count n: Int) {
        launched(flops: 3 &* n)
        activationBackwardRow(.tanh, gy, y, out, n)
    }

    /// out = 1 / (1 + e^−x). `out` may alias `x`. Saturates cleanly for |x| large. Flops: 3n.
    public static func sigmoid(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count n: Int) {
        launched(flops: 3 &* n)
        for i in 0..<n { out[i] = 1 / (1 + expf(-x[i])) }
    }

    /// out = gy · y · (1 − y) (y is the sigmoid's output). `out` may alias `gy`. Flops: 3n.
    public static func sigmoidBackward(_ gy: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                                       _ out: UnsafeMutablePointer<Float>, count n: Int) {
        launched(flops: 3 &* n)
        activationBackwardRow(.sigmoid, gy, y, out, n)
    }

    /// Applies `activation` forward. `out` may alias `x`.
    public static func activate(_ activation: Activation, _ x: UnsafePointer<Float>,
                                _ out: UnsafeMutablePointer<Float>, count n: Int) {
        switch activation {
        case .identity: if UnsafePointer(out) != x { copy(x, out, count: n) }
        case .relu: relu(x, out, count: n)
        case .tanh: tanh(x, out, count: n)
        case .sigmoid: sigmoid(x, out, count: n)
        }
    }

    /// Applies `activation`'s gradient given its output `y`. `out` may alias `gy`.
    public static func activateBackward(_ activation: Activation, _ gy: UnsafePointer<Float>,
                                        _ y: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                                        count n: Int) {
        switch activation {
        case .identity: if UnsafePointer(out) != gy { copy(gy, out, count: n) }
        case .relu: reluBackward(gy, y, out, count: n)
        case .tanh: tanhBackward(gy, y, out, count: n)
        case .sigmoid: sigmoidBackward(gy, y, out, count: n)
        }
    }
}
