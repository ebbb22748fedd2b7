import Foundation
import Testing
@testable import BidpanelCore

/// The funding line as it is published: `score`'s text, JSON and CSV, the
/// printed report and each bidder's summary, on the shipped grants round
/// with its pot (`panels/community-grants-pot.toml`, worked by hand in
/// docs/scoring.md §15). Every figure is checked against `FundingLine`.
@Suite("Funding line: what is published")
struct FundingOutputTests {
    static let panel = ExamplePanels.load("community-grants-pot")
    static let sheet = try! ExamplePanels.sheet(panel, scores: "community-grants-scores.csv")
    static let result = ScoringEngine.score(panel, sheet)

    /// The same round under another rule or pot.
    static func variant(pot: Exact, rule: AtTheLine) -> (Panel, EvaluationResult) {
        var panel = Self.panel
        panel.scoring.pot = pot
        panel.scoring.atTheLine = rule
        return (panel, ScoringEngine.score(panel, sheet))
    }

    @Test func theTextShowsTheLineWorkedByHand() {
        let text = ResultText.render(Self.result, panel: Self.panel)
        let expected = """
            Rank Bid Asks for  Award Running total Funding
            -------------------------------------------------
               1 B1    £6,500 £6,500        £6,500 funded
               2 B3    £9,800     £0        £6,500 not funded
                  asks for more than the £5,500 left
               3 B2    £4,200 £4,200       £10,700 funded
               4 B4   £12,000     £0       £10,700 not funded
                  asks for more than the £1,300 left
            -------------------------------------------------
            Funded: 2 bids, £10,700 of the £12,000 pot; £1,300 left.
            Fundable but not funded: B3, B4.
            Not fundable (excluded): B5.
            """
        #expect(text.contains(expected), "\(text)")
        #expect(text.contains("at_the_line = \"skip\""))
        #expect(!text.contains("PROVISIONAL"))
    }

    /// docs/scoring.md §15: the same pot under the other two rules.
    @Test func theOtherRulesGiveWhatTheDocsSay() throws {
        let (stop, stopped) = Self.variant(pot: 12000, rule: .stop)
        let stopLine = try #require(FundingLine(stopped, rules: stop.scoring))
        #expect(stopLine.funded.map(\.bid) == ["B1"] && stopLine.awarded == 6500 && stopLine.left == 5500)
        #expect(stopLine.notFunded.map(\.bid) == ["B3", "B2", "B4"])
        let (part, parted) = Self.variant(pot: 12000, rule: .partFund)
        let partLine = try #require(FundingLine(parted, rules: part.scoring))
        #expect(partLine.entry("B3")?.status == .partFunded && partLine.entry("B3")?.award == 5500)
        #expect(partLine.awarded == 12000)
    }

    @Test func theJSONFiguresAreTheLines() throws {
        let line = try #require(FundingLine(Self.result, rules: Self.panel.scoring))
        let data = Data(ResultJSON.render(Self.result, panel: Self.panel).utf8)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let funding = try #require(root["funding"] as? [String: Any])
        #expect(funding["pot"] as? Int == 12000 && funding["at_the_line"] as? String == "skip")
        #expect(funding["awarded"] as? Int == 10700 && funding["left"] as? Int == 1300)
        #expect(funding["funded"] as? [String] == ["B1", "B2"] && funding["not_funded"] as? [String] == ["B3", "B4"])
        let bids = try #require(funding["bids"] as? [[String: Any]])
        let ranked = try #require(root["bids"] as? [[String: Any]])
        #expect(bids.count == line.entries.count)
        for (json, entry) in zip(bids, line.entries) {
            #expect(json["id"] as? String == entry.bid)
            #expect(json["award"] as? Int == Int(entry.award.description))
            #expect(json["cumulative"] as? Int == Int(entry.cumulative.description))
            #expect(json["status"] as? String == entry.status.code)
            // The rank and amount asked for are the engine's, as in "bids".
            let same = try #require(ranked.first { $0["id"] as? String == entry.bid })
            #expect((json["rank"] as? Int) == (same["rank"] as? Int))
            #expect((json["requested"] as? Int) == (same["price"] as? Int))
        }
        #expect(bids[1]["why"] as? String == "crosses-line")
    }

    @Test func theCSVAddsTheFundingColumnsAfterTheUsualOnes() throws {
        let csv = ResultCSV.render(Self.result, panel: Self.panel)
        let rows = csv.split(separator: "\n").map(String.init)
        #expect(rows[0] == (ResultCSV.columns + FundingText.columns).joined(separator: ","))
        #expect(rows[1].hasSuffix(",6500,6500,funded,"))
        #expect(rows[2].hasSuffix(",0,6500,not-funded,\"asks for more than the £5,500 left\""))
        #expect(rows[5].hasSuffix(",0,10700,not-fundable,excluded"))
    }

    @Test func withoutAPotTheOutputsAreAsBefore() throws {
        let plain = ExamplePanels.load("community-grants")
        let result = ScoringEngine.score(plain, Self.sheet)
        #expect(!ResultJSON.render(result, panel: plain).contains("\"funding\""))
        #expect(ResultCSV.render(result, panel: plain).hasPrefix(ResultCSV.columns.joined(separator: ",") + "\n"))
        #expect(!ResultText.render(result, panel: plain).contains("funding line"))
        #expect(!AssessmentSummary.render(bid: "B2", result: result, panel: plain, explanations: [:], date: "2 March 2026").contains("pot"))
    }

    @Test func thePrintedReportHasTheSameLine() {
        let report = PrintedReport.render(result: Self.result, panel: Self.panel, sheet: Self.sheet, signedOff: nil,
                                          printedOn: "2 March 2026")
        let section = FundingText.lines(FundingLine(Self.result, rules: Self.panel.scoring)!, panel: Self.panel, width: 78)
        #expect(report.contains(section.joined(separator: "\n")))
        // After the summary of totals, before the first bid's breakdown.
        let funding = report.range(of: "The funding line\n")!.lowerBound
        #expect(report.range(of: "Summary of totals")!.lowerBound < funding)
        #expect(funding < report.range(of: "Summary of totals, continued")?.lowerBound ?? report.endIndex)
    }

    static func summary(_ bid: String, panel: Panel = panel, result: EvaluationResult = result) -> String {
        let text = AssessmentSummary.render(bid: bid, result: result, panel: panel, explanations: [:], date: "2 March 2026")
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func eachBidderIsToldWhereTheLineFell() {
        #expect(Self.summary("B1").contains("Your bid was ranked 1st of 4. The pot of £12,000 funded 2 bids in rank order, passing over those that asked for more than was left. Your bid is funded in full: £6,500."))
        #expect(Self.summary("B3").contains("Your bid was ranked 2nd of 4. The pot of £12,000 funded 2 bids in rank order, passing over those that asked for more than was left. Your bid asked for £9,800. Only £5,500 was left when its turn came, so it was passed over for a bid further down that fitted."))
        #expect(Self.summary("B2").contains("Your bid is funded in full: £4,200."))
        #expect(!Self.summary("B2").contains("not successful"))
        // The rule is among the award criteria.
        #expect(Self.summary("B4").contains("The pot of £12,000 funds the ranked bids in rank order, each asking for its price, until it runs out. At the funding line, a bid asking for more than is left is passed over, and the next bid down that fits is funded."))
        // An excluded bid is told why, as in any round.
        #expect(Self.summary("B5").contains("Your bid was excluded from the ranking"))
    }

    @Test func underStopAndPartFundTheSummarySaysTheFirstBidsWereFunded() {
        let (stop, stopped) = Self.variant(pot: 16300, rule: .stop)
        #expect(Self.summary("B2", panel: stop, result: stopped).contains("Your bid was ranked 3rd of 4. The pot of £16,300 funded the first 2 bids. The pot was spent before your bid's turn, so it is not funded."))
        let (part, parted) = Self.variant(pot: 18000, rule: .partFund)
        #expect(Self.summary("B2", panel: part, result: parted).contains("The pot of £18,000 funded the first 2 bids in full, and part of the next one. Your bid was that next one: it is offered the £1,700 left in the pot, of the £4,200 it asked for."))
        #expect(Self.summary("B4", panel: part, result: parted).contains("The pot was spent before your bid's turn"))
    }

    @Test func aProvisionalLineSaysSo() {
        var sheet = Self.sheet
        sheet = ScoreSheet(memberValues: sheet.memberValues.filter { $0.slot.bid != "B4" || $0.slot.criterion != "need" })
        let result = ScoringEngine.score(Self.panel, sheet)
        #expect(!result.complete)
        #expect(ResultText.render(result, panel: Self.panel).contains("PROVISIONAL: the funding line moves with the totals"))
        let summary = Self.summary("B1", result: result)
        #expect(summary.contains("Your bid is currently ranked 1st of 4. The pot of £12,000 would fund"))
        #expect(summary.contains("the funding line may still move"))
    }
}
