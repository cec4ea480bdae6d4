import Foundation
import NNResults
@testable import NNReport
import Testing
import TestSupport

// MARK: - Instruction counts in the HDF5 file

@Suite("HDF5 instruction counts")
final class HDF5InstructionsTests {
    let dir: String

    init() throws { dir = try scratchDirectory("hdf5") }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    @Test("instructions_per_step (int64, beyond 2^53) and the instructions_* root attributes round-trip; absent stays absent")
    func roundTrip() throws {
        var run = Fixtures.run()
        run.benchmarks[0].instructionsPerStep = (1 << 60) + 3
        run.benchmarks[1].instructionsPerStep = 41_402
        run.instructionHost = InstructionHost(coretype: "Haswell", glibcVersion: "glibc 2.36",
                                              cpuClass: "AuthenticAMD x86-64-v3 erms fsrm",
                                              valgrindVersion: "valgrind-3.19.0", countedSteps: 2)
        let path = dir + "/counted.h5"
        try HDF5Store.write(run, to: path)
        let back = try HDF5Store.read(path: path)
        #expect(back == run)
        #expect(back.benchmarks[0].instructionsPerStep == (1 << 60) + 3)
        #expect(back.benchmarks[2].instructionsPerStep == nil)
        #expect(back.benchmarks[0].counters[Counter(rawValue: "instructions_per_step")] == nil)

        let plain = dir + "/plain.h5"
        try HDF5Store.write(Fixtures.run(), to: plain)
        #expect(try HDF5Store.read(path: plain).instructionHost == nil)
    }

    @Test("h5dump shows instructions_per_step as a 64-bit integer", .enabled(if: Tools.hasH5dump))
    func integerType() throws {
        var run = Fixtures.run()
        run.benchmarks[0].instructionsPerStep = 150_319
        let path = dir + "/typed.h5"
        try HDF5Store.write(run, to: path)
        let out = try #require(Tools.run(["h5dump", "-a", run.benchmarks[0].groupPath + "/instructions_per_step", path])).output
        #expect(out.contains("H5T_STD_I64LE"))
        #expect(out.contains("150319"))
    }
}
