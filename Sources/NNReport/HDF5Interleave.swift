import NNResults

// MARK: - Lockstep measurements: root attributes `interleave_id`, `interleave_side`, `interleave_sides`

extension HDF5Store {
    /// Root attributes of one side of a lockstep measurement (`nnbench run --against`); absent in
    /// a run measured on its own.
    static func writeInterleave(_ i: Interleave?, _ root: H5Object) throws(H5Failure) {
        guard let i else { return }
        try root.setAttribute("interleave_id", i.id)
        try root.setAttribute("interleave_side", i.side)
        try root.setAttribute("interleave_sides", i.sides.joined(separator: ","))
    }

    static func readInterleave(_ root: H5Object) throws(H5Failure) -> Interleave? {
        guard try root.hasAttribute("interleave_id") else { return nil }
        return Interleave(id: try root.string("interleave_id"), side: try root.string("interleave_side"),
                          sides: try root.string("interleave_sides").split(separator: ",").map(String.init))
    }
}
