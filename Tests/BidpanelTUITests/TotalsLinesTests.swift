import BidpanelCore
import BidpanelFixtures
@testable import BidpanelTUI
import Testing

/// The totals screen takes the report's lines without building its text and
/// splitting it again; the lines must be exactly those of the split text.
@Suite("The totals screen's lines")
struct TotalsLinesTests {
    static func split(_ result: EvaluationResult, panel: Panel, width: Int) -> [String] {
        ResultText.render(TotalsScreen.shown(result), panel: panel, width: width)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test(arguments: [30, 76, 120])
    func linesEqualTheSplitReportAtScale(width: Int) throws {
        let scale = ScalePanel(bids: 60, criteria: 6, members: 4)
        let panel = try scale.panel()
        let result = ScoringEngine.score(panel, scale.scoreSheet())
        let lines = TotalsScreen.totalsLines(result, panel: panel, width: width)
        #expect(lines == Self.split(result, panel: panel, width: width))
        #expect(lines.count > 60)
    }

    /// Text as people paste it: a title with a Windows line break, a long
    /// URL, escape sequences and new lines in bidders' names, wide letters.
    @Test(arguments: [24, 76])
    func linesEqualTheSplitReportWithOddText(width: Int) throws {
        let scale = ScalePanel(bids: 8, criteria: 3, members: 3)
        var panel = try scale.panel()
        panel.tender.title = "Community grants\r\nround two, see https://example.org/a/very/long/path/that/keeps/going?x=1&y=2"
        panel.tender.authority = "Borough\ncouncil\r"
        panel.bids[0].bidder = "Acme \u{1B}[31mRed\u{1B}[0m Ltd"
        panel.bids[1].bidder = "Two\nLines\r\nHere"
        panel.bids[2].bidder = "青少年服务中心 Youth Trust with a very long name indeed"
        let result = ScoringEngine.score(panel, scale.scoreSheet())
        #expect(TotalsScreen.totalsLines(result, panel: panel, width: width) == Self.split(result, panel: panel, width: width))
        // Without odd text, the fast path is the one taken, and equal too.
        panel.tender.title = "Community grants"
        panel.tender.authority = "Borough council"
        let plain = ScoringEngine.score(panel, scale.scoreSheet())
        #expect(TotalsScreen.totalsLines(plain, panel: panel, width: width) == Self.split(plain, panel: panel, width: width))
    }
}
