import CHDF5

// MARK: - Integer datasets aligned with samples: worker and round indices, disturbance flags

extension H5Object {
    /// Writes `values` as a 1-D dataset of `fileType` (chunked, Fletcher-32) from memory of
    /// `memoryType`.
    private func writeIntegers<T>(_ name: String, _ values: [T], fileType: hid_t, memoryType: hid_t) throws(H5Failure) {
        let p = childPath(name)
        var dims = [hsize_t(values.count)]
        var chunk = [hsize_t(max(1, min(values.count, 4096)))]
        let space = try H5ID(H5Screate_simple(1, &dims, nil), closer: H5Sclose, or: "cannot create a dataspace for \(p)")
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

    /// Writes `values` as a 1-D int64 dataset.
    func writeInt64Series(_ name: String, _ values: [Int]) throws(H5Failure) {
        try writeIntegers(name, values.map { Int64($0) }, fileType: nnb_H5T_STD_I64LE(), memoryType: nnb_H5T_NATIVE_INT64())
    }

    /// Writes `values` as a 1-D uint8 dataset of 0/1.
    func writeFlagSeries(_ name: String, _ values: [Bool]) throws(H5Failure) {
        try writeIntegers(name, values.map { UInt8($0 ? 1 : 0) }, fileType: nnb_H5T_STD_U8LE(), memoryType: nnb_H5T_NATIVE_UINT8())
    }

    /// A 1-D integer dataset (self is the dataset), converted to Int.
    func readInt64Series() throws(H5Failure) -> [Int] {
        let dims = try shape()
        guard dims.count == 1 else { throw H5Failure("dataset \(path) has rank \(dims.count), expected 1") }
        var values = [Int64](repeating: 0, count: dims[0])
        if !values.isEmpty {
            let status = values.withUnsafeMutableBufferPointer {
                H5Dread(id, nnb_H5T_NATIVE_INT64(), nnb_H5S_ALL(), nnb_H5S_ALL(), nnb_H5P_DEFAULT(), $0.baseAddress)
            }
            guard status >= 0 else { throw H5Failure("cannot read dataset \(path) (truncated or corrupt?)") }
        }
        return values.map { Int($0) }
    }
}
