#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Activations: each one's forward and backward side by side

/// An elementwise activation function.
///
/// Adding one is one case here plus its line in `withFunctions` (forward and backward) and in
/// `flops`: every kernel that applies an activation (plain, fused dense, fused conv, the fused
/// recurrent step) runs these two closures, so there is no second copy of any formula.
public enum Activation: String, Hashable, Sendable, CaseIterable {
    case identity, relu, tanh, sigmoid

    /// Calls `body` with the activation's forward f(x) and backward (gy, y) → gy·f′ (y is the
    /// forward's output, as frameworks do for these f). Inlined, so each caller's loop is
    /// specialized per activation. ReLU's backward takes gy as a loaded value so its select
    /// vectorizes.
    @inline(__always)
    public func withFunctions<R>(
        _ body: (_ forward: (Float) -> Float, _ backward: (_ gy: Float, _ y: Float) -> Float) -> R
    ) -> R {
        switch self {
        case .identity: return body({ $0 }, { g, _ in g })
        case .relu: return body({ $0 > 0 ? $0 : 0 }, { g, y in y > 0 ? g : 0 })
        case .tanh: return body({ tanhFast($0) }, { g, y in g * (1 - y * y) })
        case .sigmoid: return body({ sigmoidf($0) }, { g, y in g * y * (1 - y) })
        }
    }

    /// Flops per element of the forward and of the backward (exp and tanh counted as one).
    public var flops: (forward: Int, backward: Int) {
        switch self {
        case .identity: return (0, 0)
        case .relu: return (1, 1)
        case .tanh: return (1, 3)
        case .sigmoid: return (3, 3)
        }
    }

    /// Flops per element of the forward.
    public var flopsPerElement: Int { flops.forward }
}

// MARK: - exp, sigmoid and tanh without libm calls, so that their loops vectorize

/// e^x without a libm call, branch-free, so a loop over it vectorizes (glibc's `expf` and
/// `tanhf` are scalar calls: under callgrind they were 25% of an LSTM step's instructions and
/// 36% of an Elman step's). Cephes' `expf` method: x = k·ln 2 + r with |r| ≤ ln 2 / 2 (k rounded
/// to nearest through the 1.5·2²³ trick, ln 2 split in two for an exact reduction), e^r by its
/// degree-7 polynomial, 2^k by writing k + 127 into the exponent bits. Within 2 ulp of e^x on
/// [−87.3, 88.3] (tested); e^88.38 between 88.38 and ln(FLT_MAX) ≈ 88.72 (so 2^k stays a
/// normal float), ∞ above, and 0 below the smallest normal's log ≈ −87.34 (denormal results
/// are flushed to 0), so 1/(1 + e^−x) is exactly 0 or 1 far out, as with `expf`; NaN stays NaN.
@inline(__always) public func expApprox(_ x: Float) -> Float {
    let xc = Swift.min(Swift.max(x, -87.33654), 88.37626)
    let t = xc * 1.442_695_04 + 12_582_912          // 1.5·2²³: rounds xc·log2(e) to an integer
    let k = t - 12_582_912
    let r = xc - k * 0.693_359_375 + k * 2.121_944_4e-4
    let z = r * r
    var p: Float = 1.987_569_15e-4
    p = p * r + 1.398_199_950_7e-3
    p = p * r + 8.333_451_907_3e-3
    p = p * r + 4.166_579_589_4e-2
    p = p * r + 1.666_666_545_9e-1
    p = p * r + 5.000_000_120_1e-1
    p = p * z + r + 1
    let scale = Float(bitPattern: (t.bitPattern &- 0x4B40_0000 &+ 127) &<< 23)
    let y = p * scale
    // Beyond float's range: ∞ above ln(FLT_MAX), 0 below the smallest normal (denormals flushed).
    let saturated = x > 88.722_83 ? Float.infinity : (x < -87.336_54 ? 0 : y)
    return x != x ? x : saturated
}

/// 1 / (1 + e^−x) through `expApprox`.
@inline(__always) public func sigmoidf(_ x: Float) -> Float { 1 / (1 + expApprox(-x)) }

/// tanh through one `expApprox`: sign(x)·(1 − e^−2|x|)/(1 + e^−2|x|). Exact at 0 and ±∞ and
/// within 3e-7 absolute of tanh (tested on [−20, 20]); its relative error grows only where
/// |tanh| is tiny, far below any loss tolerance.
@inline(__always) public func tanhFast(_ x: Float) -> Float {
    let t = expApprox(-2 * Swift.abs(x))
    let r = (1 - t) / (1 + t)
    return x < 0 ? -r : r
}

/// `expApprox` on 8 lanes at once (the same operations in the same order, so each lane equals
/// the scalar function's result bit for bit): for kernels whose loops the compiler does not
/// vectorize on its own (the LSTM cell reads four gate rows and writes two state rows).
@inline(__always) func expApprox(_ x: SIMD8<Float>) -> SIMD8<Float> {
    // Compare-and-select rather than `clamped`: the standard library's pointwiseMin/Max on
    // SIMD8<Float> are out-of-line scalar loops (two calls per exp under callgrind). Equal to
    // min(max(x, lo), hi) for every non-NaN x; NaN is returned unchanged below.
    let lo = SIMD8<Float>(repeating: -87.33654), hi = SIMD8<Float>(repeating: 88.37626)
    let xc = x.replacing(with: lo, where: x .< lo).replacing(with: hi, where: x .> hi)
    let t = xc * 1.442_695_04 + 12_582_912
    let k = t - 12_582_912
    let r = xc - k * 0.693_359_375 + k * 2.121_944_4e-4
    let z = r * r
    var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
    p = p * r + 1.398_199_950_7e-3
    p = p * r + 8.333_451_907_3e-3
    p = p * r + 4.166_579_589_4e-2
    p = p * r + 1.666_666_545_9e-1
    p = p * r + 5.000_000_120_1e-1
    p = p * z + r + 1
    let bits = (unsafeBitCast(t, to: SIMD8<UInt32>.self) &- 0x4B40_0000 &+ 127) &<< 23
    let y = p * unsafeBitCast(bits, to: SIMD8<Float>.self)
    let saturated = y.replacing(with: .infinity, where: x .> 88.722_83).replacing(with: 0, where: x .< -87.336_54)
    return saturated.replacing(with: x, where: x .!= x)
}

/// `sigmoidf` on 8 lanes (bit for bit the scalar result per lane).
@inline(__always) func sigmoid8(_ x: SIMD8<Float>) -> SIMD8<Float> { 1 / (1 + expApprox(-x)) }

/// `tanhFast` on 8 lanes (bit for bit the scalar result per lane).
@inline(__always) func tanh8(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let magnitude = unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: SIMD8<Float>.self)
    let t = expApprox(-2 * magnitude)
    let r = (1 - t) / (1 + t)
    return r.replacing(with: -r, where: x .< 0)
}

/// 8 floats from `p` (any alignment) / to `p`.
@inline(__always) func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}
@inline(__always) func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}

// MARK: - The plain activation kernels

extension Kernels {
    /// out = f(x), n elements. `out` may alias `x`. Identity copies (no flops) unless in place.
    /// Flops: n·f's forward flops.
    public static func activate(_ activation: Activation, _ x: UnsafePointer<Float>,
                                _ out: UnsafeMutablePointer<Float>, count n: Int) {
        if activation == .identity {
            if UnsafePointer(out) != x { copy(x, out, count: n) }
            return
        }
        countFlops(activation.flops.forward &* n)
        // In place through one pointer: with two pointers that are equal, the vectorized loop's
        // overlap check fails and the scalar loop runs (69 instructions per tanh under callgrind).
        if UnsafePointer(out) == x {
            activation.withFunctions { f, _ in for i in 0..<n { out[i] = f(out[i]) } }
        } else {
            activation.withFunctions { f, _ in for i in 0..<n { out[i] = f(x[i]) } }
        }
    }

    /// out = gy·f′ given f's output y, n elements. `out` may alias `gy`. Identity copies (no
    /// flops) unless in place. Flops: n·f's backward flops.
    public static func activateBackward(_ activation: Activation, _ gy: UnsafePointer<Float>,
                                        _ y: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                                        count n: Int) {
        if activation == .identity {
            if UnsafePointer(out) != gy { copy(gy, out, count: n) }
            return
        }
        countFlops(activation.flops.backward &* n)
        activationBackwardRow(activation, gy, y, out, n)
    }

    /// The one loop of every activation backward (the plain kernel and the fused ones), with no
    /// flops counted: out = gy·f′ over n elements. `out` may alias `gy`.
    @inline(__always)
    static func activationBackwardRow(_ activation: Activation, _ gy: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                                      _ out: UnsafeMutablePointer<Float>, _ n: Int) {
        if activation == .identity {
            if UnsafePointer(out) != gy { out.update(from: gy, count: n) }
            return
        }
        // In place through one pointer, as in `activate`, so the loop stays vectorized.
        if UnsafePointer(out) == gy {
            activation.withFunctions { _, b in for i in 0..<n { out[i] = b(out[i], y[i]) } }
        } else {
            activation.withFunctions { _, b in for i in 0..<n { out[i] = b(gy[i], y[i]) } }
        }
    }
}
