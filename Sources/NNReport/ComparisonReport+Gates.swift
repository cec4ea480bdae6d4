import NNResults

// MARK: - Which gates judged, and the instruction counts

extension ComparisonReport {
    /// One line: each gate and whether it was used (`Gates: timing used · …`).
    public static func gatesLine(_ c: Comparison) -> String {
        "Gates: timing \(c.timingGate.description) · exact counters used · "
            + "instructions per step \(c.instructionGate.description)"
            + (c.instructionGate == .used ? " (tolerance \(percent(c.instructions.first?.tolerance ?? 0)))" : "")
    }

    /// The instruction counts that changed, or a line saying none did (empty when not judged).
    static func instructionTable(_ c: Comparison) -> String {
        guard c.instructionGate == .used else { return "" }
        let changed = c.instructions.filter { $0.base != $0.head }
        guard !changed.isEmpty else {
            return "Instructions per step: \(c.instructions.count) benchmarks counted in both runs, all identical.\n\n"
        }
        var out = "## Instructions per step (callgrind)\n\n| benchmark | base | head | change | |\n|---|---:|---:|---:|---|\n"
        for i in changed {
            let verdict = i.regressed ? "**regression**" : (i.improved ? "improvement" : "within tolerance")
            out += "| \(i.key) | \(i.base) | \(i.head) | \(percent(i.change)) | \(verdict) |\n"
        }
        return out + "\n\(c.instructions.count - changed.count) of \(c.instructions.count) counted benchmarks identical.\n\n"
    }
}
