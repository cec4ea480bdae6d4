import Foundation

// MARK: - Does a benchmark fit in this machine's memory?

extension WorkloadSpec {
    /// This machine's physical memory in bytes: the default limit of every memory check.
    public static var physicalMemory: Double { Double(ProcessInfo.processInfo.physicalMemory) }

    /// Refuses a batch size given outside the file (`nnbench graph --batch N`) that would need
    /// more memory than `memoryLimit`, with the same "too large for this machine" wording the
    /// loader uses for `batch_sizes`; `option` names where the value came from ("--batch").
    public func checkFits(batch: Int, option: String, memoryLimit: Double = WorkloadSpec.physicalMemory) throws(WorkloadError) {
        let need = MemoryEstimate.bytes(model, batch: batch, sequenceLength: stream?.maxLength ?? sequenceLength ?? 1)
        guard need > memoryLimit else { return }
        throw WorkloadError(file: path, field: "\(option) \(batch)", reason: MemoryEstimate.tooLarge(need, memoryLimit))
    }
}

extension MemoryEstimate {
    /// "too large for this machine: it would need about 823.1 GiB, more than its 23.4 GiB".
    static func tooLarge(_ need: Double, _ limit: Double) -> String {
        "too large for this machine: it would need about \(gib(need)) GiB, more than its \(gib(limit)) GiB"
    }

    static func gib(_ bytes: Double) -> String { String(format: "%.1f", bytes / 1_073_741_824) }
}
