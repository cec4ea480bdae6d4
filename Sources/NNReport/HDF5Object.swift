import CHDF5

// MARK: - A thin, throwing Swift layer over the HDF5 C API (groups, files, enumeration)

/// A failed HDF5 call, with what was being done; `HDF5Store` turns it into a `ReportFileError`.
struct H5Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Silences HDF5's error-stack printer on the calling thread (the setting is per thread).
func silenceHDF5Errors() {
    _ = H5Eset_auto2(nnb_H5E_DEFAULT(), nil, nil)
}

/// Empties the calling thread's error stack, so entries of a failed call do not linger on a
/// pooled thread after the store has turned them into a `ReportFileError`.
func clearHDF5Errors() {
    _ = H5Eclear2(nnb_H5E_DEFAULT())
}

/// An HDF5 identifier that closes itself when the last reference goes away.
final class H5ID {
    let id: hid_t
    private let closer: (hid_t) -> herr_t
    private var closed = false

    /// Wraps `id`, or throws `reason` when the call that produced it failed (negative id).
    init(_ id: hid_t, closer: @escaping (hid_t) -> herr_t, or reason: @autoclosure () -> String) throws(H5Failure) {
        guard id >= 0 else { throw H5Failure(reason()) }
        self.id = id
        self.closer = closer
    }

    /// Closes now and reports failure (a file's close flushes it, so its result matters).
    func close() throws(H5Failure) {
        guard !closed else { return }
        closed = true
        guard closer(id) >= 0 else { throw H5Failure("cannot close (flush) the file") }
    }

    deinit { if !closed { _ = closer(id) } }
}

/// A file, group or dataset: something that holds attributes, named by its path for messages.
struct H5Object {
    let handle: H5ID
    let path: String
    var id: hid_t { handle.id }

    // MARK: - Files

    /// Creates a file in memory (HDF5's core driver, no backing store): nothing touches the
    /// disk until `fileImage()` is written out by the caller, so a full or failing disk is an
    /// ordinary write error and never leaves HDF5 with a file it cannot close. `name` only
    /// identifies the file inside HDF5 (it must be unique among open files). The root group is
    /// the returned object.
    static func createFile(_ name: String) throws(H5Failure) -> H5Object {
        let fapl = try H5ID(H5Pcreate(nnb_H5P_FILE_ACCESS()), closer: H5Pclose, or: "cannot create a file-access list")
        guard H5Pset_fapl_core(fapl.id, 1 << 20, false) >= 0 else { throw H5Failure("cannot select the in-memory driver") }
        // Strong close: closing the file closes everything in it, so the rename that follows
        // never publishes a file with unflushed objects.
        _ = H5Pset_fclose_degree(fapl.id, H5F_CLOSE_STRONG)
        // The HDF5 1.10 file format (read by HDF5 >= 1.10, h5py 3, h5dump) checksums all its
        // metadata, chunk indexes included, so a damaged file fails with an error on reading
        // instead of crashing the reader or quietly reading fill values.
        guard H5Pset_libver_bounds(fapl.id, H5F_LIBVER_V110, H5F_LIBVER_V110) >= 0 else {
            throw H5Failure("cannot select the HDF5 1.10 file format")
        }
        let f = try H5ID(H5Fcreate(name, nnb_H5F_ACC_TRUNC(), nnb_H5P_DEFAULT(), fapl.id), closer: H5Fclose,
                         or: "cannot create the file")
        return H5Object(handle: f, path: "/")
    }

    /// The bytes of a file made by `createFile` (self is its root), after flushing it.
    func fileImage() throws(H5Failure) -> [UInt8] {
        guard H5Fflush(id, H5F_SCOPE_GLOBAL) >= 0 else { throw H5Failure("cannot flush the file") }
        let size = H5Fget_file_image(id, nil, 0)
        guard size > 0 else { throw H5Failure("cannot read the file image") }
        var bytes = [UInt8](repeating: 0, count: size)
        let got = bytes.withUnsafeMutableBytes { H5Fget_file_image(id, $0.baseAddress, size) }
        guard got == size else { throw H5Failure("cannot read the file image") }
        HDF5FileImage.repairSuperblockChecksum(&bytes)
        return bytes
    }

    /// Opens a file read-only; its root group is the returned object.
    static func openFile(_ path: String) throws(H5Failure) -> H5Object {
        let fapl = try H5ID(H5Pcreate(nnb_H5P_FILE_ACCESS()), closer: H5Pclose, or: "cannot create a file-access list")
        // Strong close: objects of a damaged file that fail to close are closed with the file.
        _ = H5Pset_fclose_degree(fapl.id, H5F_CLOSE_STRONG)
        let f = try H5ID(H5Fopen(path, nnb_H5F_ACC_RDONLY(), fapl.id), closer: H5Fclose,
                         or: H5Fis_hdf5(path) > 0 ? "truncated or corrupt HDF5 file (cannot open it)"
                                                   : "not an HDF5 file (no HDF5 signature), or a truncated one")
        return H5Object(handle: f, path: "/")
    }

    // MARK: - Groups

    /// The path of child `name` below this object.
    func childPath(_ name: String) -> String { path == "/" ? "/" + name : path + "/" + name }

    /// Whether this group has a link called `name` (one level, no slashes); throws when the
    /// group cannot be read.
    func has(_ name: String) throws(H5Failure) -> Bool {
        let r = H5Lexists(id, name, nnb_H5P_DEFAULT())
        guard r >= 0 else { throw H5Failure("cannot read group \(path)") }
        return r > 0
    }

    /// Opens the group at `relative` (slash-separated), creating missing levels when `create`.
    /// Walks one level at a time: `H5Lexists` fails on a nested path whose parent is missing.
    func group(_ relative: String, create: Bool = false) throws(H5Failure) -> H5Object {
        var current = self
        for name in relative.split(separator: "/", omittingEmptySubsequences: true).map(String.init) {
            let path = current.childPath(name)
            let gid: hid_t
            if try current.has(name) {
                gid = H5Gopen2(current.id, name, nnb_H5P_DEFAULT())
            } else if create {
                gid = H5Gcreate2(current.id, name, nnb_H5P_DEFAULT(), nnb_H5P_DEFAULT(), nnb_H5P_DEFAULT())
            } else {
                throw H5Failure("missing group \(path)")
            }
            current = H5Object(handle: try H5ID(gid, closer: H5Gclose, or: "cannot open group \(path)"), path: path)
        }
        return current
    }

    /// Opens the dataset `name` of this group.
    func dataset(_ name: String) throws(H5Failure) -> H5Object {
        let p = childPath(name)
        guard try has(name) else { throw H5Failure("missing dataset \(p)") }
        return H5Object(handle: try H5ID(H5Dopen2(id, name, nnb_H5P_DEFAULT()), closer: H5Dclose,
                                         or: "cannot open dataset \(p)"), path: p)
    }

    /// The names of this group's links, in name order.
    func children() throws(H5Failure) -> [String] {
        let n = nnb_num_links(id)
        guard n >= 0 else { throw H5Failure("cannot list group \(path)") }
        var names: [String] = []
        for i in 0..<hsize_t(n) {
            let name = try Self.readName(what: "a link name in \(path)") { buf, size in
                H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, buf, size, nnb_H5P_DEFAULT())
            }
            names.append(name)
        }
        return names
    }

    /// The groups exactly `depth` levels below this one (1: the children), in name order.
    func groups(levelsBelow depth: Int) throws(H5Failure) -> [H5Object] {
        precondition(depth >= 1, "groups(levelsBelow:) needs a depth of at least 1")
        var out: [H5Object] = []
        for name in try children() {
            let g = try group(name)
            out += depth == 1 ? [g] : try g.groups(levelsBelow: depth - 1)
        }
        return out
    }

    /// Calls `get` twice (length, then text), the HDF5 idiom for names of unknown length.
    static func readName(what: String, _ get: (UnsafeMutablePointer<CChar>?, Int) -> Int) throws(H5Failure) -> String {
        let length = get(nil, 0)
        guard length >= 0 else { throw H5Failure("cannot read \(what)") }
        var buf = [CChar](repeating: 0, count: length + 1)
        guard buf.withUnsafeMutableBufferPointer({ get($0.baseAddress, length + 1) }) >= 0 else {
            throw H5Failure("cannot read \(what)")
        }
        return String(decoding: buf.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

// MARK: - Objects stored with an `index` attribute

/// The values of `found` in `index` order. nnbench stores lists as named groups or datasets, each
/// with an int64 `index` attribute; reading puts them back in that order.
/// - Throws: unless the indices are exactly 0..<count (`what` names the objects, e.g. "the
///   benchmark groups").
func inIndexOrder<T>(_ found: [(index: Int, value: T)], _ what: String) throws(H5Failure) -> [T] {
    let sorted = found.sorted { $0.index < $1.index }
    guard sorted.map(\.index) == Array(sorted.indices) else {
        throw H5Failure("the index attributes of \(what) are not 0..<\(sorted.count)")
    }
    return sorted.map(\.value)
}
