import Testing
import NNKernel
import TestSupport

/// `Shape` arithmetic and `Tensor` storage: ownership, views, copies, memory accounting.
struct TensorShapeTests {
    @Test func shapeDimensions() {
        let s = Shape(2, 3, 4, 5)
        #expect(s.rank == 4 && s.dims == [2, 3, 4, 5])
        #expect(s.count == 120 && s.last == 5 && s.rows == 24)
        #expect(s[0] == 2 && s[3] == 5)
        #expect(s.description == "[2, 3, 4, 5]")
        #expect(Shape([7, 1]) == Shape(7, 1))
        #expect(Shape(3, 4) != Shape(4, 3))
        #expect(Shape(12) != Shape(12, 1), "rank is part of a shape")
    }

    @Test func scalarAndEmptyShapes() {
        let scalar = Shape()
        #expect(scalar.rank == 0 && scalar.count == 1 && scalar.last == 1 && scalar.rows == 1)
        #expect(scalar.dims.isEmpty && scalar.description == "[]")
        let empty = Shape(0, 5)
        #expect(empty.count == 0 && empty.rows == 0 && empty.last == 5)
        // A zero last dimension must not divide by zero.
        #expect(Shape(3, 0).rows == 0)
    }

    @Test func shapesHashConsistently() {
        let set: Set<Shape> = [Shape(2, 3), Shape(2, 3), Shape(3, 2), Shape(6)]
        #expect(set.count == 3)
    }

    @Test func tensorInitializers() {
        let t = Tensor(shape: Shape(2, 3), values: [1, 2, 3, 4, 5, 6])
        #expect(t.count == 6 && t.shape == Shape(2, 3))
        #expect(t.array == [1, 2, 3, 4, 5, 6])
        #expect(t.buffer.count == 6 && t.data[4] == 5)
        #expect(Tensor(shape: Shape(4), repeating: -1.5).array == [-1.5, -1.5, -1.5, -1.5])
        let scalar = Tensor(shape: Shape(), values: [3])
        #expect(scalar.count == 1 && scalar.array == [3])
    }

    @Test func storageIsSixtyFourByteAligned() {
        for n in [1, 3, 17, 1000] {
            let t = Tensor(uninitialized: Shape(n))
            #expect(Int(bitPattern: t.data) % 64 == 0, "\(n) elements")
        }
    }

    @Test func viewsShareStorageAndKeepTheBaseAlive() {
        var base: Tensor? = Tensor(shape: Shape(2, 4), values: [0, 1, 2, 3, 4, 5, 6, 7])
        let row1 = Tensor(viewOf: base!, offset: 4, shape: Shape(4))
        #expect(row1.array == [4, 5, 6, 7])
        row1.data[0] = 40
        #expect(base!.data[4] == 40, "a view writes through to its base")
        base = nil   // the view still holds the storage
        #expect(row1.array == [40, 5, 6, 7])
    }

    @Test func copyIsIndependent() {
        let a = randomTensor(Shape(3, 3), seed: 100)
        let b = a.copy()
        #expect(b.array == a.array && b.shape == a.shape && b.data != a.data)
        b.data[0] += 1
        #expect(b.data[0] != a.data[0])
    }

    @Test func memoryStatsTrackOwnedStorageOnly() {
        let before = MemoryStats.liveBytes
        MemoryStats.resetPeak()
        do {
            let t = Tensor(uninitialized: Shape(10, 10))
            #expect(MemoryStats.liveBytes - before == 400)
            _ = Tensor(viewOf: t, offset: 10, shape: Shape(10))   // a view allocates no storage
            #expect(MemoryStats.liveBytes - before == 400)
            withExtendedLifetime(t) {}
        }
        #expect(MemoryStats.liveBytes == before, "freed when the last reference goes")
        #expect(MemoryStats.peakBytes - before >= 400)
    }
}
