import CHDF5
import NNResults

// MARK: - /summary: one compound row per benchmark, for h5py and pandas

extension HDF5Store {
    /// The `/summary` rows of `run` (`SummaryTable`, the same rows `nnbench export` writes).
    static func summaryRows(_ run: RunResult) -> [[SummaryTable.Value]] { SummaryTable.rows(run) }

    /// The packed compound type of a row, columns in `SummaryTable.columns` order: fixed-length
    /// UTF-8 strings `widths[i]` bytes wide (no global heap, see `setAttribute(_:_:)`), int64
    /// counts and float64 reals.
    static func summaryType(widths: [Int]) throws(H5Failure) -> (type: H5ID, rowBytes: Int) {
        let rowBytes = widths.reduce(0, +)
        let t = try H5ID(H5Tcreate(H5T_COMPOUND, rowBytes), closer: H5Tclose, or: "cannot create the summary type")
        var offset = 0
        for (c, width) in zip(SummaryTable.columns, widths) {
            let type: hid_t
            var string: H5ID?
            switch c.kind {
            case .string:
                let s = try H5ID(H5Tcopy(nnb_H5T_C_S1()), closer: H5Tclose, or: "cannot create a string type")
                guard H5Tset_size(s.id, width) >= 0, H5Tset_cset(s.id, H5T_CSET_UTF8) >= 0,
                      H5Tset_strpad(s.id, H5T_STR_NULLPAD) >= 0 else { throw H5Failure("cannot create a string type") }
                string = s
                type = s.id
            case .int: type = nnb_H5T_NATIVE_INT64()
            case .float: type = nnb_H5T_NATIVE_DOUBLE()
            }
            guard H5Tinsert(t.id, c.name, offset, type) >= 0 else { throw H5Failure("cannot add summary column \(c.name)") }
            _ = string
            offset += width
        }
        return (t, rowBytes)
    }

    /// Writes `/summary`: chunked, extendable and Fletcher-32 checksummed like `samples_ns`.
    static func writeSummary(_ run: RunResult, _ root: H5Object) throws(H5Failure) {
        let rows = summaryRows(run)
        let widths = SummaryTable.columns.indices.map { c -> Int in
            guard SummaryTable.columns[c].kind == .string else { return 8 }
            return max(1, rows.map { row -> Int in
                if case .string(let s) = row[c] { return s.utf8.count }
                return 0
            }.max() ?? 1)
        }
        let (type, rowBytes) = try summaryType(widths: widths)
        var dims = [hsize_t(rows.count)], maxDims = [nnb_H5S_UNLIMITED()], chunk = [hsize_t(max(1, rows.count))]
        let space = try H5ID(H5Screate_simple(1, &dims, &maxDims), closer: H5Sclose, or: "cannot create the summary dataspace")
        let dcpl = try H5ID(H5Pcreate(nnb_H5P_DATASET_CREATE()), closer: H5Pclose, or: "cannot create a property list")
        guard H5Pset_chunk(dcpl.id, 1, &chunk) >= 0, H5Pset_fletcher32(dcpl.id) >= 0 else {
            throw H5Failure("cannot chunk /summary")
        }
        let ds = try H5ID(H5Dcreate2(root.id, "summary", type.id, space.id, nnb_H5P_DEFAULT(), dcpl.id, nnb_H5P_DEFAULT()),
                          closer: H5Dclose, or: "cannot create dataset /summary")
        guard !rows.isEmpty else { return }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: rows.count * rowBytes, alignment: 8)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        for (r, row) in rows.enumerated() {
            var offset = r * rowBytes
            for (value, width) in zip(row, widths) {
                switch value {
                case .string(let s): for (i, byte) in s.utf8.enumerated() { buffer[offset &+ i] = byte }
                case .int(let i): buffer.storeBytes(of: Int64(i), toByteOffset: offset, as: Int64.self)
                case .float(let f): buffer.storeBytes(of: f, toByteOffset: offset, as: Double.self)
                }
                offset += width
            }
        }
        guard H5Dwrite(ds.id, type.id, nnb_H5S_ALL(), nnb_H5S_ALL(), nnb_H5P_DEFAULT(), buffer.baseAddress) >= 0 else {
            throw H5Failure("cannot write dataset /summary")
        }
    }
}
