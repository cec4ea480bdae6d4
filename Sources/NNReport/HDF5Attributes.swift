import CHDF5

// MARK: - Scalar attributes: float64, int64, uint64, uint8 (booleans) and UTF-8 strings

/// A variable-length UTF-8 string type (caller closes it).
func variableStringType() throws(H5Failure) -> H5ID {
    let t = try H5ID(H5Tcopy(nnb_H5T_C_S1()), closer: H5Tclose, or: "cannot create a string type")
    guard H5Tset_size(t.id, nnb_H5T_VARIABLE()) >= 0, H5Tset_cset(t.id, H5T_CSET_UTF8) >= 0 else {
        throw H5Failure("cannot create a string type")
    }
    return t
}

extension H5Object {
    // MARK: - Writing

    /// Creates scalar attribute `name` of `fileType` and writes `value` (in `memoryType`) into it.
    private func writeScalar(_ name: String, fileType: hid_t, memoryType: hid_t,
                             _ value: UnsafeRawPointer) throws(H5Failure) {
        let what = "attribute '\(name)' of \(path)"
        let space = try H5ID(H5Screate(H5S_SCALAR), closer: H5Sclose, or: "cannot create a dataspace for \(what)")
        let attr = try H5ID(H5Acreate2(id, name, fileType, space.id, nnb_H5P_DEFAULT(), nnb_H5P_DEFAULT()),
                            closer: H5Aclose, or: "cannot create \(what)")
        guard H5Awrite(attr.id, memoryType, value) >= 0 else { throw H5Failure("cannot write \(what)") }
    }

    func setAttribute(_ name: String, _ value: Double) throws(H5Failure) {
        var v = value
        try writeScalar(name, fileType: nnb_H5T_IEEE_F64LE(), memoryType: nnb_H5T_NATIVE_DOUBLE(), &v)
    }

    func setAttribute(_ name: String, _ value: Int) throws(H5Failure) {
        var v = Int64(value)
        try writeScalar(name, fileType: nnb_H5T_STD_I64LE(), memoryType: nnb_H5T_NATIVE_INT64(), &v)
    }

    func setAttribute(_ name: String, _ value: UInt64) throws(H5Failure) {
        var v = value
        try writeScalar(name, fileType: nnb_H5T_STD_U64LE(), memoryType: nnb_H5T_NATIVE_UINT64(), &v)
    }

    /// Booleans are stored as uint8 0 or 1.
    func setAttribute(_ name: String, _ value: Bool) throws(H5Failure) {
        var v: UInt8 = value ? 1 : 0
        try writeScalar(name, fileType: nnb_H5T_STD_U8LE(), memoryType: nnb_H5T_NATIVE_UINT8(), &v)
    }

    /// Strings are stored as fixed-length UTF-8 (null-padded, exactly the string's bytes).
    /// Fixed length keeps them inside the checksummed object header; variable-length strings
    /// live in HDF5's global heap, which is not checksummed, and HDF5 1.10 crashes on reading a
    /// damaged one.
    func setAttribute(_ name: String, _ value: String) throws(H5Failure) {
        let bytes = Array(value.utf8)
        let t = try H5ID(H5Tcopy(nnb_H5T_C_S1()), closer: H5Tclose, or: "cannot create a string type")
        guard H5Tset_size(t.id, max(1, bytes.count)) >= 0, H5Tset_cset(t.id, H5T_CSET_UTF8) >= 0,
              H5Tset_strpad(t.id, H5T_STR_NULLPAD) >= 0 else {
            throw H5Failure("cannot create a string type for attribute '\(name)' of \(path)")
        }
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, bytes.count))
        defer { buffer.deallocate() }
        buffer[0] = 0
        for i in bytes.indices { buffer[i] = bytes[i] }
        try writeScalar(name, fileType: t.id, memoryType: t.id, buffer)
    }

    // MARK: - Reading

    /// The names of this object's attributes, in name order.
    func attributeNames() throws(H5Failure) -> [String] {
        let n = nnb_num_attrs(id)
        guard n >= 0 else { throw H5Failure("cannot list the attributes of \(path)") }
        var names: [String] = []
        for i in 0..<hsize_t(n) {
            names.append(try Self.readName(what: "an attribute name of \(path)") { buf, size in
                H5Aget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, buf, size, nnb_H5P_DEFAULT())
            })
        }
        return names
    }

    /// Whether attribute `name` exists; throws when the object header cannot be read.
    func hasAttribute(_ name: String) throws(H5Failure) -> Bool {
        let r = H5Aexists(id, name)
        guard r >= 0 else { throw H5Failure("cannot read the attributes of \(path)") }
        return r > 0
    }

    /// Opens attribute `name` and checks that its stored type is of `expected` class.
    private func openAttribute(_ name: String, _ expected: H5T_class_t, _ kind: String) throws(H5Failure) -> H5ID {
        let what = "attribute '\(name)' of \(path)"
        guard try hasAttribute(name) else { throw H5Failure("missing \(what)") }
        let attr = try H5ID(H5Aopen(id, name, nnb_H5P_DEFAULT()), closer: H5Aclose, or: "cannot open \(what)")
        let type = try H5ID(H5Aget_type(attr.id), closer: H5Tclose, or: "cannot read the type of \(what)")
        guard H5Tget_class(type.id) == expected else { throw H5Failure("\(what) is not \(kind)") }
        return attr
    }

    private func readScalar<T: BitwiseCopyable>(_ name: String, _ cls: H5T_class_t, _ kind: String, _ memoryType: hid_t,
                               _ initial: T) throws(H5Failure) -> T {
        let attr = try openAttribute(name, cls, kind)
        var v = initial
        guard H5Aread(attr.id, memoryType, &v) >= 0 else {
            throw H5Failure("cannot read attribute '\(name)' of \(path)")
        }
        return v
    }

    func double(_ name: String) throws(H5Failure) -> Double {
        try readScalar(name, H5T_FLOAT, "a float", nnb_H5T_NATIVE_DOUBLE(), 0.0)
    }

    func int(_ name: String) throws(H5Failure) -> Int {
        Int(try readScalar(name, H5T_INTEGER, "an integer", nnb_H5T_NATIVE_INT64(), Int64(0)))
    }

    func uint64(_ name: String) throws(H5Failure) -> UInt64 {
        try readScalar(name, H5T_INTEGER, "an integer", nnb_H5T_NATIVE_UINT64(), UInt64(0))
    }

    func bool(_ name: String) throws(H5Failure) -> Bool {
        try readScalar(name, H5T_INTEGER, "an integer", nnb_H5T_NATIVE_UINT8(), UInt8(0)) != 0
    }

    /// A string attribute, fixed-length (as nnbench writes) or variable-length.
    func string(_ name: String) throws(H5Failure) -> String {
        let what = "attribute '\(name)' of \(path)"
        let attr = try openAttribute(name, H5T_STRING, "a string")
        let stored = try H5ID(H5Aget_type(attr.id), closer: H5Tclose, or: "cannot read the type of \(what)")
        if H5Tis_variable_str(stored.id) > 0 {
            let t = try variableStringType()
            var pointer: UnsafeMutablePointer<CChar>? = nil
            guard H5Aread(attr.id, t.id, &pointer) >= 0 else { throw H5Failure("cannot read \(what)") }
            defer { if let p = pointer { H5free_memory(p) } }
            return pointer.map { String(cString: $0) } ?? ""
        }
        // Read the stored bytes as they are (same size, padding and character set: HDF5 does
        // not convert between ASCII and UTF-8), then cut at the first null.
        let size = H5Tget_size(stored.id)
        var buf = [UInt8](repeating: 0, count: max(size, 1))
        guard size > 0, H5Aread(attr.id, stored.id, &buf) >= 0 else { throw H5Failure("cannot read \(what)") }
        return String(decoding: buf.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// A string attribute that must name a value of `type` (a mode, a task).
    func enumeration<T: RawRepresentable>(_ name: String, _ type: T.Type) throws(H5Failure) -> T where T.RawValue == String {
        let s = try string(name)
        guard let v = T(rawValue: s) else { throw H5Failure("attribute '\(name)' of \(path): unknown value '\(s)'") }
        return v
    }
}
