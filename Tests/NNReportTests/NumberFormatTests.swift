import Testing
@testable import NNReport

// MARK: - Three significant digits, one unit per column

@Suite struct NumberFormatTests {
    @Test func threeSignificantDigitsKeepTrailingZeros() {
        let cases: [(Double, String)] = [
            (1.8, "1.80"), (90, "90.0"), (997.4, "997"), (1190.2, "1190"), (0.00123, "0.00123"),
            (9.996, "10.0"), (0.9996, "1.00"), (-0.5, "−0.500"), (0, "0"), (.infinity, "∞"), (.nan, "–"),
        ]
        for (x, text) in cases { #expect(NumberFormat.sig3(x) == text, "\(x)") }
    }

    @Test func intervalsWithAnUnboundedEndSayWhatIsKnown() {
        #expect(NumberFormat.ratio(385, low: 128, high: .infinity) == "385× (≥ 128)")
        #expect(NumberFormat.ratio(1.48, low: 1.46, high: 1.52) == "1.48× [1.46, 1.52]")
        #expect(NumberFormat.ratio(0.02, low: 0.02, high: 0.02, suffix: "") == "0.0200")
    }

    @Test func aColumnGetsTheUnitOfItsMiddleValue() {
        #expect(UnitScale.choose(UnitScale.time, for: [19_900, 90_000, 1_190_000]).name == "µs")
        #expect(UnitScale.choose(UnitScale.time, for: [2e6, 3e6, 1e5]).name == "ms")
        #expect(UnitScale.choose(UnitScale.bytes, for: [9000, 3000]).name == "KiB")
        #expect(UnitScale.text(62_400, in: UnitScale.time) == "62.4 µs")
        #expect(UnitScale.text(80_700, in: UnitScale.time) == "80.7 µs")
    }
}
