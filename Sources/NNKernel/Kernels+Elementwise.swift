/// The compute kernels: plain functions over buffers, with no knowledge of modes or graphs.
///
/// Conventions: row-major buffers; `rows`/`cols` describe the 2-D view; outputs may alias an
/// input of the same size where a kernel says so (in-place is how the graph planner reuses
/// buffers). Every kernel counts its analytic flops in `KernelCounters` (a kernel that calls
/// another counts only its own part); launches are counted where an engine runs an op's kernel.
/// Index arithmetic uses wrapping operators (`&+`, `&*`) so loops vectorize under `-O`.
public enum Kernels {}

// MARK: - Elementwise

extension Kernels {
    @inline(__always) static func countFlops(_ flops: Int) {
        KernelCounters.count(flops: flops)
    }

    /// out[r, c] = x[r, c] + bias[c]. `out` may alias `x`. Flops: rows·cols.
    public static func addBias(_ x: UnsafePointer<Float>, _ bias: UnsafePointer<Float>,
                               _ out: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        countFlops(rows &* cols)
        for r in 0..<rows {
            let o = r &* cols
            for c in 0..<cols { out[o &+ c] = x[o &+ c] + bias[c] }
        }
    }

    /// out = a + b, n elements. `out` may alias either input. Flops: n.
    public static func add(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                           _ out: UnsafeMutablePointer<Float>, count n: Int) {
        countFlops(n)
        for i in 0..<n { out[i] = a[i] + b[i] }
    }

    /// out = a - b, n elements. `out` may alias either input. Flops: n.
    public static func sub(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                           _ out: UnsafeMutablePointer<Float>, count n: Int) {
        countFlops(n)
        for i in 0..<n { out[i] = a[i] - b[i] }
    }

    /// out = a ⊙ b, n elements. `out` may alias either input. Flops: n.
    public static func mul(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                           _ out: UnsafeMutablePointer<Float>, count n: Int) {
        countFlops(n)
        for i in 0..<n { out[i] = a[i] * b[i] }
    }

    /// out = s · x, n elements. `out` may alias `x`. Flops: n.
    public static func scale(_ x: UnsafePointer<Float>, by s: Float,
                             _ out: UnsafeMutablePointer<Float>, count n: Int) {
        countFlops(n)
        for i in 0..<n { out[i] = s * x[i] }
    }

    /// out = value, n elements. Flops: 0.
    public static func fill(_ out: UnsafeMutablePointer<Float>, with value: Float, count n: Int) {
        out.update(repeating: value, count: n)
    }

    /// out = x, n elements (non-overlapping). Flops: 0.
    public static func copy(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count n: Int) {
        out.update(from: x, count: n)
    }
}
