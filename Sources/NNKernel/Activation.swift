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
        case .tanh: return body({ tanhf($0) }, { g, y in g * (1 - y * y) })
        case .sigmoid: return body({ 1 / (1 + expf(-$0)) }, { g, y in g * y * (1 - y) })
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
        activation.withFunctions { f, _ in for i in 0..<n { out[i] = f(x[i]) } }
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
        activation.withFunctions { _, b in for i in 0..<n { out[i] = b(gy[i], y[i]) } }
    }
}
