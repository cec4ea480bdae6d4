// MARK: - Tensor

/// A contiguous, row-major Float32 buffer with a shape.
///
/// A tensor either owns its storage (freed when the tensor is released, like a reference-counted
/// framework tensor) or is a view into another tensor's storage, which it keeps alive. Owned
/// storage is 64-byte aligned and counted in `MemoryStats`.
public final class Tensor: @unchecked Sendable {
    public let shape: Shape
    /// The first element.
    public let data: UnsafeMutablePointer<Float>
    private let owner: Tensor?
    private let ownsStorage: Bool

    /// Allocates an uninitialised tensor of `shape`.
    public init(uninitialized shape: Shape) {
        self.shape = shape
        let bytes = Swift.max(shape.count, 1) * MemoryLayout<Float>.stride
        let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        data = raw.bindMemory(to: Float.self, capacity: Swift.max(shape.count, 1))
        owner = nil
        ownsStorage = true
        MemoryStats.didAllocate(bytes)
    }

    /// Allocates a tensor of `shape` filled with `value`.
    public convenience init(shape: Shape, repeating value: Float) {
        self.init(uninitialized: shape)
        data.update(repeating: value, count: shape.count)
    }

    /// Allocates a tensor of `shape` holding `values` (row-major).
    public convenience init(shape: Shape, values: [Float]) {
        precondition(values.count == shape.count, "Tensor: \(values.count) values for shape \(shape)")
        self.init(uninitialized: shape)
        values.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: values.count) }
    }

    /// A view of `base`'s storage starting at element `offset`, with `shape`; no copy.
    public init(viewOf base: Tensor, offset: Int = 0, shape: Shape) {
        precondition(offset >= 0 && offset + shape.count <= base.shape.count,
                     "Tensor: view \(shape) at \(offset) exceeds base \(base.shape)")
        self.shape = shape
        data = base.data + offset
        owner = base
        ownsStorage = false
    }

    deinit {
        if ownsStorage {
            MemoryStats.didFree(Swift.max(shape.count, 1) * MemoryLayout<Float>.stride)
            UnsafeMutableRawPointer(data).deallocate()
        }
    }

    /// The number of elements.
    @inlinable public var count: Int { shape.count }

    /// The elements as a buffer.
    public var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: data, count: count) }

    /// A copy of the elements (allocates; for tests and reports).
    public var array: [Float] { Array(buffer) }

    /// A new tensor with a copy of this one's elements.
    public func copy() -> Tensor {
        let t = Tensor(uninitialized: shape)
        t.data.update(from: data, count: count)
        return t
    }
}
