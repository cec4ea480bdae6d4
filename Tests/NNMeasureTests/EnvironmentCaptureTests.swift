import Foundation
import Testing
import NNMeasure

// MARK: - A run's date is when it started

@Suite struct EnvironmentCaptureTests {
    @Test func theDateIsTheStartGiven() {
        let started = Date(timeIntervalSince1970: 1_700_000_000)
        let env = EnvironmentCapture.capture(commit: "c", dirty: false, openblasConfig: "", openblasCoreName: "",
                                             openblasThreads: 1, sgemmPeakGflops: 0, workloadHashes: [:], start: started)
        #expect(env.date == "2023-11-14T22:13:20Z")
    }
}
