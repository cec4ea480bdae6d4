import NNResults

// MARK: - Schema v2: worker and round of every sample, disturbed rounds, threads

extension HDF5Store {
    /// `sample_worker`, `sample_round` (int64) and `sample_disturbed` (uint8) aligned with
    /// `samples_ns` (written only when known for every sample), and the attributes `workers`,
    /// `threads`, `rounds_total`, `rounds_disturbed`, `rounds_retaken`.
    static func writeWorkerFields(_ b: BenchmarkResult, _ g: H5Object) throws(H5Failure) {
        let n = b.samplesNs.count
        for (name, count) in [("sample_worker", b.sampleWorkers.count), ("sample_round", b.sampleRounds.count),
                              ("sample_disturbed", b.sampleDisturbed.count)] where count != 0 && count != n {
            throw H5Failure("\(b.groupPath): \(name) has \(count) entries for \(n) samples")
        }
        if !b.sampleWorkers.isEmpty { try g.writeInt64Series("sample_worker", b.sampleWorkers) }
        if !b.sampleRounds.isEmpty { try g.writeInt64Series("sample_round", b.sampleRounds) }
        if !b.sampleDisturbed.isEmpty { try g.writeFlagSeries("sample_disturbed", b.sampleDisturbed) }
        try g.setAttribute("workers", b.workers)
        try g.setAttribute("threads", b.threads)
        try g.setAttribute("rounds_total", b.roundsTotal)
        try g.setAttribute("rounds_disturbed", b.roundsDisturbed)
        try g.setAttribute("rounds_retaken", b.roundsRetaken)
    }

    /// Reads what `writeWorkerFields` wrote; a dataset whose length differs from the samples'
    /// is a damaged file.
    static func readWorkerFields(_ g: H5Object, into b: inout BenchmarkResult) throws(H5Failure) {
        let n = b.samplesNs.count
        func series(_ name: String) throws(H5Failure) -> [Int] {
            guard try g.has(name) else { return [] }
            let v = try g.dataset(name).readInt64Series()
            guard v.count == n else { throw H5Failure("\(g.path)/\(name) has \(v.count) entries for \(n) samples") }
            return v
        }
        b.sampleWorkers = try series("sample_worker")
        b.sampleRounds = try series("sample_round")
        b.sampleDisturbed = try series("sample_disturbed").map { $0 != 0 }
        // Added within schema 2 (issue 11): absent in the first schema-2 files (0 = unknown).
        func int(_ name: String) throws(H5Failure) -> Int { try g.hasAttribute(name) ? try g.int(name) : 0 }
        b.workers = try int("workers")
        b.threads = try int("threads")
        b.roundsTotal = try int("rounds_total")
        b.roundsDisturbed = try int("rounds_disturbed")
        b.roundsRetaken = try int("rounds_retaken")
    }
}
