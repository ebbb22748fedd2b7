import Testing
@testable import BidpanelCore

/// SPEC §2 rule by rule.
@Suite("Scoring rules")
struct EngineRulesTests {
    static let ladder = Criterion(id: "ladder", section: "Co-production", title: "Ladder", kind: .ladder, weight: 6,
                                  scoredBy: [.chair, .officer, .young])
    static let matrix = Criterion(id: "matrix", section: "Co-production", title: "Matrix", kind: .matrix, weight: 12,
                                  scoredBy: [.chair, .officer, .young])
    static let safeguarding = Criterion(id: "safeguarding", section: "Safeguarding", title: "Safeguarding",
                                        kind: .passFail)

    func value(_ bid: String, _ criterion: String, _ member: String, _ value: Value, principle: String? = nil) -> MemberValue {
        MemberValue(slot: Slot(bid: bid, criterion: criterion, principle: principle), member: member, value: value)
    }

    @Test func ladderShareIsRungIndexOverTopIndex() {
        let panel = TestPanels.panel(quality: 6, bids: [("A", 10)], extra: [Self.ladder]) { $0.quality = 6 }
        var sheet = ScoreSheet()
        sheet.record(value("A", "ladder", "chair", .rung(5))) // co-designing, 6th of 7 rungs
        let result = ScoringEngine.score(panel, sheet)
        let ladder = result.bid("A")!.criteria[0]
        #expect(ladder.share == Exact(5, 6))
        #expect(ladder.marks == Exact(5))
    }

    @Test func matrixShareIsMeanOverPrinciplesWithMissingAsZero() {
        let panel = TestPanels.panel(quality: 12, bids: [("A", 10)], extra: [Self.matrix])
        var sheet = ScoreSheet()
        sheet.record(value("A", "matrix", "chair", .level(3), principle: "capabilities"))
        sheet.record(value("A", "matrix", "chair", .level(2), principle: "reciprocity"))
        sheet.record(value("A", "matrix", "chair", .level(1), principle: "peer-support"))
        let result = ScoringEngine.score(panel, sheet)
        let matrix = result.bid("A")!.criteria[0]
        // (3/3 + 2/3 + 1/3 + 0) / 4 = 1/2
        #expect(matrix.share == Exact(1, 2))
        #expect(matrix.marks == Exact(6))
        #expect(result.complete == false) // facilitating is missing
        #expect(matrix.principles.map(\.basis) == [.mean, .mean, .mean, .missing])
    }

    @Test func consensusIsProvisionalUntilEverySlotIsModerated() {
        let panel = TestPanels.panel(quality: 40, moderation: .consensus, weights: [("q", 40)], bids: [("A", 10)])
        var sheet = TestPanels.sheet(["A": ["q": 60]], member: "ann")
        sheet.record(value("A", "q", "bob", .scale(80)))
        let provisional = ScoringEngine.score(panel, sheet)
        #expect(provisional.complete == false)
        #expect(provisional.bid("A")!.qualityMarks == Exact(28)) // mean 70% of 40
        sheet.moderate(ModeratedValue(slot: Slot(bid: "A", criterion: "q"), value: .scale(75), reason: "Agreed"))
        let moderated = ScoringEngine.score(panel, sheet)
        #expect(moderated.complete)
        #expect(moderated.bid("A")!.qualityMarks == Exact(30))
        #expect(moderated.bid("A")!.criteria[0].basis == .moderated)
        #expect(moderated.bid("A")!.criteria[0].reasons == ["Agreed"])
    }

    @Test func meanAndMedianLeaveOutConflictedMembers() {
        let bids: [(String, Exact?)] = [("A", 10)]
        var sheet = ScoreSheet()
        sheet.record(value("A", "q", "chair", .scale(10)))
        sheet.record(value("A", "q", "ann", .scale(20)))
        sheet.record(value("A", "q", "bob", .scale(60)))
        sheet.record(value("A", "q", "yas", .scale(100)))
        let mean = TestPanels.panel(quality: 100, formula: .none, moderation: .mean, weights: [("q", 100)], bids: bids)
        let median = TestPanels.panel(quality: 100, formula: .none, moderation: .median, weights: [("q", 100)], bids: bids)
        #expect(ScoringEngine.score(mean, sheet).total("A") == Exact(95, 2))   // (10+20+60+100)/4
        #expect(ScoringEngine.score(median, sheet).total("A") == Exact(40))    // (20+60)/2
        sheet.declare(Conflict(bid: "A", member: "yas", reason: "Volunteers there"))
        #expect(ScoringEngine.score(mean, sheet).total("A") == Exact(30))      // (10+20+60)/3
        #expect(ScoringEngine.score(median, sheet).total("A") == Exact(20))
    }

    @Test func chairMayOverrideUnderMeanModeration() {
        let panel = TestPanels.panel(quality: 100, formula: .none, weights: [("q", 100)], bids: [("A", nil)])
        var sheet = TestPanels.sheet(["A": ["q": 40]], member: "ann")
        sheet.moderate(ModeratedValue(slot: Slot(bid: "A", criterion: "q"), value: .scale(55), reason: "Evidence on p.4"))
        #expect(ScoringEngine.score(panel, sheet).total("A") == Exact(55))
    }

    @Test func passFailFailsOnAnyMemberFailUnlessModerated() {
        let panel = TestPanels.panel(quality: 10, weights: [("q", 10)], bids: [("A", 10), ("B", 20)],
                                     extra: [Self.safeguarding])
        var sheet = TestPanels.sheet(["A": ["q": 90], "B": ["q": 50]])
        sheet.record(value("A", "safeguarding", "ann", .pass(true)))
        sheet.record(value("A", "safeguarding", "bob", .pass(false)))
        let failed = ScoringEngine.score(panel, sheet)
        #expect(failed.bid("A")!.excluded)
        #expect(failed.bid("A")!.reasons == [.failed(criterion: "safeguarding")])
        #expect(failed.bid("A")!.rank == nil)
        #expect(failed.bid("A")!.priceMarks == .zero)
        #expect(failed.bid("A")!.flags.contains(.discuss(criterion: "safeguarding")))
        // With A out, B is the lowest price in contention and takes full price marks.
        #expect(failed.bid("B")!.priceMarks == Exact(90))
        #expect(failed.bid("B")!.rank == 1)
        // A missing pass/fail counts as pass, provisionally.
        #expect(failed.bid("B")!.criteria[1].passed == true)
        #expect(failed.bid("B")!.complete == false)

        sheet.moderate(ModeratedValue(slot: Slot(bid: "A", criterion: "safeguarding"), value: .pass(true),
                                      reason: "Policy checked: it meets the standard"))
        let passed = ScoringEngine.score(panel, sheet)
        #expect(!passed.bid("A")!.excluded)
        #expect(passed.rank("A") == 1)
    }

    @Test func everyExclusionReasonIsKept() {
        var thresholded = Criterion(id: "q", section: "Q", title: "Q", kind: .scored, scaleID: "0-100", weight: 60,
                                    threshold: 50)
        thresholded.scoredBy = [.chair]
        let panel = TestPanels.panel(quality: 60, bids: [("A", 150), ("B", 90)], extra: [thresholded, Self.safeguarding]) {
            $0.budget = 100
            $0.qualityThreshold = 50
        }
        var sheet = TestPanels.sheet(["A": ["q": 40], "B": ["q": 70]])
        sheet.record(value("A", "safeguarding", "ann", .pass(false)))
        let result = ScoringEngine.score(panel, sheet)
        let a = result.bid("A")!
        #expect(a.reasons == [
            .failed(criterion: "safeguarding"),
            .belowThreshold(criterion: "q", value: 40, threshold: 50),
            .overBudget(price: 150, budget: 100),
            .belowQualityThreshold(marks: 24, needed: 30),
        ])
        #expect(a.rank == nil)
        #expect(result.bids.last!.bid.id == "A") // excluded bids come after ranked ones
        #expect(result.bid("B")!.priceMarks == Exact(40))
    }

    @Test func thresholdComparesTheFinalValueOnItsScale() {
        let criterion = Criterion(id: "q", section: "Q", title: "Q", kind: .scored, scaleID: "0-100", weight: 100,
                                  threshold: 50, scoredBy: [.chair, .officer])
        let panel = TestPanels.panel(quality: 100, formula: .none, bids: [("A", nil)], extra: [criterion])
        var sheet = TestPanels.sheet(["A": ["q": 50]], member: "ann")
        #expect(!ScoringEngine.score(panel, sheet).bid("A")!.excluded) // exactly at the threshold passes
        sheet.record(value("A", "q", "bob", .scale(49)))
        #expect(ScoringEngine.score(panel, sheet).bid("A")!.excluded)    // mean 49.5 is below
    }

    @Test func missingValuesCountAsZeroAndMakeItProvisional() {
        let panel = TestPanels.panel(quality: 60, weights: [("q", 30), ("r", 30)], bids: [("A", 10)])
        let result = ScoringEngine.score(panel, TestPanels.sheet(["A": ["q": 100]]))
        #expect(result.bid("A")!.qualityMarks == Exact(30))
        #expect(result.complete == false)
        #expect(result.bid("A")!.criteria[1].basis == .missing)
    }

    @Test func valuesFromRolesThatDoNotScoreACriterionAreIgnored() {
        var criterion = Criterion(id: "q", section: "Q", title: "Q", kind: .scored, scaleID: "0-100", weight: 100)
        criterion.scoredBy = [.officer]
        let panel = TestPanels.panel(quality: 100, formula: .none, bids: [("A", nil)], extra: [criterion])
        var sheet = TestPanels.sheet(["A": ["q": 40]], member: "ann")
        sheet.record(value("A", "q", "yas", .scale(100)))
        #expect(ScoringEngine.score(panel, sheet).total("A") == Exact(40))
    }

    @Test func discussFlagAtTheSpreadThreshold() {
        let panel = TestPanels.panel(quality: 100, formula: .none, weights: [("q", 100)], bids: [("A", nil), ("B", nil)])
        var sheet = TestPanels.sheet(["A": ["q": 30], "B": ["q": 30]], member: "ann")
        sheet.record(value("A", "q", "bob", .scale(70)))  // spread 40 = 0.4 of the range: flagged
        sheet.record(value("B", "q", "bob", .scale(69)))  // spread 39: not flagged
        let result = ScoringEngine.score(panel, sheet)
        #expect(result.bid("A")!.flags.contains(.discuss(criterion: "q")))
        #expect(!result.bid("B")!.flags.contains(.discuss(criterion: "q")))
    }

    @Test func abnormallyLowComparesWithTheMeanOfTheOthers() {
        // Others' mean is 100; 85 is exactly 15% below (not more), 84 is more.
        let panel = TestPanels.panel(quality: 60, weights: [("q", 60)], bids: [("A", 100), ("B", 100), ("C", 84)])
        let values = TestPanels.sheet(["A": ["q": 50], "B": ["q": 50], "C": ["q": 50]])
        let result = ScoringEngine.score(panel, values)
        #expect(result.bid("C")!.flags.contains(.abnormallyLow(percentBelow: 16)))
        let atLimit = TestPanels.panel(quality: 60, weights: [("q", 60)], bids: [("A", 100), ("B", 100), ("C", 85)])
        #expect(ScoringEngine.score(atLimit, values).bid("C")!.flags.allSatisfy { $0.code != "abnormally-low" })
    }

    @Test func closeCallWithinTheMargin() {
        let panel = TestPanels.panel(quality: 100, formula: .none, weights: [("q", 100)], bids: [("A", nil), ("B", nil), ("C", nil)])
        let close = ScoringEngine.score(panel, TestPanels.sheet(["A": ["q": 80], "B": ["q": 79], "C": ["q": 50]]))
        #expect(close.bid("A")!.flags == [.closeCall(margin: 1)])
        #expect(close.bid("B")!.flags == [.closeCall(margin: 1)])
        #expect(close.bid("C")!.flags.isEmpty)
        let clear = ScoringEngine.score(panel, TestPanels.sheet(["A": ["q": 80], "B": ["q": 78]]))
        #expect(clear.bid("A")!.flags.isEmpty)
    }

    @Test func sharedRanksSkipTheNextPlace() {
        let panel = TestPanels.panel(quality: 100, formula: .none, weights: [("q", 100)],
                                     bids: [("A", nil), ("B", nil), ("C", nil), ("D", nil)])
        let result = ScoringEngine.score(panel, TestPanels.sheet(["A": ["q": 70], "B": ["q": 90], "C": ["q": 90], "D": ["q": 10]]))
        #expect(result.bids.map(\.rank) == [1, 1, 3, 4])
        #expect(result.bids.map(\.bid.id) == ["B", "C", "A", "D"])
    }
}
