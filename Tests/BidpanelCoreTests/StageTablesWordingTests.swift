import Testing
@testable import BidpanelCore

/// The stage tables' columns and the stage count's wording.
@Suite("Stages: table columns and wording")
struct StageTablesWordingTests {
    @Test func aStagesOwnTableHasNoPriceColumnsAndTheFinalResultHasThem() {
        let (panel, sheet) = StageScoringTests.tender([("A", 100), ("B", 50)], rule: ShortlistRule(top: 2),
                                                      written: ["A": 100, "B": 60], interview: ["A": 40, "B": 80])
        let lines = StageText.render(StageScoring.score(panel, sheet), panel: panel).split(separator: "\n", omittingEmptySubsequences: false)
        let headings = lines.enumerated().filter { $0.element.hasPrefix("Rank") }.map(\.offset)
        // Stage 1, stage 2, then the final result.
        #expect(headings.count == 3)
        for index in headings.prefix(2) {
            #expect(lines[index].split(separator: " ") == ["Rank", "Bid", "Bidder", "Quality", "Total"], "\(lines[index])")
            #expect(!lines[index + 1].contains("marks marks"))
        }
        let final = headings[2]
        #expect(lines[final].split(separator: " ") == ["Rank", "Bid", "Bidder", "Price", "Quality", "Price", "Total"], "\(lines[final])")
        // No 0.00 price marks in a stage's rows.
        let firstRow = lines[headings[0] + 3]
        #expect(firstRow.hasSuffix("80.00 80.00") && !firstRow.contains("£"), "\(firstRow)")
    }

    @Test func aPanelWithoutStagesKeepsItsPriceColumnsEvenWhenPriceIsNotScored() {
        var panel = TestPanels.panel(quality: 100, formula: .none, weights: [("q", 100)], bids: [("A", 100)])
        panel.stages = []
        let text = ResultText.render(ScoringEngine.score(panel, TestPanels.sheet(["A": ["q": 50]])), panel: panel)
        #expect(text.split(separator: "\n").contains { $0.split(separator: " ") == ["Rank", "Bid", "Bidder", "Price", "Quality", "Price", "Total"] },
                "\(text)")
    }

    @Test func oneStageIsOneStageNotOneStages() {
        var (panel, sheet) = StageScoringTests.tender([("A", 100)], rule: nil, written: ["A": 100], interview: ["A": 50])
        let two = StagePrinting.units(StageScoring.score(panel, sheet)).joined().joined(separator: " ")
        #expect(two.contains("The tender was scored in 2 stages."), "\(two)")
        panel.stages = [Stage(id: "written", title: "Written")]
        panel.criteria.removeLast()
        sheet = TestPanels.sheet(["A": ["w": 100]])
        let staged = StageScoring.score(panel, sheet)
        let one = StagePrinting.units(staged, of: "This lot").joined().joined(separator: " ")
        #expect(one.contains("This lot was scored in 1 stage.") && !one.contains("1 stages"), "\(one)")
        let summary = StageSummary.basis(bid: "A", staged: staged).note.joined()
        #expect(summary.contains("scored in 1 stage,"), "\(summary)")
    }
}
