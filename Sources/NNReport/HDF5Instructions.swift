import NNResults

// MARK: - Instruction counts: per benchmark `instructions_per_step`, the conditions at the root

extension HDF5Store {
    /// The benchmark attribute holding instructions per step (int64; absent when not counted).
    static let instructionsAttribute = "instructions_per_step"

    /// Root attributes `instructions_coretype`, `instructions_glibc`, `instructions_cpu_class`,
    /// `instructions_valgrind`, `instructions_counted_steps` (all absent when nothing was counted).
    static func writeInstructionHost(_ host: InstructionHost?, _ root: H5Object) throws(H5Failure) {
        guard let host else { return }
        try root.setAttribute("instructions_coretype", host.coretype)
        try root.setAttribute("instructions_glibc", host.glibcVersion)
        try root.setAttribute("instructions_cpu_class", host.cpuClass)
        try root.setAttribute("instructions_valgrind", host.valgrindVersion)
        try root.setAttribute("instructions_counted_steps", host.countedSteps)
    }

    static func readInstructionHost(_ root: H5Object) throws(H5Failure) -> InstructionHost? {
        guard try root.hasAttribute("instructions_coretype") else { return nil }
        return InstructionHost(
            coretype: try root.string("instructions_coretype"), glibcVersion: try root.string("instructions_glibc"),
            cpuClass: try root.string("instructions_cpu_class"), valgrindVersion: try root.string("instructions_valgrind"),
            countedSteps: try root.int("instructions_counted_steps"))
    }

    static func writeInstructions(_ b: BenchmarkResult, _ g: H5Object) throws(H5Failure) {
        if let n = b.instructionsPerStep { try g.setAttribute(instructionsAttribute, n) }
    }

    static func readInstructions(_ g: H5Object) throws(H5Failure) -> Int? {
        try g.hasAttribute(instructionsAttribute) ? try g.int(instructionsAttribute) : nil
    }
}
