import PropertyBased
import Testing
@testable import BidpanelCore

/// Stages (issue 13): each stage scored on its own criteria, a shortlist
/// after it, and a final result over the stages in their shares.
@Suite("Stages: shortlists and the final result")
struct StageScoringTests {
    /// Quality 80: stage "written" (criterion w, weight 80), then
    /// "interview" (criterion i, weight 80); price 20 relative. Bids
    /// (id, price); written and interview values are percentages.
    static func tender(_ bids: [(String, Int)], rule: ShortlistRule?, carry: Exact = 0,
                       written: [String: Int], interview: [String: Int] = [:]) -> (Panel, ScoreSheet) {
        var panel = TestPanels.panel(quality: 80, weights: [("w", 80), ("i", 80)], bids: bids.map { ($0.0, Exact($0.1)) })
        panel.criteria[0].stage = "written"
        panel.criteria[1].stage = "interview"
        panel.stages = [Stage(id: "written", title: "Written", shortlist: rule, carry: carry),
                        Stage(id: "interview", title: "Interview")]
        var values = written.mapValues { ["w": $0] }
        for (bid, value) in interview { values[bid, default: [:]]["i"] = value }
        return (panel, TestPanels.sheet(values))
    }

    @Test func theTopNGoOnAndATieAtTheLastPlaceTakesEveryTiedBid() {
        let bids = [("A", 100), ("B", 100), ("C", 100), ("D", 100)]
        let (panel, sheet) = Self.tender(bids, rule: ShortlistRule(top: 2), written: ["A": 90, "B": 70, "C": 70, "D": 50])
        let written = StageScoring.score(panel, sheet).stage("written")!
        // B and C tie for second place (same quality, same price): both go on.
        #expect(written.shortlist == ["A", "B", "C"])
        #expect(written.decisions.first { $0.bid == "D" }!.why == .outsideTop)
        let (untied, untiedSheet) = Self.tender(bids, rule: ShortlistRule(top: 2), written: ["A": 90, "B": 71, "C": 70, "D": 50])
        #expect(StageScoring.score(untied, untiedSheet).stage("written")!.shortlist == ["A", "B"])
    }

    @Test func theShareRuleIsAtOrAboveItsBoundary() {
        // 60% of 80 quality marks = 48 marks: 60 (48 marks) goes on, 59 does not.
        let (panel, sheet) = Self.tender([("A", 100), ("B", 100), ("C", 100)], rule: ShortlistRule(atLeast: 60),
                                         written: ["A": 60, "B": 59, "C": 100])
        let written = StageScoring.score(panel, sheet).stage("written")!
        #expect(written.shortlist == ["C", "A"])
        #expect(written.decisions.first { $0.bid == "B" }!.why == .belowShare(needed: 48))
    }

    @Test func withBothRulesTheTopAreTakenFromThoseAboveTheShare() {
        let (panel, sheet) = Self.tender([("A", 100), ("B", 100), ("C", 100), ("D", 100)],
                                         rule: ShortlistRule(top: 3, atLeast: 50),
                                         written: ["A": 90, "B": 80, "C": 40, "D": 30])
        let written = StageScoring.score(panel, sheet).stage("written")!
        #expect(written.shortlist == ["A", "B"])
        #expect(written.decisions.first { $0.bid == "C" }!.why == .belowShare(needed: 40))
    }

    @Test func anExcludedBidIsNeverShortlistedUnlessTheChairSaysSo() {
        var (panel, sheet) = Self.tender([("A", 100), ("B", 300)], rule: ShortlistRule(top: 2), written: ["A": 50, "B": 90])
        panel.scoring.budget = 200
        let plain = StageScoring.score(panel, sheet)
        #expect(plain.stage("written")!.shortlist == ["A"])
        #expect(plain.stage("written")!.decisions.first { $0.bid == "B" }!.why == .excluded)
        #expect(plain.final.bids.map(\.bid.id) == ["A"])
        let override = ShortlistOverride(stage: "written", bid: "A", goesOn: false, reason: "withdrew from interview")
        let overridden = StageScoring.score(panel, sheet, overrides: [override])
        #expect(overridden.stage("written")!.shortlist.isEmpty)
        #expect(overridden.stage("written")!.decisions.first { $0.bid == "A" }!.why == .overridden(goesOn: false, reason: "withdrew from interview", rule: true))
        #expect(overridden.final.bids.isEmpty)
        sheet = ScoreSheet()
    }

    @Test func carriedMarksCountInTheirShareAndPriceOnlyAtTheEnd() {
        // Written carries 25%: final quality = 0.25 × written + 0.75 × interview.
        let (panel, sheet) = Self.tender([("A", 100), ("B", 50), ("C", 40)], rule: ShortlistRule(top: 2), carry: 25,
                                         written: ["A": 100, "B": 60, "C": 10], interview: ["A": 40, "B": 80])
        let staged = StageScoring.score(panel, sheet)
        #expect(staged.stage("written")!.shortlist == ["A", "B"])
        // A: 0.25 × 80 + 0.75 × 32 = 44; B: 0.25 × 48 + 0.75 × 64 = 60.
        #expect(staged.final.bid("A")!.qualityMarks == 44 && staged.final.bid("B")!.qualityMarks == 60)
        // Price among the two that reached the end: C's £40 does not count.
        #expect(staged.final.bid("B")!.priceMarks == 20 && staged.final.bid("A")!.priceMarks == 10)
        #expect(staged.final.rank("B") == 1 && staged.final.rank("A") == 2 && staged.final.bid("C") == nil)
        // The stage itself scores no price.
        #expect(staged.stage("written")!.result.bids.allSatisfy { $0.priceMarks.isZero })
    }

    @Test func withoutACarryTheLastStageStartsAfresh() {
        let (panel, sheet) = Self.tender([("A", 100), ("B", 100)], rule: ShortlistRule(top: 2),
                                         written: ["A": 100, "B": 0], interview: ["A": 50, "B": 50])
        let staged = StageScoring.score(panel, sheet)
        #expect(staged.final.bid("A")!.qualityMarks == 40 && staged.final.bid("B")!.qualityMarks == 40)
        #expect(staged.final.bid("A")!.criteria.map(\.criterion.id) == ["i"])
    }

    @Test func aShortlistWaitsForItsStage() {
        // Under consensus nothing is final until moderated: the stage and its shortlist are provisional.
        var (panel, sheet) = Self.tender([("A", 100), ("B", 100)], rule: ShortlistRule(top: 1), written: ["A": 90, "B": 10])
        panel.scoring.moderation = .consensus
        let staged = StageScoring.score(panel, sheet)
        #expect(!staged.complete && !staged.stage("written")!.result.complete)
        #expect(staged.stage("written")!.shortlist == ["A"])
        sheet = ScoreSheet()
    }

    // MARK: - Properties

    static let seeds = Gen.value(in: UInt64.min...UInt64.max)

    @Test func oneStageScoresExactlyAsNoStages() async {
        await propertyCheck(count: 200, input: Self.seeds) { seed in
            let scenario = Scenario(seed: seed)
            var panel = scenario.panel
            panel.stages = [Stage(id: "only", title: "The only stage")]
            for index in panel.criteria.indices { panel.criteria[index].stage = "only" }
            let plain = ScoringEngine.score(scenario.panel, scenario.sheet)
            let staged = StageScoring.score(panel, scenario.sheet)
            #expect(LotScoringTests.figures(staged.final) == LotScoringTests.figures(plain), "seed \(seed)")
            #expect(staged.final.bids.map(\.bid.id) == plain.bids.map(\.bid.id))
            #expect(staged.complete == plain.complete)
        }
    }

    @Test func oneLotAndOneStageScoreExactlyAsNeither() async {
        await propertyCheck(count: 100, input: Self.seeds) { seed in
            let scenario = Scenario(seed: seed)
            var panel = scenario.panel
            panel.stages = [Stage(id: "only", title: "The only stage")]
            for index in panel.criteria.indices { panel.criteria[index].stage = "only" }
            panel.lots = [Lot(id: "all", title: "All")]
            for index in panel.bids.indices { panel.bids[index].lot = "all" }
            let plain = ScoringEngine.score(scenario.panel, scenario.sheet)
            let tender = LotScoring.score(panel, scenario.sheet)
            #expect(LotScoringTests.figures(tender.lots[0].result) == LotScoringTests.figures(plain), "seed \(seed)")
        }
    }

    @Test func theFinalIsTheStagesInTheirShares() async {
        // Two stages over Scenario's criteria split in two; whatever the
        // values, each finalist's quality is exactly its stages' marks in shares.
        await propertyCheck(count: 200, input: Self.seeds) { seed in
            let scenario = Scenario(seed: seed)
            var rng = SplitMix(seed: seed ^ 0x57)
            var panel = scenario.panel
            let quality = panel.scoring.quality
            // Stage one: the criteria as they are; stage two: a copy of them.
            let second = panel.criteria.map { criterion -> Criterion in
                var copy = criterion
                copy.id = criterion.id + "-2"
                copy.stage = "two"
                return copy
            }
            for index in panel.criteria.indices { panel.criteria[index].stage = "one" }
            panel.criteria += second
            let carry = Exact(rng.next(100))
            panel.stages = [Stage(id: "one", title: "One", shortlist: ShortlistRule(top: 1 + rng.next(4)), carry: carry),
                            Stage(id: "two", title: "Two")]
            var sheet = scenario.sheet
            for value in scenario.sheet.memberValues where rng.next(2) == 0 {
                var copy = value
                copy.slot.criterion += "-2"
                sheet.record(copy)
            }
            let staged = StageScoring.score(panel, sheet)
            let one = staged.stage("one")!.result, two = staged.stage("two")!.result
            #expect(Set(staged.final.bids.map(\.bid.id)) == Set(staged.stage("one")!.shortlist))
            for bid in staged.final.bids {
                let expected = carry / 100 * one.bid(bid.bid.id)!.qualityMarks + (1 - carry / 100) * two.bid(bid.bid.id)!.qualityMarks
                #expect(bid.qualityMarks == expected, "seed \(seed)")
                #expect(bid.qualityMarks <= quality)
            }
        }
    }
}
