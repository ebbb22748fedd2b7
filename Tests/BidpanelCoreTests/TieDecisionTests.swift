import Testing
@testable import BidpanelCore

/// The chair's decision on a tied lot (`TieDecision`), on hand-made tenders.
@Suite("Lots: the chair's decision on a tie")
struct TieDecisionTests {
    /// North: A1 and B1 tie exactly. South: Ash first, Birch second. Limit 1.
    static let tied = LotScoringTests.tender([("A1", "north", "Ash", 100), ("B1", "north", "Birch", 100),
                                              ("A2", "south", "Ash", 100), ("B2", "south", "Birch", 100)],
                                             lots: ["north", "south"], limit: 1,
                                             quality: ["A1": 70, "B1": 70, "A2": 90, "B2": 60])

    @Test func theChairsChoiceAwardsTheLotAndLaterLotsCountIt() {
        let (panel, sheet) = Self.tied
        // North to Ash: Ash is then at the limit, so south passes A2 over and goes to Birch.
        let ash = LotScoring.score(panel, sheet, tieDecisions: [TieDecision(lot: "north", bid: "A1", reason: "Stronger local links")]).awards
        #expect(ash.decisions.map(\.outcome) == [.chairDecided(bid: "A1", tied: ["A1", "B1"], reason: "Stronger local links"),
                                                 .awarded(bid: "B2")])
        #expect(ash.decision(lot: "south")!.passedOver == [.init(bid: "A2", rank: 1, lotsWon: ["north"])])
        #expect(ash.decisions.allSatisfy { $0.setAside == nil })
        // North to Birch: Ash keeps south.
        let birch = LotScoring.score(panel, sheet, tieDecisions: [TieDecision(lot: "north", bid: "B1", reason: "r")]).awards
        #expect(birch.decisions.map(\.outcome.winner) == ["B1", "A2"])
    }

    @Test func aChoiceThatNoLongerFitsIsShownAndNotApplied() {
        var (panel, sheet) = Self.tied
        let choice = TieDecision(lot: "north", bid: "B1", reason: "Better plan")
        // Scores changed: A1 now leads north on its own.
        sheet = TestPanels.sheet(["A1": ["q": 80], "B1": ["q": 70], "A2": ["q": 90], "B2": ["q": 60]])
        let awards = LotScoring.score(panel, sheet, tieDecisions: [choice]).awards
        #expect(awards.decision(lot: "north")!.outcome == .awarded(bid: "A1"))
        #expect(awards.decision(lot: "north")!.setAside == choice)
        #expect(LotText.lines(LotScoring.score(panel, sheet, tieDecisions: [choice]), panel: panel).joined(separator: " ")
            .contains("The chair's earlier decision (B1: Better plan) no longer applies: the lot is not tied now."))
        // A choice of a bid that is not among the tied ones is not applied either.
        panel.bids.append(Bid(id: "C1", bidder: "Cole", price: 100, lot: "north"))
        sheet = TestPanels.sheet(["A1": ["q": 70], "B1": ["q": 70], "C1": ["q": 10], "A2": ["q": 90], "B2": ["q": 60]])
        let wrong = LotScoring.score(panel, sheet, tieDecisions: [TieDecision(lot: "north", bid: "C1", reason: "r")]).awards
        #expect(wrong.decision(lot: "north")!.outcome == .tied(bids: ["A1", "B1"]))
        #expect(wrong.decision(lot: "north")!.setAside?.bid == "C1")
    }

    @Test func theReportAndSummariesSayItWasTiedAndWhatTheChairDecidedAndWhy() {
        let (panel, sheet) = Self.tied
        let tender = LotScoring.score(panel, sheet, tieDecisions: [TieDecision(lot: "north", bid: "A1", reason: "Stronger local links")])
        let text = LotText.lines(tender, panel: panel, width: 200).joined(separator: "\n")
        #expect(text.contains("north: A1 Ash, the chair's decision: the lot was tied between A1 Ash and B1 Birch. The chair's reason: Stronger local links"),
                "\(text)")
        let json = LotJSON.render(tender, panel: panel)
        let flat = json.filter { !$0.isWhitespace }
        #expect(flat.contains(#""award":"chair-decided","awarded_to":"A1","tied":["A1","B1"],"reason":"Strongerlocallinks""#), "\(json)")
        let decision = tender.awards.decision(lot: "north")!
        #expect(LotSummary.award(decision, bid: "A1", result: tender.lot("north")!.result)
            == "The award: your bid was tied with another for this lot, so the chair decided. The chair chose your bid, for this reason: Stronger local links")
        #expect(LotSummary.award(decision, bid: "B1", result: tender.lot("north")!.result).contains("The chair chose the other bid"))
    }

    @Test func withoutDecisionsNothingChanges() {
        let (panel, sheet) = Self.tied
        #expect(LotScoring.score(panel, sheet, tieDecisions: []) == LotScoring.score(panel, sheet))
        // A decision on another lot's name changes nothing but is shown as not applying.
        let other = LotScoring.score(panel, sheet, tieDecisions: [TieDecision(lot: "south", bid: "A2", reason: "r")]).awards
        #expect(other.decisions.map(\.outcome) == LotScoring.score(panel, sheet).awards.decisions.map(\.outcome))
        #expect(other.decision(lot: "south")!.setAside?.bid == "A2")
    }
}
