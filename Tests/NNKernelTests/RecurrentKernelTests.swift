import Foundation
import Testing
import TestSupport
import NNVocabulary
@testable import NNKernel

/// The recurrent kernels against naive loops written from their definitions (in Double), and
/// the LSTM backward against central differences of the forward kernel.
struct RecurrentKernelTests {
    static func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    static func expectClose(_ a: [Float], _ b: [Double], tol: Double = 1e-5, _ what: String) {
        #expect(a.count == b.count, "\(what): \(a.count) vs \(b.count) elements")
        for (i, (x, y)) in zip(a, b).enumerated() where abs(Double(x) - y) > tol * max(1, abs(y)) {
            Issue.record("\(what)[\(i)]: \(x) vs \(y)")
            return
        }
    }

    @Test func timeStepGatherScatterAndStackAreInverse() {
        let (b, t, f) = (3, 4, 2)
        let x = Tensor(shape: Shape(b, t, f), values: randomValues(b * t * f, seed: 1))
        var steps: [Tensor] = []
        for s in 0..<t {
            let out = Tensor(uninitialized: Shape(b, f))
            Kernels.gatherTimeStep(x.data, out.data, batch: b, steps: t, features: f, step: s)
            let expected = (0..<b).flatMap { r in (0..<f).map { Double(x.data[(r * t + s) * f + $0]) } }
            Self.expectClose(out.array, expected, tol: 0, "step \(s)")
            steps.append(out)
        }
        let stacked = Tensor(uninitialized: x.shape)
        steps.map(\.data).withUnsafeBufferPointer { p in
            Kernels.stackTimeSteps(p.baseAddress!, steps: t, stacked.data, batch: b, features: f)
        }
        #expect(stacked.array == x.array)
        let scattered = Tensor(shape: x.shape, repeating: 7)
        Kernels.scatterTimeStep(steps[2].data, scattered.data, batch: b, steps: t, features: f, step: 2)
        for r in 0..<b {
            for s in 0..<t {
                for c in 0..<f {
                    let i = (r * t + s) * f + c
                    #expect(scattered.data[i] == (s == 2 ? x.data[i] : 0))
                }
            }
        }
    }

    @Test func embedZeroFillsAroundTheWindow() {
        let x: [Float] = [1, 2, 3]
        let out = Tensor(shape: Shape(7), repeating: 9)
        Kernels.embed(x, count: 3, out.data, total: 7, offset: 2)
        #expect(out.array == [0, 0, 1, 2, 3, 0, 0])
    }

    /// (h, c) from the textbook LSTM equations, in Double.
    static func naiveLSTM(_ z: [Float], _ prev: [Float], batch: Int, hidden h: Int) -> [Double] {
        var out = [Double](repeating: 0, count: 2 * batch * h)
        for b in 0..<batch {
            for j in 0..<h {
                let zi = Double(z[b * 4 * h + j]), zf = Double(z[b * 4 * h + h + j])
                let zg = Double(z[b * 4 * h + 2 * h + j]), zo = Double(z[b * 4 * h + 3 * h + j])
                let c = sigmoid(zf) * Double(prev[batch * h + b * h + j]) + sigmoid(zi) * Foundation.tanh(zg)
                out[batch * h + b * h + j] = c
                out[b * h + j] = sigmoid(zo) * Foundation.tanh(c)
            }
        }
        return out
    }

    @Test func lstmCellMatchesTheEquations() {
        let (b, h) = (3, 5)
        let z = randomValues(b * 4 * h, seed: 2).map { $0 * 3 }, prev = randomValues(2 * b * h, seed: 3)
        let out = Tensor(uninitialized: Shape(2, b, h))
        Kernels.lstmCell(z, prev, out.data, batch: b, hidden: h)
        Self.expectClose(out.array, Self.naiveLSTM(z, prev, batch: b, hidden: h), "state")
    }

    @Test func lstmCellBackwardMatchesFiniteDifferences() {
        let (b, h) = (2, 3)
        let z = randomValues(b * 4 * h, seed: 4), prev = randomValues(2 * b * h, seed: 5)
        let gs = randomValues(2 * b * h, seed: 6)
        // Objective ⟨gs, lstmCell(z, prev)⟩ in Double.
        func objective(_ z: [Float], _ prev: [Float]) -> Double {
            zip(gs, Self.naiveLSTM(z, prev, batch: b, hidden: h)).reduce(0) { $0 + Double($1.0) * $1.1 }
        }
        let state = Tensor(uninitialized: Shape(2, b, h))
        Kernels.lstmCell(z, prev, state.data, batch: b, hidden: h)
        let dz = Tensor(uninitialized: Shape(b, 4 * h)), dPrev = Tensor(shape: Shape(2, b, h), repeating: 9)
        Kernels.lstmCellBackward(gs, z, prev, state.data, dz: dz.data, dPrevious: dPrev.data, batch: b, hidden: h)
        let eps: Float = 1e-3
        let numericZ = z.indices.map { i -> Double in
            var p = z, m = z
            p[i] += eps; m[i] -= eps
            return (objective(p, prev) - objective(m, prev)) / Double(2 * eps)
        }
        let numericPrev = prev.indices.map { i -> Double in
            var p = prev, m = prev
            p[i] += eps; m[i] -= eps
            return (objective(z, p) - objective(z, m)) / Double(2 * eps)
        }
        Self.expectClose(dz.array, numericZ, tol: 2e-3, "dz")
        Self.expectClose(dPrev.array, numericPrev, tol: 2e-3, "dPrevious")
        #expect(dPrev.array[0..<(b * h)].allSatisfy { $0 == 0 })
    }

    @Test func paddingMaskAndMaskedUpdate() {
        let x: [Float] = [0, 0, 0, 1, 0, -2, 0, 0, 0.5]
        var mask = [Float](repeating: 7, count: 3)
        Kernels.paddingMask(x, &mask, rows: 3, cols: 3)
        #expect(mask == [0, 1, 1])
        let new = randomValues(2 * 3 * 2, seed: 7), prev = randomValues(2 * 3 * 2, seed: 8)
        var out = [Float](repeating: 0, count: 12)
        Kernels.maskedUpdate(new, prev, mask, &out, outer: 2, rows: 3, cols: 2)
        let expected = (0..<12).map { i in Double(mask[(i / 2) % 3] == 1 ? new[i] : prev[i]) }
        Self.expectClose(out, expected, tol: 0, "masked state")
        var gNew = [Float](repeating: 0, count: 12), gPrev = gNew
        Kernels.maskedUpdateBackward(new, mask, &gNew, toNew: true, outer: 2, rows: 3, cols: 2)
        Kernels.maskedUpdateBackward(new, mask, &gPrev, toNew: false, outer: 2, rows: 3, cols: 2)
        for i in 0..<12 { #expect(gNew[i] + gPrev[i] == new[i]) }
        #expect(gNew[0] == 0 && gPrev[0] == new[0])
    }

    @Test(arguments: [Activation.tanh, .identity], [true, false])
    func recurrentStepMatchesNaiveLoops(activation: Activation, recurrent: Bool) {
        let (b, t, g, h, step) = (3, 4, 6, 5, 2)
        let xp = randomValues(b * t * g, seed: 9), bias = randomValues(g, seed: 10)
        let hs = randomValues(b * h, seed: 11), w = randomValues(h * g, seed: 12)
        let out = Tensor(uninitialized: Shape(b, g))
        hs.withUnsafeBufferPointer { hp in
            w.withUnsafeBufferPointer { wp in
                Kernels.recurrentStep(projections: xp, steps: t, step: step, bias: bias,
                                      h: recurrent ? hp.baseAddress : nil, weight: recurrent ? wp.baseAddress : nil,
                                      hidden: h, activation: activation, out: out.data, batch: b, width: g)
            }
        }
        var expected: [Double] = []
        for r in 0..<b {
            for j in 0..<g {
                var z = Double(xp[(r * t + step) * g + j]) + Double(bias[j])
                if recurrent { for k in 0..<h { z += Double(hs[r * h + k]) * Double(w[k * g + j]) } }
                expected.append(activation == .tanh ? Foundation.tanh(z) : z)
            }
        }
        Self.expectClose(out.array, expected, "step")
    }

    @Test func fastTanhIsCloseToTanhEverywhere() {
        var worst = 0.0
        for i in -200_000...200_000 {
            let x = Float(i) * 1e-4   // [-20, 20]
            worst = max(worst, abs(Double(tanhFast(x)) - Foundation.tanh(Double(x))))
        }
        #expect(worst <= 3e-7, "max |tanhFast − tanh| = \(worst)")
        #expect(tanhFast(0) == 0 && tanhFast(100) == 1 && tanhFast(-100) == -1)
        #expect(tanhFast(.infinity) == 1 && tanhFast(-.infinity) == -1)
    }

    @Test("expApprox is within 2 ulp of e^x on [−87.3, 88.3]; e^0 = 1; NaN stays NaN; it saturates to ∞ and 0 beyond float's range")
    func expApproxIsCloseEverywhere() {
        var worst = 0.0
        var x: Float = -87.3
        while x < 88.3 {
            let exact = Foundation.exp(Double(x))
            let ulp = Double(Float(exact).ulp)
            worst = max(worst, abs(Double(expApprox(x)) - exact) / ulp)
            x += 0.000_731
        }
        #expect(worst <= 2, "max error of expApprox: \(worst) ulp")
        #expect(expApprox(0) == 1)
        #expect(expApprox(.nan).isNaN)
        #expect(expApprox(.infinity) == .infinity && expApprox(89) == .infinity && expApprox(88.7).isFinite && expApprox(88.7) > 2e38)
        #expect(expApprox(-.infinity) == 0 && expApprox(-88) == 0 && expApprox(-87.3) > 1e-38)
        #expect(sigmoidf(-.infinity) == 0 && sigmoidf(.infinity) == 1 && sigmoidf(0) == 0.5)
    }

    @Test("The 8-lane exp, sigmoid and tanh give each lane the scalar function's result bit for bit, so an LSTM cell's numbers do not depend on where its SIMD loop ends")
    func simdLanesMatchScalar() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let v = SIMD8<Float>((0..<8).map { _ in rng.uniform(-30, 30) })
            let e = expApprox(v), s = sigmoid8(v), t = tanh8(v)
            for l in 0..<8 {
                #expect(e[l].bitPattern == expApprox(v[l]).bitPattern)
                #expect(s[l].bitPattern == sigmoidf(v[l]).bitPattern)
                #expect(t[l].bitPattern == tanhFast(v[l]).bitPattern)
            }
        }
        let special = SIMD8<Float>(0, -0.0, .infinity, -.infinity, .nan, 100, -100, 1e-30)
        let t = tanh8(special), e = expApprox(special)
        for l in 0..<8 {
            #expect(t[l].bitPattern == tanhFast(special[l]).bitPattern || (t[l].isNaN && tanhFast(special[l]).isNaN))
            #expect(e[l].bitPattern == expApprox(special[l]).bitPattern || (e[l].isNaN && expApprox(special[l]).isNaN))
        }
    }

    @Test func lstmKernelsCountTheirFlops() {
        let z = [Float](repeating: 0.1, count: 2 * 4 * 3), prev = [Float](repeating: 0.2, count: 2 * 2 * 3)
        var out = [Float](repeating: 0, count: 12)
        KernelCounters.reset()
        Kernels.lstmCell(z, prev, &out, batch: 2, hidden: 3)
        #expect(KernelCounters.flops == 15 * 2 * 3)
    }
}
