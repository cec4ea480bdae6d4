// MARK: - The bytes of an in-memory HDF5 file, made valid to write out

/// HDF5 1.10.8's `H5Fget_file_image` clears the "open for writing" flags of a version 2/3
/// superblock in the copy it returns but leaves the checksum computed over the flags as they
/// were, so the image fails its own checksum when opened ("incorrect metadata checksum"). This
/// recomputes the superblock checksum (Jenkins' lookup3, HDF5's metadata checksum) over the
/// bytes as returned. Harmless where the library is fixed: the checksum is then unchanged.
enum HDF5FileImage {
    /// Fixes the superblock checksum of `image` in place; false when the image does not start
    /// with a version 2 or 3 superblock (nothing is changed then).
    @discardableResult
    static func repairSuperblockChecksum(_ image: inout [UInt8]) -> Bool {
        let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]
        guard image.count >= 12, Array(image[0..<8]) == signature, image[8] == 2 || image[8] == 3 else { return false }
        // signature, version, size of offsets, size of lengths, flags; then four addresses.
        let covered = 12 + 4 * Int(image[9])
        guard image.count >= covered + 4 else { return false }
        let sum = lookup3(image[0..<covered])
        for i in 0..<4 { image[covered + i] = UInt8(truncatingIfNeeded: sum >> (8 * UInt32(i))) }
        return true
    }

    /// Bob Jenkins' lookup3 `hashlittle` (byte-wise), initial value 0, as `H5_checksum_lookup3`.
    static func lookup3(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        let k = Array(bytes)
        var a: UInt32 = 0xdeadbeef &+ UInt32(truncatingIfNeeded: k.count)
        var b = a, c = a
        func word(_ i: Int, _ n: Int) -> UInt32 {   // n bytes from i, little-endian
            var w: UInt32 = 0
            for j in 0..<n { w |= UInt32(k[i &+ j]) << (8 * UInt32(j)) }
            return w
        }
        func rot(_ x: UInt32, _ r: UInt32) -> UInt32 { (x << r) | (x >> (32 - r)) }
        var i = 0, left = k.count
        while left > 12 {
            a &+= word(i, 4); b &+= word(i &+ 4, 4); c &+= word(i &+ 8, 4)
            a &-= c; a ^= rot(c, 4); c &+= b
            b &-= a; b ^= rot(a, 6); a &+= c
            c &-= b; c ^= rot(b, 8); b &+= a
            a &-= c; a ^= rot(c, 16); c &+= b
            b &-= a; b ^= rot(a, 19); a &+= c
            c &-= b; c ^= rot(b, 4); b &+= a
            i &+= 12; left &-= 12
        }
        if left == 0 { return c }
        a &+= word(i, min(left, 4))
        if left > 4 { b &+= word(i &+ 4, min(left &- 4, 4)) }
        if left > 8 { c &+= word(i &+ 8, left &- 8) }
        c ^= b; c &-= rot(b, 14)
        a ^= c; a &-= rot(c, 11)
        b ^= a; b &-= rot(a, 25)
        c ^= b; c &-= rot(b, 16)
        a ^= c; a &-= rot(c, 4)
        b ^= a; b &-= rot(a, 14)
        c ^= b; c &-= rot(b, 24)
        return c
    }
}
