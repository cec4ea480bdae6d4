#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NNResults

// MARK: - The host facts an instruction count depends on

extension InstructionHost {
    /// This host's counting conditions (valgrind's version comes from the caller, which runs it).
    public static func capture(coretype: String, valgrindVersion: String, countedSteps: Int) -> InstructionHost {
        InstructionHost(coretype: coretype, glibcVersion: glibcVersion(), cpuClass: cpuClass(),
                        valgrindVersion: valgrindVersion, countedSteps: countedSteps)
    }

    /// `confstr(_CS_GNU_LIBC_VERSION)` (`glibc 2.36`), or "unknown" off glibc.
    static func glibcVersion() -> String {
        #if canImport(Glibc)
        var buffer = [CChar](repeating: 0, count: 64)
        let n = confstr(Int32(_CS_GNU_LIBC_VERSION), &buffer, buffer.count)
        guard n > 0 && n <= buffer.count else { return "unknown" }
        return String(decoding: buffer.prefix(n - 1).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #else
        return "unknown"
        #endif
    }

    /// Vendor, x86-64 level as valgrind presents it, and the flags glibc's memcpy choice reads.
    static func cpuClass() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        var vendor = "unknown", flags: Set<Substring> = []
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            if key == "vendor_id" { vendor = parts[1].trimmingCharacters(in: .whitespaces) }
            if key == "flags" { flags = Set(parts[1].split(separator: " ")); break }
        }
        return cpuClass(vendor: vendor, flags: flags)
    }

    /// The class string of a CPU with `vendor` and `/proc/cpuinfo` `flags`.
    ///
    /// valgrind 3.19 does not emulate AVX-512, so a host with it counts like an AVX2 host:
    /// the level stops at `x86-64-v3`.
    public static func cpuClass(vendor: String, flags: Set<Substring>) -> String {
        let v3: Set<Substring> = ["avx", "avx2", "bmi1", "bmi2", "fma", "movbe"]
        let v2: Set<Substring> = ["sse4_1", "sse4_2", "ssse3", "popcnt"]
        let level = v3.isSubset(of: flags) && v2.isSubset(of: flags) ? "x86-64-v3"
            : (v2.isSubset(of: flags) ? "x86-64-v2" : "x86-64")
        let extras = ["erms", "fsrm"].filter { flags.contains(Substring($0)) }
        return ([vendor, level] + extras).joined(separator: " ")
    }
}
