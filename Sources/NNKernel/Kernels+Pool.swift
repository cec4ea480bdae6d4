// MARK: - Max-pool geometry

/// The sizes of a window×window max-pool with stride = window over NCHW tensors.
///
/// The output is [batch, channels, height / window, width / window] (floor: trailing rows and
/// columns that do not fill a window are ignored, as in frameworks without ceil mode).
/// An argmax index is the position h·width + w inside the input plane, stored as a Float
/// (exact below 2²⁴).
public struct PoolGeometry: Hashable, Sendable {
    public let batch, channels, height, width, window: Int

    public init(batch: Int, channels: Int, height: Int, width: Int, window: Int) {
        precondition(window >= 1 && height >= window && width >= window,
                     "PoolGeometry: window \(window) exceeds \(height)×\(width)")
        self.batch = batch; self.channels = channels; self.height = height; self.width = width
        self.window = window
    }

    public var outHeight: Int { height / window }
    public var outWidth: Int { width / window }
    /// Input and output planes in the batch (batch · channels).
    public var planes: Int { batch &* channels }
    public var inputCount: Int { planes &* height &* width }
    public var outputCount: Int { planes &* outHeight &* outWidth }
    /// One comparison per element of every window.
    public var compareFlops: Int { outputCount &* window &* window }
}

// MARK: - Forward

extension Kernels {
    /// y = the maximum of each window of x; `indices` (when given) receives its argmax. Ties
    /// go to the first maximum in row-major window order. Flops: one compare per window element.
    public static func maxPool2D(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                                 indices: UnsafeMutablePointer<Float>?, _ g: PoolGeometry) {
        countFlops(g.compareFlops)
        let oh = g.outHeight, ow = g.outWidth, w = g.width, k = g.window
        for pl in 0..<g.planes {
            let plane = x + pl &* g.height &* w
            let out = pl &* oh &* ow
            for r in 0..<oh {
                for c in 0..<ow {
                    let (v, at) = windowMax(plane, row: r &* k, col: c &* k, width: w, window: k)
                    y[out &+ r &* ow &+ c] = v
                    indices?[out &+ r &* ow &+ c] = Float(at)
                }
            }
        }
    }

    /// The first maximum of the window at (row, col) and its position in the plane.
    @inline(__always)
    static func windowMax(_ plane: UnsafePointer<Float>, row: Int, col: Int, width: Int,
                          window: Int) -> (Float, Int) {
        var best = plane[row &* width &+ col], at = row &* width &+ col
        for i in 0..<window {
            let o = (row &+ i) &* width &+ col
            for j in 0..<window where plane[o &+ j] > best {
                best = plane[o &+ j]
                at = o &+ j
            }
        }
        return (best, at)
    }
}

// MARK: - Backward

extension Kernels {
    /// gx = gy scattered to the stored argmax `indices`, zero elsewhere. Flops: outputCount.
    ///
    /// The one max-pool backward of every mode: the plain pool stores its indices after its
    /// values, the fused convolution block beside its pooled values, as PyTorch's eager pool
    /// keeps them; nothing recomputes the argmax from the input.
    public static func maxPool2DBackward(_ gy: UnsafePointer<Float>, indices: UnsafePointer<Float>,
                                         _ gx: UnsafeMutablePointer<Float>, _ g: PoolGeometry) {
        countFlops(g.outputCount)
        gx.update(repeating: 0, count: g.inputCount)
        let plane = g.height &* g.width, out = g.outHeight &* g.outWidth
        for pl in 0..<g.planes {
            for i in 0..<out {
                gx[pl &* plane &+ Int(indices[pl &* out &+ i])] += gy[pl &* out &+ i]
            }
        }
    }
}
