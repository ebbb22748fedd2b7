import Testing
@testable import BidpanelCore

/// `max_lots_per_bidder` at its boundary with a tied lot the chair decides
/// (`TieDecision`), in a tender in lots and in stages: each lot's final
/// result comes from its own shortlist, then the award rule.
@Suite("Lots and stages: the lot limit with a tie the chair decides")
struct LotLimitTieStagesTests {
    /// Quality 80: "written" (w, weight 80; top 2 of each lot go on, carry
    /// 50), then "interview" (i, weight 80); price 20 relative, every price
    /// 100. Limit 2. Ash bids in every lot, Birch in north and south, Cole
    /// in east, Dale in north (below the shortlist). North: A1 and B1 tie
    /// exactly; south: A2 before B2; east: A3 before C3.
    static func tender(limit: Int? = 2) -> (Panel, ScoreSheet) {
        var panel = TestPanels.panel(quality: 80, weights: [("w", 80), ("i", 80)], bids: [])
        panel.criteria[0].stage = "written"
        panel.criteria[1].stage = "interview"
        panel.stages = [Stage(id: "written", title: "Written", shortlist: ShortlistRule(top: 2), carry: 50),
                        Stage(id: "interview", title: "Interview")]
        panel.lots = ["north", "south", "east"].map { Lot(id: $0, title: "Lot \($0)") }
        panel.scoring.maxLotsPerBidder = limit
        let bids = [("A1", "north", "Ash"), ("B1", "north", "Birch"), ("D1", "north", "Dale"),
                    ("A2", "south", "Ash"), ("B2", "south", "Birch"),
                    ("A3", "east", "Ash"), ("C3", "east", "Cole")]
        panel.bids = bids.map { Bid(id: $0.0, bidder: $0.2, price: Exact(100), lot: $0.1) }
        let values: [String: [String: Int]] = [
            "A1": ["w": 80, "i": 70], "B1": ["w": 80, "i": 70], "D1": ["w": 20, "i": 100],
            "A2": ["w": 90, "i": 90], "B2": ["w": 60, "i": 60],
            "A3": ["w": 90, "i": 90], "C3": ["w": 50, "i": 50],
        ]
        return (panel, TestPanels.sheet(values))
    }

    @Test func untilTheChairDecidesTheTiedLotIsNotAwardedAndLaterLotsCountItForNobody() {
        let (panel, sheet) = Self.tender()
        let tender = LotScoring.score(panel, sheet)
        // D1 did not reach the interview, though its interview mark would be the best.
        #expect(tender.lot("north")!.stages!.stages[0].shortlist == ["A1", "B1"])
        #expect(tender.lot("north")!.result.bids.map(\.bid.id) == ["A1", "B1"])
        #expect(tender.awards.decisions.map(\.outcome) == [.tied(bids: ["A1", "B1"]), .awarded(bid: "A2"), .awarded(bid: "A3")])
        // Ash has won exactly the limit (south, east): nothing was passed over.
        #expect(tender.awards.decisions.allSatisfy { $0.passedOver.isEmpty })
    }

    @Test func northToAshPutsAshAtTheLimitSoEastPassesItOver() {
        let (panel, sheet) = Self.tender()
        let ash = TieDecision(lot: "north", bid: "A1", reason: "Stronger local links")
        let awards = LotScoring.score(panel, sheet, tieDecisions: [ash]).awards
        #expect(awards.decisions.map(\.outcome) == [.chairDecided(bid: "A1", tied: ["A1", "B1"], reason: "Stronger local links"),
                                                    .awarded(bid: "A2"), .awarded(bid: "C3")])
        #expect(awards.decision(lot: "south")!.passedOver.isEmpty)
        #expect(awards.decision(lot: "east")!.passedOver == [.init(bid: "A3", rank: 1, lotsWon: ["north", "south"])])
        #expect(awards.decisions.allSatisfy { $0.setAside == nil })
    }

    @Test func northToBirchLeavesAshOneUnderTheLimitSoAshWinsSouthAndEast() {
        let (panel, sheet) = Self.tender()
        let birch = TieDecision(lot: "north", bid: "B1", reason: "Better plan for the young people")
        let awards = LotScoring.score(panel, sheet, tieDecisions: [birch]).awards
        #expect(awards.decisions.map(\.outcome.winner) == ["B1", "A2", "A3"])
        #expect(awards.decisions.allSatisfy { $0.passedOver.isEmpty })
        // One lower limit and Ash, one under it after south, is at it for east.
        let (tight, tightSheet) = Self.tender(limit: 1)
        let tighter = LotScoring.score(tight, tightSheet, tieDecisions: [birch]).awards
        #expect(tighter.decisions.map(\.outcome.winner) == ["B1", "A2", "C3"])
        #expect(tighter.decision(lot: "east")!.passedOver == [.init(bid: "A3", rank: 1, lotsWon: ["south"])])
    }

    @Test func aTieDecisionForABidThatDidNotReachTheLastStageIsSetAside() {
        let (panel, sheet) = Self.tender()
        // D1 was not shortlisted: it is not among the tied bids of the final result.
        let dale = TieDecision(lot: "north", bid: "D1", reason: "r")
        let north = LotScoring.score(panel, sheet, tieDecisions: [dale]).awards.decision(lot: "north")!
        #expect(north.outcome == .tied(bids: ["A1", "B1"]) && north.setAside == dale)
    }
}
