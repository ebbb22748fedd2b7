import Testing
@testable import BidpanelCore

/// A bidder's summary in a tender in lots: one per bidder, each lot it bid
/// for, with the award rule's decision, never naming a bidder passed over.
@Suite("Lots: assessment summaries")
struct LotSummaryTests {
    /// North: Ash wins. South: Ash ranks first but has won its one lot, and
    /// Birch and Cole tie behind it, so the chair decides.
    static let tied: (Panel, ScoreSheet) = LotScoringTests.tender(
        [("A1", "north", "Ash", 100), ("D1", "north", "Dove", 100),
         ("A2", "south", "Ash", 100), ("B2", "south", "Birch", 100), ("C2", "south", "Cole", 100)],
        lots: ["north", "south"], limit: 1, quality: ["A1": 90, "D1": 50, "A2": 90, "B2": 70, "C2": 70])

    func summary(_ bidder: String) -> String {
        let (panel, sheet) = Self.tied
        let tender = LotScoring.score(panel, sheet)
        let bids = LotSummary.bidders(panel).first { $0[0].bidder == bidder }!
        return LotSummary.render(bids: bids, tender: tender, panel: panel, explanations: [:], date: "2026-12-02")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func oneSummaryPerBidderInPanelOrder() {
        #expect(LotSummary.bidders(Self.tied.0).map { $0.map(\.id) } == [["A1", "A2"], ["D1"], ["B2"], ["C2"]])
    }

    @Test func aBidderPassedOverIsToldSoAndNotCalledTheWinner() throws {
        let text = summary("Ash")
        #expect(text.contains("This summary covers the 2 lots you bid for: lot north (bid A1), lot south (bid A2)."))
        let south = try #require(text.range(of: "Lot south: Lot south")).upperBound
        #expect(text[..<south].contains("The award: this lot goes to your bid."))
        #expect(text[south...].contains("Your bid ranked 1 in this lot, but you had already won 1 lot (north)"))
        #expect(text[south...].contains("Your bid is ranked 1st of 3 in this lot, with 94.00 marks out of 100. But you had already won the most lots one bidder may win"))
        #expect(!text[south...].contains("winning bid"))
    }

    @Test func aTieBehindABidderPassedOverIsLeftToTheChairAndNamesNeitherThePassedOver() {
        for bidder in ["Birch", "Cole"] {
            let text = summary(bidder)
            #expect(text.contains("The award: your bid is tied with another for this lot."), "\(text)")
            #expect(text.contains("Your bid is tied for this lot with another bid: it is ranked 2nd of 3 in this lot"), "\(text)")
            #expect(!text.contains("Ash"), "\(bidder)'s summary names the bidder passed over:\n\(text)")
        }
    }

    @Test func aBidBehindTheWinnerIsComparedWithIt() {
        let text = summary("Dove")
        #expect(text.contains("The award: this lot goes to another bid."))
        #expect(text.contains("We are sorry to tell you that your bid was not successful."))
        #expect(text.contains("The winning bid is from Ash"))
    }
}
