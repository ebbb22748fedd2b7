import Testing
@testable import BidpanelCore

/// The worked checks of SPEC §2 and two well-known cases from procurement
/// practice, reproduced exactly.
@Suite("Worked checks")
struct WorkedChecksTests {
    @Test func relativePriceSixtyMarks() {
        let panel = TestPanels.panel(quality: 40, weights: [("q", 40)], bids: [("A", 100), ("B", 105)])
        let result = ScoringEngine.score(panel, TestPanels.sheet(["A": ["q": 0], "B": ["q": 0]]))
        #expect(result.bid("A")!.priceMarks == Exact(60))
        #expect(result.bid("B")!.priceMarks == Exact(400, 7)) // 57.142857…
        #expect(result.bid("B")!.priceMarks.formatted(places: 6) == "57.142857")
    }

    @Test func linearPriceOverThreeBids() {
        let panel = TestPanels.panel(quality: 0, formula: .linear,
                                     bids: [("A", 1_000_000), ("B", 1_200_000), ("C", 2_000_000)])
        let result = ScoringEngine.score(panel, ScoreSheet())
        #expect(result.bid("A")!.priceMarks == Exact(100))
        #expect(result.bid("B")!.priceMarks == Exact(80))
        #expect(result.bid("C")!.priceMarks == Exact(0))
    }

    @Test func linearWithAllPricesEqualGivesFullMarks() {
        let panel = TestPanels.panel(quality: 60, formula: .linear, weights: [("q", 60)], bids: [("A", 500), ("B", 500)])
        let result = ScoringEngine.score(panel, TestPanels.sheet(["A": ["q": 50], "B": ["q": 70]]))
        #expect(result.bid("A")!.priceMarks == Exact(40))
        #expect(result.bid("B")!.priceMarks == Exact(40))
    }

    @Test func rankReversalWhenAThirdBidArrives() {
        let two = TestPanels.panel(quality: 60, weights: [("q", 60)], bids: [("A", 100_000), ("B", 84_000)])
        let values = ["A": ["q": 80], "B": ["q": 70], "C": ["q": 40]]
        let before = ScoringEngine.score(two, TestPanels.sheet(values))
        #expect(before.total("A") == Exact(decimal: "81.6")!)
        #expect(before.total("B") == Exact(decimal: "82.0")!)
        #expect(before.rank("B") == 1 && before.rank("A") == 2)

        let three = TestPanels.panel(quality: 60, weights: [("q", 60)],
                                     bids: [("A", 100_000), ("B", 84_000), ("C", 60_000)])
        let after = ScoringEngine.score(three, TestPanels.sheet(values))
        #expect(after.total("A") == Exact(72))
        #expect(after.total("B") == Exact(42) + Exact(200, 7)) // 70.571428…
        #expect(after.total("B").formatted(places: 6) == "70.571429")
        #expect(after.total("C") == Exact(64))
        #expect(after.rank("A") == 1 && after.rank("B") == 2 && after.rank("C") == 3)
    }

    /// A Negometrix-style example scored out of 200: quality criteria worth 60,
    /// 40 and 30 and price worth 70. bidpanel scores out of 100, so the panel
    /// halves every maximum (30, 20, 15 and price 35) and the totals double back.
    @Test func negometrixExampleOutOf200() throws {
        let text = """
        format = 1
        [tender]
        id = "NEG-1"
        title = "Negometrix example"
        authority = "Example"
        [scoring]
        quality = 65
        price_formula = "relative"
        moderation = "mean"
        [[scale]]
        id = "0-10"
        points = [\((0...10).map { "{ value = \($0), label = \"\($0)\" }" }.joined(separator: ", "))]
        [[criterion]]
        id = "plan"
        section = "Quality"
        title = "Plan (60 of 200)"
        scale = "0-10"
        weight = 30
        [[criterion]]
        id = "team"
        section = "Quality"
        title = "Team (40 of 200)"
        scale = "0-10"
        weight = 20
        [[criterion]]
        id = "risk"
        section = "Quality"
        title = "Risk (30 of 200)"
        scale = "0-10"
        weight = 15
        [[member]]
        id = "chair"
        name = "Chair"
        role = "chair"
        [[bid]]
        id = "A"
        bidder = "Bidder A"
        price = 100000
        [[bid]]
        id = "B"
        bidder = "Bidder B"
        price = 125000
        """
        let panel = try PanelFile.parse(text: text, file: "negometrix.toml", readFile: { _ in nil }).panel
        let csv = """
        bid,criterion,member,value
        A,plan,chair,7
        A,team,chair,4
        A,risk,chair,6
        B,plan,chair,8
        B,team,chair,7
        B,risk,chair,4
        """
        var sheet = ScoreSheet()
        for value in try ScoresCSV.memberValues(text: csv, file: "neg.csv", panel: panel) { sheet.record(value) }
        let result = ScoringEngine.score(panel, sheet)
        // Out of 200: A 76 quality + 70 price = 146; B 88 + 56 = 144.
        #expect(result.bid("A")!.qualityMarks * 2 == Exact(76))
        #expect(result.bid("A")!.priceMarks * 2 == Exact(70))
        #expect(result.total("A") * 2 == Exact(146))
        #expect(result.bid("B")!.qualityMarks * 2 == Exact(88))
        #expect(result.bid("B")!.priceMarks * 2 == Exact(56))
        #expect(result.total("B") * 2 == Exact(144))
        #expect(result.rank("A") == 1)
        #expect(result.rank("B") == 2)
    }

    /// The "Goldilocks" case: 50:50, A is cheap and weak, C dear and strong,
    /// B in the middle and worst of all. A and C tie on 75.
    @Test func goldilocksTieBrokenByQuality() {
        let panel = TestPanels.panel(quality: 50, weights: [("q", 50)], bids: [("A", 50), ("B", 75), ("C", 100)])
        let result = ScoringEngine.score(panel, TestPanels.sheet(["A": ["q": 50], "B": ["q": 75], "C": ["q": 100]]))
        #expect(result.total("A") == Exact(75))
        #expect(result.total("B") == Exact(425, 6)) // 70.8333…
        #expect(result.total("B").formatted(places: 2) == "70.83")
        #expect(result.total("C") == Exact(75))
        // Default tie-break: higher quality marks first.
        #expect(result.rank("C") == 1)
        #expect(result.rank("A") == 2)
        #expect(result.rank("B") == 3)
    }

    @Test func goldilocksTieBrokenByPriceOrShared() {
        let bids: [(String, Exact?)] = [("A", 50), ("B", 75), ("C", 100)]
        let values = TestPanels.sheet(["A": ["q": 50], "B": ["q": 75], "C": ["q": 100]])
        let byPrice = ScoringEngine.score(TestPanels.panel(quality: 50, weights: [("q", 50)], bids: bids) {
            $0.tieBreak = [.price, .quality]
        }, values)
        #expect(byPrice.rank("A") == 1 && byPrice.rank("C") == 2)
        let shared = ScoringEngine.score(TestPanels.panel(quality: 50, weights: [("q", 50)], bids: bids) {
            $0.tieBreak = []
        }, values)
        #expect(shared.rank("A") == 1 && shared.rank("C") == 1 && shared.rank("B") == 3)
        #expect(shared.bid("A")!.flags.contains(.closeCall(margin: 0)))
    }
}
