import Testing
@testable import NNKernel
import Synchronization
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The exact counters (Counters.swift): heap allocations through the malloc hook, tensor
/// memory, and kernel work. Every figure is checked against a count known by construction.
struct CountersTests {
    @Test func allocationHookIsLiveInTheTestProcess() {
        #expect(AllocationCounter.isActive, "the malloc hook must see Swift runtime allocations")
    }

    @Test func measureCountsExactlyWhatTheBodyAllocates() {
        let (_, none) = AllocationCounter.measure { () -> Int in 1 + 1 }
        #expect(none.allocations == 0 && none.bytes == 0 && none.frees == 0)

        let (_, one) = AllocationCounter.measure {
            let p = UnsafeMutableRawPointer.allocate(byteCount: 1000, alignment: 16)
            p.deallocate()
        }
        #expect(one.allocations == 1 && one.bytes >= 1000 && one.frees == 1, "\(one)")

        let (_, three) = AllocationCounter.measure {
            for i in 1...3 {   // a range, not an array literal (which would allocate too)
                let p = UnsafeMutableRawPointer.allocate(byteCount: 100 * i, alignment: 8)
                p.deallocate()
            }
        }
        #expect(three.allocations == 3 && three.bytes >= 600 && three.frees == 3, "\(three)")
    }

    @Test func kernelsDoNotAllocate() {
        // The graph modes rely on this: a planned step's heap allocations come only from the
        // engine, never from the kernels themselves.
        let n = 256
        let a = randomTensor(Shape(16, 16), seed: 1), b = randomTensor(Shape(16, 16), seed: 2)
        let bias = randomTensor(Shape(16), seed: 3), out = Tensor(uninitialized: Shape(16, 16))
        let labels = Tensor(shape: Shape(16), values: randomLabels(16, classes: 16, seed: 4))
        let loss = Tensor(uninitialized: Shape())
        let (_, stats) = AllocationCounter.measure {
            Kernels.add(a.data, b.data, out.data, count: n)
            Kernels.addBias(a.data, bias.data, out.data, rows: 16, cols: 16)
            Kernels.activate(.tanh, a.data, out.data, count: n)
            Kernels.activateBackward(.sigmoid, a.data, b.data, out.data, count: n)
            Kernels.columnSum(a.data, out.data, rows: 16, cols: 16)
            Kernels.sgd(out.data, a.data, learningRate: 0.1, count: n)
            Kernels.softmaxCrossEntropyWithGrad(a.data, labels.data, loss: loss.data, grad: out.data, rows: 16, cols: 16)
            Kernels.activationBackwardColumnSum(.relu, a.data, b.data, dz: out.data, columnSums: bias.data,
                                                rows: 16, cols: 16)
        }
        #expect(stats.allocations == 0, "\(stats)")
    }

    @Test func aTensorIsTwoAllocations() {
        // A tensor is two heap allocations, the class instance and its 64-byte-aligned
        // storage; the storage's bytes are what MemoryStats sees.
        // The shape is built outside (a variadic init allocates its array), and one tensor is
        // made first so lazily initialized runtime metadata is not counted.
        let shape = Shape(1000)
        _ = Tensor(uninitialized: shape)
        let live = MemoryStats.liveBytes
        let (t, stats) = AllocationCounter.measure { Tensor(uninitialized: shape) }
        #expect(stats.allocations == 2 && stats.bytes >= 4000 && stats.frees == 0, "\(stats)")
        #expect(MemoryStats.liveBytes - live == 4000)
        withExtendedLifetime(t) {}
    }

    @Test func peakTracksTheHighWaterMark() {
        let base = MemoryStats.liveBytes
        MemoryStats.resetPeak()
        do {
            let big = Tensor(uninitialized: Shape(2500))   // 10 000 bytes
            withExtendedLifetime(big) {}
        }
        let small = Tensor(uninitialized: Shape(250))      // 1 000 bytes, after big is freed
        #expect(MemoryStats.peakBytes - base == 10_000)
        #expect(MemoryStats.liveBytes - base == 1_000)
        MemoryStats.resetPeak()
        #expect(MemoryStats.peakBytes == MemoryStats.liveBytes, "a new window starts at the live size")
        withExtendedLifetime(small) {}
    }

    @Test func kernelsCountFlopsAndLeaveLaunchesToTheEngines() {
        // A launch is one op's kernel run by an engine (OpRule.launch, tested with the modes); a
        // kernel and whatever it calls inside only add their flops (and GEMM calls).
        let x = randomTensor(Shape(4, 8), seed: 5), y = Tensor(uninitialized: Shape(4, 8))
        KernelCounters.reset()
        Kernels.activate(.relu, x.data, y.data, count: 32)                    // 32 flops
        Kernels.activate(.tanh, x.data, y.data, count: 32)                    // 32
        Kernels.activate(.sigmoid, x.data, y.data, count: 32)                 // 96
        Kernels.columnSum(x.data, y.data, rows: 4, cols: 8)                   // 32
        BLAS.gemm(transposeA: false, transposeB: true, m: 4, n: 4, k: 8,
                  a: x.data, lda: 8, b: x.data, ldb: 8, c: y.data, ldc: 4)    // 2·4·4·8 = 256
        #expect(KernelCounters.kernelLaunches == 0)
        #expect(KernelCounters.gemmCalls == 1)
        #expect(KernelCounters.flops == 32 + 32 + 96 + 32 + 256)
        KernelCounters.countLaunch()
        #expect(KernelCounters.kernelLaunches == 1)
    }

    @Test func theHookWritesOnlyThisThreadsState() throws {
        // Counting must not tax what it counts: the hook runs on every malloc while timing, so it
        // touches no state shared between threads. An allocation on another thread is not seen
        // here (it was, through one shared flag, while every malloc stored to it).
        let worker = try HookProbeThread()
        AllocationCounter.clearSeen()
        worker.allocateAndFinish()
        let seen = AllocationCounter.seenOnThisThread   // read before #expect, which allocates
        #expect(!seen, "another thread's malloc reached this thread's state")
        #expect(worker.sawItsOwnAllocations)
    }
}

/// A thread that waits for a signal, then mallocs and records whether its own hook flag was set;
/// the test thread meanwhile allocates nothing (it spins on an atomic).
final class HookProbeThread: @unchecked Sendable {
    private let state = Atomic<Int>(0)   // 0: waiting, 1: go, 2: done
    private let sawOwn = Atomic<Bool>(false)

    struct CannotStart: Error {}

    init() throws {
        var thread = pthread_t()
        let me = Unmanaged.passRetained(self).toOpaque()
        let rc = pthread_create(&thread, nil, { arg in
            guard let arg else { return nil }
            Unmanaged<HookProbeThread>.fromOpaque(arg).takeRetainedValue().body()
            return nil
        }, me)
        guard rc == 0 else {
            Unmanaged<HookProbeThread>.fromOpaque(me).release()
            throw CannotStart()
        }
        pthread_detach(thread)
    }

    private func body() {
        while state.load(ordering: .acquiring) != 1 {}
        AllocationCounter.clearSeen()
        for n in 1...100 { free(malloc(16 * n)) }
        sawOwn.store(AllocationCounter.seenOnThisThread, ordering: .relaxed)
        state.store(2, ordering: .releasing)
    }

    /// Lets the thread allocate and waits until it has.
    func allocateAndFinish() {
        state.store(1, ordering: .releasing)
        while state.load(ordering: .acquiring) != 2 {}
    }

    var sawItsOwnAllocations: Bool { sawOwn.load(ordering: .relaxed) }
}
