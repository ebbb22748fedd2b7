import Testing
@testable import BidpanelCore

/// Messages people see when they make the usual mistakes, and figures in
/// the printed table that must never be cut.
@Suite("Messages and layout")
struct MessagesTests {
    static let base = """
    format = 1
    [tender]
    id = "T-1"
    title = "Test"
    authority = "Test Council"
    [scoring]
    quality = 100
    price_formula = "none"
    [[scale]]
    id = "0-5"
    points = [{ value = 0, label = "None" }, { value = 5, label = "All" }]
    [[criterion]]
    id = "q"
    section = "Q"
    title = "Q"
    scale = "0-5"
    weight = 100
    [[member]]
    id = "chair"
    name = "Chair"
    role = "chair"
    """

    func errors(_ text: String) -> [Diagnostic] {
        do {
            _ = try PanelFile.parse(text: text, file: "p.toml", readFile: { _ in nil })
            return []
        } catch let error as DiagnosticsError {
            return error.diagnostics
        } catch {
            return []
        }
    }

    @Test func curlyQuotesAreNamed() {
        let text = Self.base.replacingOccurrences(of: "title = \"Test\"", with: "title = “Test”")
        let problem = errors(text).first
        #expect(problem?.line == 4)
        #expect(problem?.message.contains("curly quotes") == true)
    }

    @Test func anUnclosedQuoteIsNamed() {
        let text = Self.base.replacingOccurrences(of: "title = \"Test\"", with: "title = \"Test")
        let problem = errors(text).first
        #expect(problem?.line == 4)
        #expect(problem?.message.contains("not closed") == true)
    }

    @Test func aKeyInTheWrongSectionIsToldWhereToGo() {
        let text = Self.base.replacingOccurrences(of: "authority = \"Test Council\"",
                                                  with: "authority = \"Test Council\"\nbudget = 100")
        let problem = errors(text).first
        #expect(problem?.line == 6)
        #expect(problem?.fix == "move this line to [scoring]")
    }

    @Test func weightsOverAHundredDoNotSuggestANegativePriceShare() {
        let text = Self.base.replacingOccurrences(of: "weight = 100", with: "weight = 117")
        let problem = errors(text).first
        #expect(problem?.message.contains("add up to 117") == true)
        #expect(problem?.fix == "make the weights add up to 100")
    }

    @Test func anUnscoredCriterionBelowItsThresholdSaysSo() {
        let criterion = Criterion(id: "q", section: "Q", title: "Q", kind: .scored, scaleID: "0-100", weight: 60,
                                  threshold: 2)
        let panel = TestPanels.panel(quality: 60, bids: [("A", 10)], extra: [criterion])
        let reason = ScoringEngine.score(panel, ScoreSheet()).bid("A")!.reasons.first!
        #expect(reason == .belowThreshold(criterion: "q", value: nil, threshold: 2))
        #expect(reason.text(decimals: 2, money: Money(currency: "GBP")).contains("not scored yet"))
    }

    @Test func tableNeverCutsFigures() {
        let panel = TestPanels.panel(quality: 60, weights: [("q", 60)],
                                     bids: [("A", Exact(decimal: "238000.50")), ("B", 10_500_000)]) {
            $0.decimals = 6
        }
        var named = panel
        named.bids[1].bidder = "The Very Long Named Community Interest Company of the North"
        let text = ResultText.render(ScoringEngine.score(named, TestPanels.sheet(["A": ["q": 50], "B": ["q": 90]])), panel: named)
        #expect(text.contains("£238,000.50"))
        #expect(text.contains("£10,500,000"))
        #expect(text.contains("40.000000"))
        #expect(text.contains("bidder: The Very Long Named Community Interest Company of the North"))
        #expect(text.split(separator: "\n").allSatisfy { DisplayWidth.of(String($0)) <= 80 })
        #expect(!text.contains("…\u{20}") || text.contains("bidder:"))
    }

    @Test func displayWidthCountsWideAndCombiningCharacters() {
        #expect(DisplayWidth.of("Café") == 4)
        #expect(DisplayWidth.of("Cafe\u{301}") == 4)
        #expect(DisplayWidth.of("青少年") == 6)
        #expect(DisplayWidth.of("🎨 Arts") == 7)
        #expect(DisplayWidth.pad("Zoë", to: 5) == "Zoë  ")
        #expect(DisplayWidth.truncate("Hollow Lane Community", to: 10) == "Hollow La…")
    }
}
