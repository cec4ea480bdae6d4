import CHDF5
import NNResults

// MARK: - /summary: one compound row per benchmark, for h5py and pandas

/// One row of `/summary`: derived figures of one benchmark (NaN where one does not apply).
struct SummaryRow: Equatable {
    var workload: String, mode: String, task: String
    var batch: Int, sequenceLength: Int
    var medianNs: Double, ciLowNs: Double, ciHighNs: Double, madNs: Double, minNs: Double
    var samplesPerS: Double, gflops: Double, pctPeak: Double
    var allocationsPerStep: Double, firstStepS: Double

    /// The row of `b`: its `Summary`, the same figures the Markdown report shows;
    /// `peakGflops` is the run's measured sgemm peak (0 when not measured).
    /// A benchmark without samples gets NaN for every timing figure.
    init(_ b: BenchmarkResult, peakGflops: Double) {
        workload = b.workload; mode = b.modeLabel; task = b.task.rawValue
        batch = b.batch; sequenceLength = b.sequenceLength
        allocationsPerStep = b.counters[.allocationsPerStep] ?? .nan
        firstStepS = b.phases[.firstStep] ?? .nan
        guard !b.samplesNs.isEmpty else {
            (medianNs, ciLowNs, ciHighNs, madNs, minNs) = (.nan, .nan, .nan, .nan, .nan)
            (samplesPerS, gflops, pctPeak) = (.nan, .nan, .nan)
            return
        }
        let s = Summary(b, peakGflops: peakGflops)
        medianNs = s.median.estimate
        (ciLowNs, ciHighNs) = (s.median.low, s.median.high)
        madNs = s.stats.mad
        minNs = s.stats.min
        samplesPerS = s.samplesPerSecond
        gflops = s.gflops
        pctPeak = s.percentOfPeak ?? .nan
    }

    /// Column names in file order: three strings, two int64, then float64.
    static let stringColumns = ["workload", "mode", "task"]
    static let intColumns = ["batch", "sequence_length"]
    static let floatColumns = ["median_ns", "ci_low_ns", "ci_high_ns", "mad_ns", "min_ns", "samples_per_s",
                               "gflops", "pct_peak", Counter.allocationsPerStep.rawValue, "first_step_s"]

    var strings: [String] { [workload, mode, task] }
    var ints: [Int] { [batch, sequenceLength] }
    var floats: [Double] {
        [medianNs, ciLowNs, ciHighNs, madNs, minNs, samplesPerS, gflops, pctPeak, allocationsPerStep, firstStepS]
    }
}

extension HDF5Store {
    /// The `/summary` rows of `run`, in benchmark order.
    static func summaryRows(_ run: RunResult) -> [SummaryRow] {
        run.benchmarks.map { SummaryRow($0, peakGflops: run.environment.sgemmPeakGflops) }
    }

    /// The packed compound type of a row: fixed-length UTF-8 strings `widths` bytes wide (no
    /// global heap, see `setAttribute(_:_:)`), then int64 and float64 columns.
    static func summaryType(widths: [Int]) throws(H5Failure) -> (type: H5ID, rowBytes: Int) {
        let rowBytes = widths.reduce(0, +) + 8 * (SummaryRow.intColumns.count + SummaryRow.floatColumns.count)
        let t = try H5ID(H5Tcreate(H5T_COMPOUND, rowBytes), closer: H5Tclose, or: "cannot create the summary type")
        var offset = 0
        func insert(_ name: String, _ type: hid_t, _ size: Int) throws(H5Failure) {
            guard H5Tinsert(t.id, name, offset, type) >= 0 else { throw H5Failure("cannot add summary column \(name)") }
            offset += size
        }
        for (c, width) in zip(SummaryRow.stringColumns, widths) {
            let string = try H5ID(H5Tcopy(nnb_H5T_C_S1()), closer: H5Tclose, or: "cannot create a string type")
            guard H5Tset_size(string.id, width) >= 0, H5Tset_cset(string.id, H5T_CSET_UTF8) >= 0,
                  H5Tset_strpad(string.id, H5T_STR_NULLPAD) >= 0 else { throw H5Failure("cannot create a string type") }
            try insert(c, string.id, width)
        }
        for c in SummaryRow.intColumns { try insert(c, nnb_H5T_NATIVE_INT64(), 8) }
        for c in SummaryRow.floatColumns { try insert(c, nnb_H5T_NATIVE_DOUBLE(), 8) }
        return (t, rowBytes)
    }

    /// Writes `/summary`: chunked, extendable and Fletcher-32 checksummed like `samples_ns`.
    static func writeSummary(_ run: RunResult, _ root: H5Object) throws(H5Failure) {
        let rows = summaryRows(run)
        let widths = SummaryRow.stringColumns.indices.map { c in max(1, rows.map { $0.strings[c].utf8.count }.max() ?? 1) }
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
            for (string, width) in zip(row.strings, widths) {
                for (i, byte) in string.utf8.enumerated() { buffer[offset &+ i] = byte }
                offset += width
            }
            for i in row.ints { buffer.storeBytes(of: Int64(i), toByteOffset: offset, as: Int64.self); offset += 8 }
            for f in row.floats { buffer.storeBytes(of: f, toByteOffset: offset, as: Double.self); offset += 8 }
        }
        guard H5Dwrite(ds.id, type.id, nnb_H5S_ALL(), nnb_H5S_ALL(), nnb_H5P_DEFAULT(), buffer.baseAddress) >= 0 else {
            throw H5Failure("cannot write dataset /summary")
        }
    }
}
