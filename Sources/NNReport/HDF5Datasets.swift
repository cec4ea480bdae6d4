import CHDF5

// MARK: - Numeric datasets: chunked float64 series and n-dimensional float32 tensors

extension H5Object {
    /// Writes `values` as a 1-D float64 dataset `name`, chunked and extendable (so a later
    /// writer can append samples without rewriting the file), with a Fletcher-32 checksum so a
    /// damaged file fails to read instead of giving wrong numbers.
    func writeSeries(_ name: String, _ values: [Double]) throws(H5Failure) {
        try writeSeries(name, values, fileType: nnb_H5T_IEEE_F64LE(), memoryType: nnb_H5T_NATIVE_DOUBLE())
    }

    /// Writes `values` as a 1-D int64 dataset `name`, stored like the float64 series.
    func writeSeries(_ name: String, _ values: [Int]) throws(H5Failure) {
        try writeSeries(name, values.map { Int64($0) }, fileType: nnb_H5T_STD_I64LE(), memoryType: nnb_H5T_NATIVE_INT64())
    }

    /// Writes `values` as a 1-D uint8 dataset of 0/1 `name`, stored like the float64 series.
    func writeSeries(_ name: String, _ values: [Bool]) throws(H5Failure) {
        try writeSeries(name, values.map { UInt8($0 ? 1 : 0) }, fileType: nnb_H5T_STD_U8LE(), memoryType: nnb_H5T_NATIVE_UINT8())
    }

    private func writeSeries<T>(_ name: String, _ values: [T], fileType: hid_t, memoryType: hid_t) throws(H5Failure) {
        let p = childPath(name)
        var dims = [hsize_t(values.count)]
        var maxDims = [nnb_H5S_UNLIMITED()]
        var chunk = [hsize_t(max(1, min(values.count, 4096)))]
        let space = try H5ID(H5Screate_simple(1, &dims, &maxDims), closer: H5Sclose, or: "cannot create a dataspace for \(p)")
        let dcpl = try H5ID(H5Pcreate(nnb_H5P_DATASET_CREATE()), closer: H5Pclose, or: "cannot create a property list for \(p)")
        guard H5Pset_chunk(dcpl.id, 1, &chunk) >= 0, H5Pset_fletcher32(dcpl.id) >= 0 else {
            throw H5Failure("cannot chunk \(p)")
        }
        let ds = try H5ID(H5Dcreate2(id, name, fileType, space.id, nnb_H5P_DEFAULT(), dcpl.id, nnb_H5P_DEFAULT()),
                          closer: H5Dclose, or: "cannot create dataset \(p)")
        guard !values.isEmpty else { return }
        let status = values.withUnsafeBufferPointer {
            H5Dwrite(ds.id, memoryType, nnb_H5S_ALL(), nnb_H5S_ALL(), nnb_H5P_DEFAULT(), $0.baseAddress)
        }
        guard status >= 0 else { throw H5Failure("cannot write dataset \(p)") }
    }

    /// Writes `values` (row-major, `shape`) as a float32 dataset `name`; rank 0 is a scalar.
    /// Non-empty tensors are one chunk with a Fletcher-32 checksum. Returns the dataset.
    @discardableResult
    func writeTensor(_ name: String, shape: [Int], _ values: [Float]) throws(H5Failure) -> H5Object {
        let p = childPath(name)
        precondition(shape.reduce(1, *) == values.count, "writeTensor: \(values.count) values for shape \(shape)")
        var dims = shape.map { hsize_t($0) }
        let sid = shape.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(shape.count), &dims, nil)
        let space = try H5ID(sid, closer: H5Sclose, or: "cannot create a dataspace for \(p)")
        let dcpl = try H5ID(H5Pcreate(nnb_H5P_DATASET_CREATE()), closer: H5Pclose, or: "cannot create a property list for \(p)")
        if !shape.isEmpty && !values.isEmpty {
            guard H5Pset_chunk(dcpl.id, Int32(shape.count), &dims) >= 0, H5Pset_fletcher32(dcpl.id) >= 0 else {
                throw H5Failure("cannot chunk \(p)")
            }
        }
        let ds = try H5ID(H5Dcreate2(id, name, nnb_H5T_IEEE_F32LE(), space.id, nnb_H5P_DEFAULT(), dcpl.id, nnb_H5P_DEFAULT()),
                          closer: H5Dclose, or: "cannot create dataset \(p)")
        if !values.isEmpty {
            let status = values.withUnsafeBufferPointer {
                H5Dwrite(ds.id, nnb_H5T_NATIVE_FLOAT(), nnb_H5S_ALL(), nnb_H5S_ALL(), nnb_H5P_DEFAULT(), $0.baseAddress)
            }
            guard status >= 0 else { throw H5Failure("cannot write dataset \(p)") }
        }
        return H5Object(handle: ds, path: p)
    }

    // MARK: - Reading (self is a dataset)

    /// The dataset's dimensions ([] for a scalar).
    func shape() throws(H5Failure) -> [Int] {
        let space = try H5ID(H5Dget_space(id), closer: H5Sclose, or: "cannot read the dataspace of \(path)")
        let rank = H5Sget_simple_extent_ndims(space.id)
        guard rank >= 0 else { throw H5Failure("cannot read the rank of \(path)") }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        guard rank == 0 || H5Sget_simple_extent_dims(space.id, &dims, nil) == rank else {
            throw H5Failure("cannot read the dimensions of \(path)")
        }
        return dims.map { Int($0) }
    }

    /// The whole dataset converted to `T` (HDF5 converts from the stored type).
    private func readAll<T>(_ memoryType: hid_t, zero: T) throws(H5Failure) -> (shape: [Int], values: [T]) {
        let dims = try shape()
        let count = dims.reduce(1, *)
        var values = [T](repeating: zero, count: count)
        if count > 0 {
            let status = values.withUnsafeMutableBufferPointer {
                H5Dread(id, memoryType, nnb_H5S_ALL(), nnb_H5S_ALL(), nnb_H5P_DEFAULT(), $0.baseAddress)
            }
            guard status >= 0 else { throw H5Failure("cannot read dataset \(path) (truncated or corrupt?)") }
        }
        return (dims, values)
    }

    /// A 1-D float64 dataset.
    func readSeries() throws(H5Failure) -> [Double] {
        let (dims, values) = try readAll(nnb_H5T_NATIVE_DOUBLE(), zero: 0.0)
        guard dims.count == 1 else { throw H5Failure("dataset \(path) has rank \(dims.count), expected 1") }
        return values
    }

    /// A 1-D integer dataset (read as int64).
    func readIntSeries() throws(H5Failure) -> [Int] {
        let (dims, values) = try readAll(nnb_H5T_NATIVE_INT64(), zero: Int64(0))
        guard dims.count == 1 else { throw H5Failure("dataset \(path) has rank \(dims.count), expected 1") }
        return values.map { Int($0) }
    }

    /// A float32 dataset of any rank.
    func readTensor() throws(H5Failure) -> (shape: [Int], values: [Float]) {
        try readAll(nnb_H5T_NATIVE_FLOAT(), zero: Float(0))
    }
}
