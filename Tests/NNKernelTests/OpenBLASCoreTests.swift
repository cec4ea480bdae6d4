import NNKernel
import Testing

@Suite("OpenBLAS core selection")
struct OpenBLASCoreTests {
    static let xeon207 = Set("fpu sse sse2 ssse3 sse4_1 sse4_2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16 amx_tile".split(separator: " ").map(String.init))
    static let zen3 = Set("fpu sse sse2 ssse3 sse4_1 sse4_2 avx avx2 fma bmi2".split(separator: " ").map(String.init))

    @Test("a fallback below what the CPU supports is replaced by the best core of the CPU")
    func fallbackReplaced() {
        #expect(OpenBLASCore.replacement(forChosen: "Prescott", cpuFlags: Self.xeon207) == "Cooperlake")
        var noBF16 = Self.xeon207
        noBF16.remove("avx512_bf16")
        #expect(OpenBLASCore.replacement(forChosen: "Prescott", cpuFlags: noBF16) == "SkylakeX")
        #expect(OpenBLASCore.replacement(forChosen: "Sandybridge", cpuFlags: Self.zen3) == "Haswell")
    }

    @Test("a core at the CPU's tier, or a name the table does not know, is kept")
    func rightChoiceKept() {
        #expect(OpenBLASCore.replacement(forChosen: "Zen", cpuFlags: Self.zen3) == nil)
        #expect(OpenBLASCore.replacement(forChosen: "Cooperlake", cpuFlags: Self.xeon207) == nil)
        #expect(OpenBLASCore.replacement(forChosen: "SkylakeX", cpuFlags: Self.xeon207) == nil)
        #expect(OpenBLASCore.replacement(forChosen: "NewCoreName", cpuFlags: Self.xeon207) == nil)
        #expect(OpenBLASCore.replacement(forChosen: "Prescott", cpuFlags: ["sse", "sse2", "sse3"]) == nil)
    }

    @Test("cpuinfo flags are read from the first flags line")
    func flagsParsed() {
        let text = "processor\t: 0\nmodel name\t: X\nflags\t\t: fpu avx2 fma\nprocessor\t: 1\nflags\t: other\n"
        #expect(OpenBLASCore.cpuFlags(cpuinfo: text) == ["fpu", "avx2", "fma"])
        #expect(OpenBLASCore.cpuFlags(cpuinfo: "") == [])
    }

    @Test("the core OpenBLAS runs here has a known tier")
    func currentCoreKnown() {
        #expect(OpenBLASCore.tier(ofCore: BLAS.coreName) != nil, "add \(BLAS.coreName) to OpenBLASCore.tier")
    }
}
