import Testing
@testable import BidpanelCore

/// A bid withdrawn or disqualified after the evaluation began: it keeps its
/// values and quality marks, leaves the ranking, and the price marks of the
/// others are worked out among the bids left. Totals written by hand.
@Suite("Engine: withdrawn and disqualified bids")
struct BidRemovalTests {
    // Quality 60 (one criterion, 0-100), price 40, relative: A £100,000
    // scored 80, B £80,000 scored 70, C £50,000 scored 40.
    let panel = TestPanels.panel(quality: 60, weights: [("q", 60)], bids: [("A", 100_000), ("B", 80_000), ("C", 50_000)])
    let values = ["A": ["q": 80], "B": ["q": 70], "C": ["q": 40]]

    @Test func allThreeInTheCompetition() {
        let result = ScoringEngine.score(panel, TestPanels.sheet(values))
        // A 48 + 40×50/100 = 68; B 42 + 40×50/80 = 67; C 24 + 40 = 64.
        #expect(result.total("A") == Exact(68) && result.total("B") == Exact(67) && result.total("C") == Exact(64))
        #expect(result.rank("A") == 1 && result.rank("B") == 2 && result.rank("C") == 3)
    }

    @Test func withdrawingTheCheapestBidChangesTheOthersPriceMarksAndTheRanking() {
        var sheet = TestPanels.sheet(values)
        sheet.remove(BidRemoval(bid: "C", standing: .withdrawn, reason: "Letter from the bidder, 3 March"))
        let result = ScoringEngine.score(panel, sheet)
        // The lowest price left is B's £80,000: A 48 + 40×80/100 = 80; B 42 + 40 = 82.
        #expect(result.total("A") == Exact(80) && result.total("B") == Exact(82))
        #expect(result.rank("B") == 1 && result.rank("A") == 2)
        let c = result.bid("C")!
        // C keeps its quality marks (24 of 60), has no price marks and no rank, and says why.
        #expect(c.qualityMarks == Exact(24) && c.priceMarks == .zero && c.rank == nil && c.excluded)
        #expect(c.reasons == [.removed(.withdrawn, reason: "Letter from the bidder, 3 March")])
        #expect(c.reasons[0].description == "withdrawn by the bidder: Letter from the bidder, 3 March")
        #expect(result.bids.map(\.bid.id) == ["B", "A", "C"])
    }

    @Test func aDisqualifiedBidStillShowsItsOtherExclusionsAfterTheRemoval() {
        var sheet = TestPanels.sheet(values)
        let panel = TestPanels.panel(quality: 60, weights: [("q", 60)], bids: [("A", 100_000), ("B", 80_000), ("C", 50_000)]) {
            $0.budget = Exact(90_000)
        }
        sheet.remove(BidRemoval(bid: "A", standing: .withdrawn, reason: "first"))
        sheet.remove(BidRemoval(bid: "A", standing: .disqualified, reason: "False declaration of past convictions"))
        let a = ScoringEngine.score(panel, sheet).bid("A")!
        #expect(a.removal?.standing == .disqualified)
        #expect(a.reasons == [.removed(.disqualified, reason: "False declaration of past convictions"),
                              .overBudget(price: Exact(100_000), budget: Exact(90_000))])
    }

    @Test func reinstatingGivesBackExactlyTheFirstResult() {
        var sheet = TestPanels.sheet(values)
        sheet.remove(BidRemoval(bid: "C", standing: .withdrawn, reason: "mistake"))
        sheet.reinstate(bid: "C")
        #expect(sheet == TestPanels.sheet(values))
        #expect(ScoringEngine.score(panel, sheet) == ScoringEngine.score(panel, TestPanels.sheet(values)))
    }

    @Test func theReasonIsShownSafelyWhereverItIsPrinted() {
        var sheet = TestPanels.sheet(values)
        sheet.remove(BidRemoval(bid: "B", standing: .disqualified, reason: "forged \u{1B}]0;owned\u{07} references"))
        let result = ScoringEngine.score(panel, sheet)
        let text = ResultText.render(result, panel: panel)
        #expect(text.contains("EXCLUDED: disqualified by the panel: forged"))
        #expect(!text.contains("\u{1B}"))
        let json = ResultJSON.render(result, panel: panel)
        #expect(json.contains(#""standing": "disqualified""#) && json.contains(#""reason": "forged \u001b]0;owned"#))
        #expect(json.components(separatedBy: "\"removed\"").count == 2) // only on B
        let csv = ResultCSV.render(result, panel: panel)
        #expect(csv.contains("disqualified by the panel: forged"))
    }
}
