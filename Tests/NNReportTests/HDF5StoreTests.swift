import Foundation
import NNResults
@testable import NNReport
import NNVocabulary
import Testing
import TestSupport

// MARK: - Fixtures shared by the HDF5 tests

/// Synthetic results and scratch directories for the HDF5 tests.
enum Fixtures {
    /// A run with several benchmarks (train, infer, stream with a sequence length), counters,
    /// phases, awkward doubles and a unicode host name.
    static func run(tensors: [SavedTensors]? = nil) -> RunResult {
        let env = Environment(
            nnbenchVersion: "0.1.0", commit: "0123456789abcdef0123456789abcdef01234567", dirty: true,
            date: "2026-11-25T10:21:53Z", host: "höst-名前-🚀", cpuModel: "AMD EPYC 9B45 (Zen 5)", cores: 2,
            os: "Debian GNU/Linux 12 (bookworm)", swiftVersion: "6.3", buildConfiguration: "release",
            openblasConfig: "OpenBLAS 0.3.21 DYNAMIC_ARCH", openblasCoreName: "Cooperlake", openblasThreads: 2,
            openblasNumThreadsEnv: "", openblasCoretypeEnv: "Haswell", sgemmPeakGflops: 241.5,
            workloadHashes: ["mlp": String(repeating: "ab", count: 32), "rnn-stream": String(repeating: "0f", count: 32)])
        let settings = MeasurementSettings(profile: "quick", warmupMaxSteps: 20, warmupMaxSeconds: 0.1,
                                           minSampleSeconds: 0.002, samples: 5, seed: UInt64.max - 7)
        let benchmarks = [
            BenchmarkResult(workload: "mlp", mode: .eager, task: .train, batch: 32,
                            samplesNs: [1_234_567.5, 1_200_000, 1.0e-300, 1_300_001.25, 1_250_000],
                            stepsPerSample: 3, flopsPerStep: 2.5e7,
                            counters: [.allocationsPerStep: 302, .bytesPerStep: 1_048_576.5, .retraces: 0],
                            phases: [.firstStep: 0.0125], firstLoss: 2.302_585_092_994_045_7,
                            sampleWorkers: [0, 0, 0, 1, 1], sampleRounds: [0, 1, 2, 0, 1],
                            firstStepSamples: [0.0125, 0.013, 0.0121, 0.0124, 0.0127]),
            BenchmarkResult(workload: "mlp", mode: .fused, task: .train, batch: 32,
                            samplesNs: [900_000, 910_000, 905_000], stepsPerSample: 4, flopsPerStep: 2.5e7,
                            counters: [.allocationsPerStep: 0, .nodesTraced: 41, .nodesFinal: 17],
                            phases: [.trace: 0.001, .optimize: 2e-4, .plan: 1e-5, .firstStep: 0.02],
                            firstLoss: 2.302_585_092_994_045_7),
            BenchmarkResult(workload: "mlp", mode: .static, task: .infer, batch: 1, samplesNs: [42],
                            stepsPerSample: 1000, flopsPerStep: 1e5),
            BenchmarkResult(workload: "rnn-stream", mode: .staticPadded, task: .stream, batch: 16, sequenceLength: 50,
                            samplesNs: [3.5e9, 3.6e9, 3.4e9, 3.55e9], stepsPerSample: 1, flopsPerStep: -0.0,
                            counters: [.streamBatches: 20, .distinctLengths: 7, .retraces: 0,
                                       .paddedFraction: 0.375],
                            phases: [.retraceTotal: 0.25, .firstStep: 0.125], firstLoss: .greatestFiniteMagnitude,
                            sampleWorkers: [0, 0, 0, 0], sampleRounds: [0, 1, 2, 3],
                            warmSamplesNs: [3.0e9, 3.1e9, 2.9e9], warmSampleWorkers: [0, 0, 0], warmSampleRounds: [0, 1, 3]),
        ]
        return RunResult(environment: env, settings: settings, benchmarks: benchmarks, tensors: tensors)
    }

    /// A small hand-made tensor set (shapes of rank 0 to 2, a three-mode loss record).
    static func tensors() -> SavedTensors {
        SavedTensors(
            workload: "mlp", task: .train, model: "MLP 3-2 relu", batch: 2, sequenceLength: 0, learningRate: 0.01,
            parameters: [SavedTensor(name: "dense0.weight", shape: [3, 2], values: [0.5, -0.25, 1e-7, 3, -0, 7]),
                         SavedTensor(name: "dense0.bias", shape: [2], values: [0, 1]),
                         SavedTensor(name: "scale", shape: [], values: [Float.pi])],
            x: SavedTensor(name: "x", shape: [2, 3], values: [1, 2, 3, 4, 5, 6]),
            labels: SavedTensor(name: "labels", shape: [2], values: [1, 0]),
            losses: ["eager": [0.7, 0.6], "static": [0.7, 0.6], "fused": [0.7, 0.59]])
    }
}

// MARK: - Round trip and errors

@Suite("HDF5Store")
final class HDF5StoreTests {
    /// A scratch directory per test, removed when the test ends.
    let dir: String

    init() throws { dir = try scratchDirectory("hdf5") }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    @Test("a written run reads back identical, unicode host and extreme values included")
    func roundTrip() throws {
        let path = dir + "/run.h5"
        let run = Fixtures.run()
        try HDF5Store.write(run, to: path)
        let back = try HDF5Store.read(path: path)
        #expect(back == run)
        #expect(back.environment.host == "höst-名前-🚀")
        #expect(back.settings.seed == UInt64.max - 7)
        #expect(back.tensors == nil)
    }

    @Test("A lockstep side's interleave_* root attributes round-trip; a run measured alone has none")
    func interleaveRoundTrip() throws {
        var run = Fixtures.run()
        run.interleave = Interleave(id: "5C0B-id", side: "against-2", sides: ["head", "against-1", "against-2"])
        run.environment.kernelISA = "avx2+fma"
        run.environment.sgemmPeakWorkers = [153.5, 204.25]
        let path = dir + "/side.h5"
        try HDF5Store.write(run, to: path)
        let back = try HDF5Store.read(path: path)
        #expect(back == run)
        #expect(back.interleave?.sides == ["head", "against-1", "against-2"])
        let plain = dir + "/alone.h5"
        try HDF5Store.write(Fixtures.run(), to: plain)
        #expect(try HDF5Store.read(path: plain).interleave == nil)
        #expect(try HDF5Store.read(path: plain).environment.sgemmPeakWorkers == [])
    }

    @Test("loss_start and loss_end round-trip where present and stay absent elsewhere")
    func lossesAtSamplingRoundTrip() throws {
        var run = Fixtures.run()
        run.benchmarks[0].lossStart = 0.6931471805599453
        run.benchmarks[0].lossEnd = 0.125
        let path = dir + "/losses.h5"
        try HDF5Store.write(run, to: path)
        let back = try HDF5Store.read(path: path)
        #expect(back == run)
        #expect(back.benchmarks[0].lossEnd == 0.125 && back.benchmarks[1].lossStart == nil)
        #expect(back.benchmarks[0].counters[Counter(rawValue: "loss_start")] == nil, "not read back as a counter")
    }

    @Test("a run with no benchmarks and an empty tensor list round-trips")
    func emptyRoundTrip() throws {
        var run = Fixtures.run(tensors: [])
        run.benchmarks = []
        run.environment.workloadHashes = [:]
        let path = dir + "/empty.h5"
        try HDF5Store.write(run, to: path)
        #expect(try HDF5Store.read(path: path) == run)
    }

    @Test("saved tensors round-trip with their shapes, order and losses")
    func tensorsRoundTrip() throws {
        var second = Fixtures.tensors()
        second.batch = 4
        second.sequenceLength = 9
        let run = Fixtures.run(tensors: [Fixtures.tensors(), second])
        let path = dir + "/tensors.h5"
        try HDF5Store.write(run, to: path)
        #expect(try HDF5Store.read(path: path) == run)
    }

    @Test("objects stored with an index come back in index order; a gap or a repeat is refused")
    func indexOrder() throws {
        #expect(try inIndexOrder([(2, "c"), (0, "a"), (1, "b")], "the letters") == ["a", "b", "c"])
        #expect(try inIndexOrder([(index: Int, value: String)](), "nothing").isEmpty)
        for bad in [[(0, "a"), (2, "c")], [(0, "a"), (0, "b")], [(1, "b")]] {
            let error = #expect(throws: H5Failure.self) { try inIndexOrder(bad, "the letters") }
            #expect(error?.description == "the index attributes of the letters are not 0..<\(bad.count)")
        }
    }

    @Test("another schema version is refused, naming the file and both versions")
    func schemaVersionMismatch() throws {
        let path = dir + "/future.h5"
        try HDF5Store.write(Fixtures.run(), to: path, schemaVersion: 3)
        let error = #expect(throws: ReportFileError.self) { try HDF5Store.read(path: path) }
        #expect(error?.kind == .schemaVersion(found: 3, supported: 2))
        #expect(error?.description.hasPrefix(path) == true)
        #expect(error?.description.contains("schema version 3") == true)
        #expect(error?.description.contains("version 2") == true)
    }

    @Test("a schema 1 file is refused with the one line that says to re-run it")
    func schemaOneIsNoLongerRead() throws {
        let path = dir + "/old.h5"
        try HDF5Store.write(Fixtures.run(), to: path, schemaVersion: 1)
        let error = #expect(throws: ReportFileError.self) { try HDF5Store.read(path: path) }
        #expect(error?.description == "\(path): schema version 1 is no longer read; re-run it with this nnbench (schema 2)")
    }

    @Test("worker and round indices, first-step repeats and warm passes survive a round trip")
    func sampleIndicesRoundTrip() throws {
        let path = dir + "/indices.h5"
        try HDF5Store.write(Fixtures.run(), to: path)
        let back = try HDF5Store.read(path: path)
        #expect(back.benchmarks[0].sampleRounds == [0, 1, 2, 0, 1] && back.benchmarks[0].sampleWorkers == [0, 0, 0, 1, 1])
        #expect(back.benchmarks[0].firstStepSamples == Fixtures.run().benchmarks[0].firstStepSamples)
        #expect(back.benchmarks[1].sampleRounds.isEmpty)                 // unknown stays unknown
        #expect(back.benchmarks[3].warmSamplesNs == [3.0e9, 3.1e9, 2.9e9] && back.benchmarks[3].warmSampleRounds == [0, 1, 3])
    }

    @Test("worker and round of every sample, disturbed flags, threads and round counts round-trip")
    func workerFieldsRoundTrip() throws {
        var run = Fixtures.run()
        run.settings.workers = 3
        run.settings.threads = 2
        run.environment.openblasAffinity = "pinned: measuring thread on CPU 0, OpenBLAS thread 0 on CPU 1"
        var b = run.benchmarks[0]
        b.sampleWorkers = [0, 0, 1, 1, 2]
        b.sampleRounds = [0, 1, 0, 1, 0]
        b.sampleDisturbed = [false, true, false, false, true]
        b.workers = 3; b.threads = 2; b.roundsTotal = 5; b.roundsDisturbed = 2; b.roundsRetaken = 1
        run.benchmarks[0] = b
        let path = dir + "/workers.h5"
        try HDF5Store.write(run, to: path)
        let back = try HDF5Store.read(path: path)
        #expect(back == run)
        #expect(back.benchmarks[0].sampleWorkers == [0, 0, 1, 1, 2])
        #expect(back.benchmarks[0].sampleDisturbed == [false, true, false, false, true])
    }

    @Test("worker indices that do not match the samples are not written")
    func misalignedWorkersRefused() throws {
        var run = Fixtures.run()
        run.benchmarks[0].sampleWorkers = [0, 1]
        let path = dir + "/misaligned.h5"
        #expect(throws: ReportFileError.self) { try HDF5Store.write(run, to: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a result claiming another schema version is not written")
    func writeRefusesOtherVersion() throws {
        var run = Fixtures.run()
        run.schemaVersion = 7
        let path = dir + "/seven.h5"
        let error = #expect(throws: ReportFileError.self) { try HDF5Store.write(run, to: path) }
        #expect(error?.kind == .writeFailed)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a truncated file gives a one-line error naming it", arguments: [1000, 96, 0])
    func truncated(bytes: Int) throws {
        try HDF5Store.write(Fixtures.run(tensors: [Fixtures.tensors()]), to: dir + "/full.h5")
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/full.h5"))
        #expect(data.count > 1000)
        let path = dir + "/cut.h5"
        try data.prefix(bytes).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ReportFileError.self) { try HDF5Store.read(path: path) }
        #expect(error?.kind == .unreadable)
        #expect(error?.description.hasPrefix(path + ": ") == true)
        #expect(error?.description.contains("\n") == false)
    }

    @Test("damaged bytes anywhere give an error or the original result, never other numbers")
    func damagedBytes() throws {
        let run = Fixtures.run(tensors: [Fixtures.tensors()])
        try HDF5Store.write(run, to: dir + "/good.h5")
        let good = try Data(contentsOf: URL(fileURLWithPath: dir + "/good.h5"))
        var rng = Xoshiro(seed: 99)
        var failures = 0
        for trial in 0..<200 {
            var bad = good
            let offset = rng.below(good.count - 8)
            for i in 0..<8 { bad[offset + i] = UInt8(truncatingIfNeeded: rng.next()) }
            let path = dir + "/bad\(trial).h5"
            try bad.write(to: URL(fileURLWithPath: path))
            do {
                // Damage in free space or in the derived /summary (which read ignores) is harmless.
                #expect(try HDF5Store.read(path: path) == run, "offset \(offset)")
            } catch let e as ReportFileError {
                failures += 1
                #expect(e.description.hasPrefix(path + ": "))
                #expect(!e.description.contains("\n"))
            }
        }
        #expect(failures > 0)
    }

    @Test("random bytes are not an HDF5 file")
    func randomBytes() throws {
        let path = dir + "/noise.h5"
        var rng = Xoshiro(seed: 7)
        try Data((0..<4096).map { _ in UInt8(truncatingIfNeeded: rng.next()) }).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ReportFileError.self) { try HDF5Store.read(path: path) }
        #expect(error?.kind == .unreadable)
        #expect(error?.description.contains("not an HDF5 file") == true)
    }

    @Test("a missing file is reported as missing")
    func missing() throws {
        let path = dir + "/nothing-here.h5"
        let error = #expect(throws: ReportFileError.self) { try HDF5Store.read(path: path) }
        #expect(error?.kind == .missing)
        #expect(error?.description == "\(path): no such file")
    }

    @Test("an earlier file survives a write that fails halfway, and no temporary file is left")
    func failedWriteKeepsEarlierFile() throws {
        let path = dir + "/run.h5"
        let good = Fixtures.run()
        try HDF5Store.write(good, to: path)
        var bad = Fixtures.run()
        // The second benchmark's counter collides with a fixed attribute: the write fails after
        // the file has been created and the first benchmark written.
        bad.benchmarks[1].counters[Counter(rawValue: "batch")] = 3
        let error = #expect(throws: ReportFileError.self) { try HDF5Store.write(bad, to: path) }
        #expect(error?.kind == .writeFailed)
        #expect(error?.description.contains("batch") == true)
        #expect(try HDF5Store.read(path: path) == good)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["run.h5"])
    }

    @Test("two benchmarks with the same group path are refused")
    func duplicateGroup() throws {
        var run = Fixtures.run()
        run.benchmarks.append(run.benchmarks[0])
        let path = dir + "/dup.h5"
        let error = #expect(throws: ReportFileError.self) { try HDF5Store.write(run, to: path) }
        #expect(error?.description.contains("/benchmarks/mlp/eager/b32") == true)
    }

    @Test("a workload name that is not one path component is refused")
    func slashInName() throws {
        var run = Fixtures.run()
        run.benchmarks[0].workload = "a/b"
        let path = dir + "/slash.h5"
        let error = #expect(throws: ReportFileError.self) { try HDF5Store.write(run, to: path) }
        #expect(error?.description.contains("'a/b'") == true)
    }

    @Test("an HDF5 file that is not an nnbench result is reported as malformed")
    func foreignFile() throws {
        let plain = try H5Object.createFile(dir + "/plain.h5")
        try plain.setAttribute("hello", "world")
        try AtomicFile.write(bytes: plain.fileImage(), to: dir + "/plain.h5")   // files are built in memory
        try plain.handle.close()
        let error = #expect(throws: ReportFileError.self) { try HDF5Store.read(path: dir + "/plain.h5") }
        #expect(error?.kind == .malformed)
        #expect(error?.description.contains("schema_version") == true)

        let bare = try H5Object.createFile(dir + "/bare.h5")
        try bare.setAttribute("schema_version", resultSchemaVersion)
        try AtomicFile.write(bytes: bare.fileImage(), to: dir + "/bare.h5")
        try bare.handle.close()
        let bareError = #expect(throws: ReportFileError.self) { try HDF5Store.read(path: dir + "/bare.h5") }
        #expect(bareError?.kind == .malformed)
        #expect(bareError?.description.contains("missing") == true)
    }

    @Test("ReportWriter writes the .h5 and the .md, and the .md is the render of the .h5")
    func reportWriter() throws {
        let results = dir + "/Results"
        let run = Fixtures.run()
        let files = try ReportWriter.write(run, to: results)
        #expect(files.h5 == results + "/20261125T102153Z-0123456.h5")
        #expect(files.markdown == results + "/20261125T102153Z-0123456.md")
        let back = try HDF5Store.read(path: files.h5)
        #expect(back == run)
        let links = MarkdownReport.ChartLinks(speedup: "20261125T102153Z-0123456-speedup.svg",
                                              scaling: "20261125T102153Z-0123456-scaling.svg")
        #expect(files.charts == [results + "/20261125T102153Z-0123456-speedup.svg", results + "/20261125T102153Z-0123456-scaling.svg"])
        #expect(try String(contentsOfFile: files.markdown, encoding: .utf8) == MarkdownReport.render(back, charts: links))
    }
}
