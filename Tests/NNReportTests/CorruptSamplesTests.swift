import Foundation
import NNResults
import NNVocabulary
import Testing
@testable import NNReport
import TestSupport

/// A run file whose samples are corrupt (NaN, ±infinity, negative, zero, none) or whose
/// per-sample datasets do not match `samples_ns` is refused on reading, naming the file and the
/// dataset, so report, compare, check and history never compute from it. Also: run files never
/// replace each other.
struct CorruptSamplesTests {
    /// Hostile sample series, each placed in turn into one benchmark of a valid run.
    static let hostile: [[Double]] = [
        [.nan], [1e6, .nan, 2e6], [.infinity], [1e6, -.infinity], [-200], [1e6, -1e6, 1e6], [0], [1e6, 0], [],
    ]

    @Test(arguments: hostile.indices)
    func corruptSamplesAreRefused(_ i: Int) throws {
        let dir = try scratchDirectory("corrupt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var run = Fixtures.run()
        run.benchmarks[1].samplesNs = Self.hostile[i]
        let path = dir + "/run.h5"
        try HDF5Store.write(run, to: path)
        let error = #expect(throws: ReportFileError.self) { try HDF5Store.read(path: path) }
        let text = error?.description ?? ""
        #expect(text.hasPrefix(path + ": ") && text.contains(run.benchmarks[1].groupPath + "/samples_ns"), "\(text)")
        #expect(!text.contains("\n"))
    }

    @Test func validSeriesPass() {
        #expect(SampleCheck.problem([1e-300, 1, 1e18]) == nil)
        #expect(SampleCheck.problem([]) == "holds no samples")
        #expect(SampleCheck.problem([1, .nan]) == "sample 1 of 2 is NaN")
    }

    /// Writes `run` with one extra dataset `name` (`values`) in its first benchmark's group.
    static func writeWithExtra(_ run: RunResult, _ name: String, _ values: [Double], to path: String) throws {
        let root = try H5Object.createFile(path + ".mem")
        try HDF5Store.writeRoot(run, schemaVersion: resultSchemaVersion, root)
        try HDF5Store.writeBenchmarks(run, root)
        try HDF5Store.writeSummary(run, root)
        try root.group(run.benchmarks[0].groupPath).writeSeries(name, values)
        try AtomicFile.write(bytes: root.fileImage(), to: path)
        try root.handle.close()
    }

    @Test(arguments: ["sample_round", "sample_worker", "sample_disturbed"])
    func perSampleDatasetsMustMatchTheSamples(_ name: String) throws {
        let dir = try scratchDirectory("persample")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var run = Fixtures.run()
        run.benchmarks[0].sampleWorkers = []; run.benchmarks[0].sampleRounds = []   // the test writes its own
        let n = run.benchmarks[0].samplesNs.count
        let ok = dir + "/ok.h5", short = dir + "/short.h5"
        try Self.writeWithExtra(run, name, (0..<n).map(Double.init), to: ok)
        _ = try HDF5Store.read(path: ok)
        try Self.writeWithExtra(run, name, (0..<(n - 1)).map(Double.init), to: short)
        let error = #expect(throws: ReportFileError.self) { try HDF5Store.read(path: short) }
        #expect(error?.description.contains(short + ": ") == true, "\(String(describing: error))")
        #expect(error?.description.contains("\(run.benchmarks[0].groupPath)/\(name): holds \(n - 1) values") == true,
                "\(String(describing: error))")
    }

    @Test func warmSamplesAreCheckedToo() throws {
        let dir = try scratchDirectory("warm")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/warm.h5"
        try Self.writeWithExtra(Fixtures.run(), "warm_samples_ns", [1e6, .nan], to: path)
        let error = #expect(throws: ReportFileError.self) { try HDF5Store.read(path: path) }
        #expect(error?.description.contains("/warm_samples_ns: sample 1 of 2 is NaN") == true, "\(String(describing: error))")
    }

    @Test func aRunNeverReplacesAnother() throws {
        let dir = try scratchDirectory("unique")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = Fixtures.run()
        let first = try ReportWriter.write(run, to: dir)
        var second = run
        second.benchmarks[0].samplesNs = second.benchmarks[0].samplesNs.map { $0 * 2 }
        let other = try ReportWriter.write(second, to: dir)
        #expect(first.h5 != other.h5 && other.h5.hasSuffix("-2.h5"), "\(other.h5)")
        #expect(try HDF5Store.read(path: first.h5) == run, "the first run is intact")
        #expect(try HDF5Store.read(path: other.h5) == second)
        #expect(other.markdown.hasSuffix("-2.md") && other.charts.allSatisfy { $0.contains("-2-") })
        // The create-if-absent rename itself: an existing file is never replaced.
        let e = #expect(throws: FileSystemError.self) { try AtomicFile.write(text: "new", to: first.markdown, policy: .createNew) }
        #expect(e?.exists == true)
        #expect(try String(contentsOfFile: first.markdown, encoding: .utf8) != "new")
        #expect(!NNBenchDirectoryHasTemporaries(dir))
    }

    @Test func staleTemporaryNamesAreRecognised() {
        #expect(TempFiles.pid(ofTemporary: ".20261125T102153Z-0123456.h5.4242.tmp") == 4242)
        #expect(TempFiles.pid(ofTemporary: "20261125T102153Z-0123456.h5") == nil)
        #expect(TempFiles.pid(ofTemporary: ".x.tmp") == nil)
    }
}

/// Whether `dir` holds a hidden temporary file.
func NNBenchDirectoryHasTemporaries(_ dir: String) -> Bool {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).contains { $0.hasPrefix(".") && $0.hasSuffix(".tmp") }
}
