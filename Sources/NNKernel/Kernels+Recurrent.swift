#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Recurrent kernels: time steps, LSTM gate math, masking, the fused recurrent step
//
// Layouts. A sequence batch is batch-first [B, T, F] (PyTorch's batch_first): sample b's step t
// starts at (b·T + t)·F. An LSTM state is packed [2, B, H]: h in the first B·H floats, c in the
// next B·H. LSTM pre-activations z are [B, 4H] with the gates in the order i, f, g, o.

extension Kernels {
    /// out[b, :] = x[b, step, :] for x [B, T, F]: one time step as a [B, F] matrix. Flops: 0.
    public static func gatherTimeStep(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                                      batch: Int, steps: Int, features: Int, step: Int) {
        for b in 0..<batch {
            (out + b &* features).update(from: x + (b &* steps &+ step) &* features, count: features)
        }
    }

    /// out = zeros [B, T, F] except out[b, step, :] = g[b, :]: the gradient of `gatherTimeStep`.
    /// Flops: 0.
    public static func scatterTimeStep(_ g: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                                       batch: Int, steps: Int, features: Int, step: Int) {
        out.update(repeating: 0, count: batch &* steps &* features)
        for b in 0..<batch {
            (out + (b &* steps &+ step) &* features).update(from: g + b &* features, count: features)
        }
    }

    /// out[b, t, :] = inputs[t][b, :] for `steps` matrices [B, F]: the inverse of
    /// `gatherTimeStep` over every step. Flops: 0.
    public static func stackTimeSteps(_ inputs: UnsafePointer<UnsafeMutablePointer<Float>>, steps: Int,
                                      _ out: UnsafeMutablePointer<Float>, batch: Int, features: Int) {
        for t in 0..<steps {
            let src = inputs[t]
            for b in 0..<batch {
                (out + (b &* steps &+ t) &* features).update(from: src + b &* features, count: features)
            }
        }
    }

    /// out = zeros(total) except out[offset ..< offset + n] = x: the gradient of a partial view.
    /// Flops: 0.
    public static func embed(_ x: UnsafePointer<Float>, count n: Int, _ out: UnsafeMutablePointer<Float>,
                             total: Int, offset: Int) {
        out.update(repeating: 0, count: total)
        (out + offset).update(from: x, count: n)
    }
}

// MARK: - LSTM cell

extension Kernels {
    /// One LSTM step's gate math: from pre-activations z [B, 4H] (i, f, g, o) and the previous
    /// state [2, B, H], writes the new state [2, B, H]:
    /// c = σ(f)·c₋ + σ(i)·tanh(g), h = σ(o)·tanh(c). Flops: 15·B·H (sigmoid 3, tanh 1).
    public static func lstmCell(_ z: UnsafePointer<Float>, _ previous: UnsafePointer<Float>,
                                _ out: UnsafeMutablePointer<Float>, batch: Int, hidden: Int) {
        countFlops(15 &* batch &* hidden)
        let h = hidden, bh = batch &* hidden
        for b in 0..<batch {
            let zr = z + b &* 4 &* h, row = b &* h
            // Eight lanes at a time (explicit SIMD: the compiler does not vectorize this loop),
            // then the rest one by one; both compute the same numbers.
            var j0 = 0
            while j0 &+ 8 <= h {
                let i = sigmoid8(load8(zr + j0)), f = sigmoid8(load8(zr + (h &+ j0)))
                let g = tanh8(load8(zr + (2 &* h &+ j0))), o = sigmoid8(load8(zr + (3 &* h &+ j0)))
                let c = f * load8(previous + (bh &+ row &+ j0)) + i * g
                store8(c, out + (bh &+ row &+ j0))
                store8(o * tanh8(c), out + (row &+ j0))
                j0 &+= 8
            }
            for j in j0..<h {
                let i = sigmoidf(zr[j]), f = sigmoidf(zr[h &+ j])
                let g = tanhFast(zr[2 &* h &+ j]), o = sigmoidf(zr[3 &* h &+ j])
                let c = f * previous[bh &+ row &+ j] + i * g
                out[bh &+ row &+ j] = c
                out[row &+ j] = o * tanhFast(c)
            }
        }
    }

    /// The backward of `lstmCell`. Given the state's gradient gs [2, B, H] (dh, dc), the inputs
    /// z and previous state, and the new state, writes dz [B, 4H] and the previous state's
    /// gradient [2, B, H] (its h half is zero: the cell reads only c₋; h₋ acts through z).
    /// Gates are recomputed from z rather than stored. Flops: 30·B·H.
    public static func lstmCellBackward(_ gs: UnsafePointer<Float>, _ z: UnsafePointer<Float>,
                                        _ previous: UnsafePointer<Float>, _ state: UnsafePointer<Float>,
                                        dz: UnsafeMutablePointer<Float>, dPrevious: UnsafeMutablePointer<Float>,
                                        batch: Int, hidden: Int) {
        countFlops(30 &* batch &* hidden)
        let h = hidden, bh = batch &* hidden
        dPrevious.update(repeating: 0, count: bh)
        for b in 0..<batch {
            let zr = z + b &* 4 &* h, dzr = dz + b &* 4 &* h, row = b &* h
            var j0 = 0
            while j0 &+ 8 <= h {
                let i = sigmoid8(load8(zr + j0)), f = sigmoid8(load8(zr + (h &+ j0)))
                let g = tanh8(load8(zr + (2 &* h &+ j0))), o = sigmoid8(load8(zr + (3 &* h &+ j0)))
                let tc = tanh8(load8(state + (bh &+ row &+ j0)))
                let gh = load8(gs + (row &+ j0))
                let dc = load8(gs + (bh &+ row &+ j0)) + gh * o * (1 - tc * tc)
                store8(dc * g * i * (1 - i), dzr + j0)
                store8(dc * load8(previous + (bh &+ row &+ j0)) * f * (1 - f), dzr + (h &+ j0))
                store8(dc * i * (1 - g * g), dzr + (2 &* h &+ j0))
                store8(gh * tc * o * (1 - o), dzr + (3 &* h &+ j0))
                store8(dc * f, dPrevious + (bh &+ row &+ j0))
                j0 &+= 8
            }
            for j in j0..<h {
                let i = sigmoidf(zr[j]), f = sigmoidf(zr[h &+ j])
                let g = tanhFast(zr[2 &* h &+ j]), o = sigmoidf(zr[3 &* h &+ j])
                let tc = tanhFast(state[bh &+ row &+ j])
                let gh = gs[row &+ j]
                let dc = gs[bh &+ row &+ j] + gh * o * (1 - tc * tc)
                dzr[j] = dc * g * i * (1 - i)
                dzr[h &+ j] = dc * previous[bh &+ row &+ j] * f * (1 - f)
                dzr[2 &* h &+ j] = dc * i * (1 - g * g)
                dzr[3 &* h &+ j] = gh * tc * o * (1 - o)
                dPrevious[bh &+ row &+ j] = dc * f
            }
        }
    }
}

// MARK: - Masking for padded sequences

extension Kernels {
    /// mask[b] = 1 if row b of x [B, F] has a non-zero element, else 0 (a padded step is all
    /// zeros, as in Keras' `Masking(mask_value=0)`). Flops: B·F.
    public static func paddingMask(_ x: UnsafePointer<Float>, _ mask: UnsafeMutablePointer<Float>,
                                   rows: Int, cols: Int) {
        countFlops(rows &* cols)
        for r in 0..<rows {
            var any = false
            for c in 0..<cols where x[r &* cols &+ c] != 0 { any = true; break }
            mask[r] = any ? 1 : 0
        }
    }

    /// out = m·new + (1 − m)·previous, with m[b] broadcast over a [K, B, F] (or [B, F]) state:
    /// a padded step (m = 0) carries the state through unchanged. `out` may alias either input.
    /// Flops: 3·K·B·F.
    public static func maskedUpdate(_ new: UnsafePointer<Float>, _ previous: UnsafePointer<Float>,
                                    _ mask: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                                    outer: Int, rows: Int, cols: Int) {
        countFlops(3 &* outer &* rows &* cols)
        for k in 0..<outer {
            for r in 0..<rows {
                let m = mask[r], o = (k &* rows &+ r) &* cols
                for c in 0..<cols { out[o &+ c] = m * new[o &+ c] + (1 - m) * previous[o &+ c] }
            }
        }
    }

    /// out = m·g (toNew) or (1 − m)·g: the gradients of `maskedUpdate`'s two state inputs.
    /// Flops: K·B·F.
    public static func maskedUpdateBackward(_ g: UnsafePointer<Float>, _ mask: UnsafePointer<Float>,
                                            _ out: UnsafeMutablePointer<Float>, toNew: Bool,
                                            outer: Int, rows: Int, cols: Int) {
        countFlops(outer &* rows &* cols)
        for k in 0..<outer {
            for r in 0..<rows {
                let m = toNew ? mask[r] : 1 - mask[r], o = (k &* rows &+ r) &* cols
                for c in 0..<cols { out[o &+ c] = m * g[o &+ c] }
            }
        }
    }
}

// MARK: - The fused recurrent step (fused mode)

extension Kernels {
    /// One recurrent step in one pass: out = activation(xp[:, step] + bias + h·W), where
    /// xp [B, T, G] holds the input projections of every step (computed before the recurrence in
    /// one large GEMM). xp's rows and the bias are preloaded into out, and the GEMM accumulates
    /// into it (beta = 1). With `h` nil (the first step) there is no GEMM.
    /// This is the Elman step h = tanh(x·Wx + h·Wh + b) (activation tanh) and the LSTM's gate
    /// pre-activations (activation identity).
    /// Flops: 2·B·H·G (with h) + B·G (bias) + activation.
    public static func recurrentStep(
        projections xp: UnsafePointer<Float>, steps: Int, step: Int, bias: UnsafePointer<Float>,
        h: UnsafePointer<Float>?, weight: UnsafePointer<Float>?, hidden: Int,
        activation: Activation, out: UnsafeMutablePointer<Float>, batch: Int, width g: Int
    ) {
        countFlops(batch &* g)
        for b in 0..<batch {
            let src = xp + (b &* steps &+ step) &* g, dst = out + b &* g
            for j in 0..<g { dst[j] = src[j] + bias[j] }
        }
        if let h, let weight {
            BLAS.gemm(transposeA: false, transposeB: false, m: batch, n: g, k: hidden,
                      a: h, lda: hidden, b: weight, ldb: g, beta: 1, c: out, ldc: g)
        }
        if activation != .identity { activate(activation, out, out, count: batch &* g) }
    }
}
