import Testing
import NNKernel
import TestSupport

/// The optimizer kernels (Kernels+SGD.swift, sgdMany in Kernels+FusedDense.swift).
struct SGDTests {
    @Test(arguments: [1, 5, 130])
    func sgd(_ n: Int) {
        let p = randomTensor(Shape(n), seed: 21), g = randomTensor(Shape(n), seed: 22)
        let expected = Reference.sgd(doubles(p.array), doubles(g.array), learningRate: 0.1)
        KernelCounters.reset()
        Kernels.sgd(p.data, g.data, learningRate: 0.1, count: n)
        #expect(KernelCounters.flops == 2 * n)
        #expect(closeness(p.array, expected, rtol: 1e-6, atol: 1e-7).isClose)
    }

    @Test func sgdManyUpdatesEveryPairInOneLaunch() {
        let shapes = [Shape(3, 4), Shape(4), Shape(1, 1), Shape(2, 5)]
        let params = shapes.enumerated().map { randomTensor($1, seed: 30 + UInt64($0)) }
        let grads = shapes.enumerated().map { randomTensor($1, seed: 40 + UInt64($0)) }
        let expected = zip(params, grads).map { Reference.sgd(doubles($0.array), doubles($1.array), learningRate: 0.05) }
        var pointers: [UnsafeMutablePointer<Float>] = []
        var pointerShapes: [Shape] = []
        for (p, g) in zip(params, grads) {
            pointers += [p.data, g.data]
            pointerShapes += [p.shape, g.shape]
        }
        let gradsBefore = grads.map(\.array)
        KernelCounters.reset()
        Kernels.sgdMany(pointers: pointers, shapes: pointerShapes, pairs: shapes.count, learningRate: 0.05)
        #expect(KernelCounters.flops == 2 * shapes.reduce(0) { $0 + $1.count })
        for (i, p) in params.enumerated() {
            let result = closeness(p.array, expected[i], rtol: 1e-6, atol: 1e-7)
            #expect(result.isClose, "parameter \(i): \(result)")
        }
        #expect(grads.map(\.array) == gradsBefore, "gradients are read, never written")
    }
}
