import BidpanelCore
import BidpanelStore
@testable import BidpanelTUI
import Testing

/// The chair's totals with a grants round's funding line, at 80×24: the
/// same lines `score` prints, under the totals, PROVISIONAL while they are.
@Suite(.serialized) struct FundingTotalsScreenTests {
    /// The youth example as a grants round: £700,000 funds its first three
    /// bids (B1 £238,000, B2 £214,500, B6 £229,000), and B3 crosses the line.
    static var panel: Panel {
        var panel = Youth.panel
        panel.scoring.pot = 700_000
        panel.scoring.atTheLine = .stop
        return panel
    }

    @Test func theTotalsEndWithTheFundingLine() throws {
        let (_, chair) = try ChairFixture.evaluation()
        var driver = Driver()
        driver.state = AppState(panel: Self.panel, members: Youth.members, size: Size(width: 80, height: 24),
                                colour: true, idleLimit: 300, now: 1000)
        driver.signIn("priya")
        driver.send(.boardChanged(try chair.board()))
        driver.press(.character("t"), .end)
        Snapshot.check(driver.canvas, named: "chair-totals-funding")
        let text = driver.canvas.text
        #expect(text.contains("Funded: 3 bids, £681,500 of the £700,000 pot; £18,500 left."))
        #expect(text.contains("Fundable but not funded: B3, B4."))
        // The screen's figures are the engine's.
        guard case let .totals(screen) = driver.state.screen, let data = driver.state.chair else {
            Issue.record("not on the totals"); return
        }
        let line = try #require(FundingLine(data.result, rules: Self.panel.scoring))
        let lines = screen.lines(chair: data, width: TotalsScreen.linesWidth(Size(width: 80, height: 24)))
        #expect(lines.contains { $0.hasPrefix(FundingText.totals(line, money: Money(currency: "GBP"))) })
        #expect(lines.contains { $0.hasPrefix("PROVISIONAL: the funding line moves with the totals") })
        for row in text.split(separator: "\n") { #expect(row.count <= 80) }
    }
}
