import BigInt
import Testing
@testable import BidpanelCore

@Suite("Exact arithmetic")
struct ExactTests {
    @Test func parsesDecimalsExactly() throws {
        #expect(Exact(decimal: "12.5") == Exact(25, 2))
        #expect(Exact(decimal: "33.3") == Exact(333, 10))
        #expect(Exact(decimal: "-0.40") == Exact(-2, 5))
        #expect(Exact(decimal: "1e-05") == Exact(1, 100_000))
        #expect(Exact(decimal: "2.5E3") == Exact(2500))
        #expect(Exact(decimal: ".5") == Exact(1, 2))
        for bad in ["", "abc", "1.2.3", "1e", "nan", "inf", "0x10", "1,000", "£5"] {
            #expect(Exact(decimal: bad) == nil, "\(bad) should not parse")
        }
    }

    @Test func decimalWeightsAddUpExactly() {
        // 0.1 + 0.2 != 0.3 in binary floating point; here it must.
        let sum = Exact(decimal: "0.1")! + Exact(decimal: "0.2")!
        #expect(sum == Exact(decimal: "0.3")!)
        let weights = ["12.5", "33.3", "34.2"].map { Exact(decimal: $0)! }
        #expect(Exact.sum(weights) == Exact(80))
    }

    @Test func roundsHalfAwayFromZero() {
        #expect(Exact(decimal: "2.345")!.formatted(places: 2) == "2.35")
        #expect(Exact(decimal: "-2.345")!.formatted(places: 2) == "-2.35")
        #expect(Exact(decimal: "2.3449999")!.formatted(places: 2) == "2.34")
        #expect(Exact(decimal: "0.5")!.formatted(places: 0) == "1")
        #expect(Exact(decimal: "-0.5")!.formatted(places: 0) == "-1")
        #expect(Exact(400, 7).formatted(places: 2) == "57.14")
        #expect(Exact(400, 7).formatted(places: 6) == "57.142857")
        #expect(Exact(1, 200).formatted(places: 2) == "0.01")
        #expect(Exact(-1, 300).formatted(places: 2) == "0.00")
        #expect(Exact(7).formatted(places: 2) == "7.00")
        #expect(Exact(7).compactFormatted(places: 2) == "7")
        #expect(Exact(decimal: "81.60")!.compactFormatted(places: 2) == "81.6")
    }

    @Test func describesFiniteDecimalsAndFractions() {
        #expect(Exact(decimal: "12.5")!.description == "12.5")
        #expect(Exact(1, 3).description == "1/3")
        #expect(Exact(-3, 8).description == "-0.375")
    }

    @Test func overflowMovesToBigIntegersWithoutLosingDigits() {
        let big = Exact(Int(Int64.max))
        let sum = big + big
        #expect(sum.numerator == BigInt(Int64.max) * 2)
        #expect(sum - big == big)
        let tiny = Exact(1, Int(Int64.max))
        #expect((tiny * tiny).denominator == BigInt(Int64.max) * BigInt(Int64.max))
        #expect(tiny * tiny * big * big == Exact.one)
        #expect(Exact(Int(Int64.min)) < Exact(0))
        #expect(-Exact(Int(Int64.min)) == Exact(Int(Int64.max)) + Exact.one)
    }

    @Test func comparesAndReduces() {
        #expect(Exact(2, 4) == Exact(1, 2))
        #expect(Exact(1, -2) == Exact(-1, 2))
        #expect(Exact(1, 3) < Exact(1, 2))
        #expect(Exact(-1, 2) < Exact(-1, 3))
        #expect(Exact(6, 3).isInteger)
        #expect(Exact(3, 7).reciprocal == Exact(7, 3))
    }
}
