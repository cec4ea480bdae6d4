import NNMeasure
import NNResults
import Testing

// MARK: - Reading callgrind's output and classifying the CPU for instruction counts

@Suite("Callgrind profile and CPU class")
struct CallgrindProfileTests {
    @Test("The Ir column of the summary line is the count")
    func summary() throws {
        let text = """
            # callgrind format
            version: 1
            creator: callgrind-3.19.0
            events: Ir Dr
            fn=(1) nnbench_counted_steps
            0 5 2
            summary: 123383 4
            totals: 999 9
            """
        #expect(try CallgrindProfile.instructions(text: text, path: "cg.out.1") == 123_383)
        let second = "events: Dr Ir\ntotals: 7 42\n"
        #expect(try CallgrindProfile.instructions(text: second, path: "p") == 42)
    }

    @Test("A profile without an Ir event or a summary names the file")
    func malformed() {
        #expect(throws: CallgrindProfile.Malformed.self) { try CallgrindProfile.instructions(text: "events: Dr\nsummary: 3\n", path: "x") }
        do {
            _ = try CallgrindProfile.instructions(text: "events: Ir\n", path: "cg.out.2")
            Issue.record("no error")
        } catch { #expect(error.description.hasPrefix("cg.out.2: ")) }
    }

    @Test("CPU class: vendor, the x86-64 level valgrind shows (AVX-512 hidden) and the memcpy flags")
    func cpuClass() {
        let zen4: Set<Substring> = ["sse4_1", "sse4_2", "ssse3", "popcnt", "avx", "avx2", "bmi1", "bmi2", "fma", "movbe",
                                    "avx512f", "erms", "fsrm"]
        #expect(InstructionHost.cpuClass(vendor: "AuthenticAMD", flags: zen4) == "AuthenticAMD x86-64-v3 erms fsrm")
        let zen3 = zen4.subtracting(["avx512f"])
        #expect(InstructionHost.cpuClass(vendor: "AuthenticAMD", flags: zen3) == "AuthenticAMD x86-64-v3 erms fsrm")
        let old: Set<Substring> = ["sse4_1", "sse4_2", "ssse3", "popcnt"]
        #expect(InstructionHost.cpuClass(vendor: "GenuineIntel", flags: old) == "GenuineIntel x86-64-v2")
    }
}
