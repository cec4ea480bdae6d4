import Foundation
import NNVocabulary
import Testing
@testable import NNWorkloads
import TestSupport

/// SHA-256 (the workload file hash) against the FIPS 180-2 test vectors, and its use on files.
struct WorkloadHashTests {
    @Test func fipsVectors() {
        #expect(SHA256.hex(Array("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([])
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // The 448-bit (56-byte) message: padding spills into a second block.
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func blockBoundaries() {
        // 55, 56 and 64 bytes straddle the padding boundary; one million 'a' is FIPS's long vector.
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(SHA256.digest([UInt8](repeating: 0, count: 55)).count == 32)
        #expect(SHA256.hex([UInt8](repeating: 0, count: 55)) != SHA256.hex([UInt8](repeating: 0, count: 56)))
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 64)).count == 64)
    }

    @Test func workloadHashIsTheFileBytesHash() throws {
        let path = workloadsDirectory + "/mlp.yaml"
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let spec = try WorkloadLoader.load(path: path)
        #expect(spec.fileHash == SHA256.hex(Array(bytes)))
    }
}
