import Testing
@testable import BidpanelCore

/// Outcome coverage (issue 15 part 3, docs/scoring.md §16) on hand-made
/// cases: which themes the funded or winning bids address.
@Suite("Outcome coverage")
struct OutcomeCoverageTests {
    static let themes = [OutcomeTheme(id: "safer", title: "Safer"), OutcomeTheme(id: "healthier", title: "Healthier"),
                         OutcomeTheme(id: "greener", title: "Greener")]

    /// Bids (id, price, value on q, value on h, own themes); criterion h is tagged "healthier".
    static func coverage(_ bids: [(String, Exact, Int, Int, [String])], pot: Exact? = nil) -> OutcomeCoverage? {
        var panel = TestPanels.panel(quality: 100, formula: .none, weights: [("q", 50), ("h", 50)],
                                     bids: bids.map { ($0.0, $0.1) }) {
            $0.pot = pot
            $0.atTheLine = pot == nil ? nil : .stop
        }
        panel.outcomes = themes
        panel.criteria[1].outcomes = ["healthier"]
        for (index, bid) in bids.enumerated() { panel.bids[index].outcomes = bid.4 }
        let sheet = TestPanels.sheet(Dictionary(uniqueKeysWithValues: bids.map { ($0.0, ["q": $0.2, "h": $0.3]) }))
        return OutcomeCoverage(panel: panel, result: ScoringEngine.score(panel, sheet))
    }

    @Test func theFundedBidsCoverTheirOwnThemesAndNoOthers() throws {
        let coverage = try #require(Self.coverage([("A", 100, 90, 0, ["safer"]), ("B", 100, 80, 0, ["greener"]),
                                                   ("C", 100, 70, 0, ["healthier"])], pot: 200))
        #expect(coverage.basis == .funded && coverage.set == ["A", "B"])
        #expect(coverage.themes.map(\.bids) == [["A"], [], ["B"]])
        // C addresses "healthier" but is past the funding line.
        #expect(coverage.uncovered.map(\.id) == ["healthier"])
    }

    @Test func withoutAPotTheWinningBidsAreTheSet() throws {
        let single = try #require(Self.coverage([("A", 100, 90, 0, ["safer"]), ("B", 100, 80, 0, ["greener"])]))
        #expect(single.basis == .winning && single.set == ["A"])
        #expect(single.uncovered.map(\.id) == ["healthier", "greener"])
        // Tied first (same marks, same price): both are the set.
        let tied = try #require(Self.coverage([("A", 100, 90, 0, ["safer"]), ("B", 100, 90, 0, ["greener"])]))
        #expect(tied.set == ["A", "B"] && tied.uncovered.map(\.id) == ["healthier"])
    }

    @Test func aTaggedCriterionCountsOnlyWhereTheBidEarnsMarksOnIt() throws {
        let none = try #require(Self.coverage([("A", 100, 90, 0, [])]))
        #expect(none.themes[1].bids.isEmpty)
        let some = try #require(Self.coverage([("A", 100, 90, 1, [])]))
        #expect(some.themes[1].bids == ["A"])
    }

    @Test func withNoThemesThereIsNoCoverage() {
        let panel = TestPanels.panel(quality: 100, formula: .none, weights: [("q", 100)], bids: [("A", 100)])
        #expect(OutcomeCoverage(panel: panel, result: ScoringEngine.score(panel, ScoreSheet())) == nil)
        #expect(!ResultJSON.render(ScoringEngine.score(panel, ScoreSheet()), panel: panel).contains("outcome_coverage"))
    }

    @Test func theShippedRoundShowsWhatNoFundedBidAddresses() throws {
        let panel = ExamplePanels.load("community-grants-pot")
        let result = ScoringEngine.score(panel, try ExamplePanels.sheet(panel, scores: "community-grants-scores.csv"))
        let text = ResultText.render(result, panel: panel)
        #expect(text.contains("""
            Safer communities (safer): none
            Healthier communities (healthier): B2
            Engaged communities (engaged): B1
            Greener communities (greener): B1
            Vibrant communities (vibrant): none

            No funded bid addresses: Safer communities; Vibrant communities.
            """))
        let report = PrintedReport.render(result: result, panel: panel, sheet: ScoreSheet(), signedOff: nil, printedOn: "2 March 2026")
        #expect(report.contains("No funded bid addresses: Safer communities; Vibrant communities."))
        #expect(ResultJSON.render(result, panel: panel).contains("\"uncovered\": [\n"))
    }

    // MARK: - The panel file

    typealias V = PanelValidationTests

    static let tagged = V.base.replacingOccurrences(of: "price = 212500\n", with: "price = 212500\noutcomes = [\"helthier\"]\n")
        + "\n[[outcome]]\nid = \"healthier\"\ntitle = \"Healthier communities\"\n"

    @Test func anUnknownThemeIsNamedWithASuggestion() throws {
        let error = try V.error("names outcome \"helthier\", which is not defined", in: Self.tagged)
        #expect(error.message.contains("did you mean \"healthier\"?"))
        #expect(error.line == V.line(of: "outcomes = [\"helthier\"]", in: Self.tagged))
    }

    @Test func aThemeNeedsAnOutcomeTable() throws {
        let text = V.base.replacingOccurrences(of: "price = 212500\n", with: "price = 212500\noutcomes = [\"safer\"]\n")
        _ = try V.error("but the file has no [[outcome]]", in: text)
    }

    @Test func themesAreReadAndTheirIdsAreUnique() throws {
        let valid = Self.tagged.replacingOccurrences(of: "\"helthier\"]", with: "\"healthier\"]")
        let panel = try V.load(valid).panel
        #expect(panel.outcomes == [OutcomeTheme(id: "healthier", title: "Healthier communities")])
        #expect(panel.bid(id: "B2")?.outcomes == ["healthier"])
        let twice = valid + "\n[[outcome]]\nid = \"healthier\"\ntitle = \"Again\"\n"
        _ = try V.error("outcome id \"healthier\" is used twice", in: twice)
    }
}
