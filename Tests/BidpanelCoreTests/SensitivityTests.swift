import Testing
@testable import BidpanelCore

@Suite("Sensitivity")
struct SensitivityTests {
    /// A: 80% quality at £100,000; B: 70% quality at £84,000. The panel is
    /// price 40 : quality 60, relative. Worked by hand:
    ///
    /// - actual, P = 40: A = 48 + 40 × 84/100 = 408/5 (81.6); B = 42 + 40 = 82.
    ///   B is first.
    /// - price 60 : quality 40, relative: A = 32 + 60 × 84/100 = 412/5 (82.4);
    ///   B = 28 + 60 = 88. B stays first.
    /// - price 20 : quality 80, relative: A = 64 + 20 × 84/100 = 404/5 (80.8);
    ///   B = 56 + 20 = 76. A moves above B.
    /// - price 40 : quality 60, linear: A = 48 + 40 × 0/16,000 = 48; B = 82.
    ///   B stays first.
    @Test func oneRatioFlipsTheOrder() {
        let panel = TestPanels.panel(quality: 60, weights: [("q", 60)], bids: [("A", 100_000), ("B", 84_000)])
        let report = Sensitivity.analyse(panel: panel, sheet: TestPanels.sheet(["A": ["q": 80], "B": ["q": 70]]))
        #expect(report.note == nil)
        #expect(report.actual.name == "Price 40 : quality 60, relative")
        #expect(report.actual.bid("A")?.total == Exact(408, 5))
        #expect(report.actual.bid("B")?.total == Exact(82))
        #expect(report.scenarios.map(\.name) == [
            "Price 60 : quality 40, relative",
            "Price 20 : quality 80, relative",
            "Price 40 : quality 60, linear",
        ])
        let (sixty, twenty, linear) = (report.scenarios[0], report.scenarios[1], report.scenarios[2])
        #expect(sixty.bid("A")?.total == Exact(412, 5))
        #expect(sixty.bid("B")?.total == Exact(88))
        #expect(sixty.reversals.isEmpty)
        #expect(twenty.bid("A")?.total == Exact(404, 5))
        #expect(twenty.bid("B")?.total == Exact(76))
        #expect(twenty.bid("A")?.rank == 1 && twenty.bid("B")?.rank == 2)
        #expect(twenty.reversals.map(\.description) == ["A would move above B"])
        #expect(linear.bid("A")?.total == Exact(48))
        #expect(linear.bid("B")?.total == Exact(82))
        #expect(linear.reversals.isEmpty)
        #expect(report.anyReversal)
    }

    /// A has the better quality and the lower price, so it stays first
    /// whatever the balance or formula.
    @Test func noReversalWhenOneBidLeadsOnBoth() {
        let panel = TestPanels.panel(quality: 70, formula: .linear, weights: [("q", 70)],
                                     bids: [("A", 80_000), ("B", 100_000), ("C", 120_000)])
        let sheet = TestPanels.sheet(["A": ["q": 90], "B": ["q": 60], "C": ["q": 50]])
        let report = Sensitivity.analyse(panel: panel, sheet: sheet)
        #expect(report.scenarios.count == 4) // three ratios, none of them the panel's 70, and relative at 70
        for scenario in report.scenarios {
            #expect(scenario.bids.map(\.bid) == ["A", "B", "C"], "\(scenario.name)")
            #expect(scenario.reversals.isEmpty, "\(scenario.name)")
        }
        #expect(!report.anyReversal)
    }

    @Test func qualityOnlyPanelHasNothingToVary() {
        let panel = TestPanels.panel(quality: 100, formula: .none, weights: [("q", 100)], bids: [("A", nil), ("B", nil)])
        let report = Sensitivity.analyse(panel: panel, sheet: TestPanels.sheet(["A": ["q": 40], "B": ["q": 60]]))
        #expect(report.scenarios.isEmpty)
        #expect(report.note?.contains("not scored") == true)
        #expect(!report.anyReversal)
        #expect(report.actual.bid("B")?.rank == 1)
    }

    /// C falls below the 50% quality threshold and D is over budget; both
    /// stay out whatever the balance, and no flip names them.
    @Test func excludedBidsStayExcludedInEveryScenario() {
        let panel = TestPanels.panel(quality: 50, weights: [("q", 30), ("r", 20)],
                                     bids: [("A", 90), ("B", 100), ("C", 50), ("D", 200)]) { rules in
            rules.qualityThreshold = 50
            rules.budget = 150
        }
        let sheet = TestPanels.sheet(["A": ["q": 70, "r": 60], "B": ["q": 90, "r": 80],
                                      "C": ["q": 30, "r": 40], "D": ["q": 100, "r": 100]])
        let report = Sensitivity.analyse(panel: panel, sheet: sheet)
        #expect(report.actual.bid("C")?.rank == nil && report.actual.bid("D")?.rank == nil)
        #expect(report.scenarios.count == 4)
        for scenario in report.scenarios {
            #expect(scenario.bid("C")?.rank == nil, "\(scenario.name)")
            #expect(scenario.bid("D")?.rank == nil, "\(scenario.name)")
            #expect(scenario.bid("A")?.rank != nil && scenario.bid("B")?.rank != nil, "\(scenario.name)")
            #expect(scenario.reversals.allSatisfy { !["C", "D"].contains($0.risen) && !["C", "D"].contains($0.fallen) })
        }
    }

    /// Weights such as 12.5 and 33.3 scale by an exact fraction, so they
    /// still add up to the new quality share, and keep their proportions.
    @Test func variantWeightsStillAddUpToQuality() throws {
        let panel = TestPanels.panel(quality: 80, weights: [("a", Exact(decimal: "12.5")!), ("b", Exact(decimal: "33.3")!),
                                                            ("c", Exact(decimal: "34.2")!)], bids: [("A", 1)])
        for quality in [Exact(40), Exact(60), Exact(decimal: "33.3")!] {
            let variant = Sensitivity.variant(of: panel, quality: quality, formula: .linear)
            #expect(Exact.sum(variant.criteria.map(\.weight)) == quality)
            #expect(variant.scoring.quality == quality)
            #expect(variant.scoring.priceFormula == .linear)
            #expect(variant.criteria[0].weight / variant.criteria[1].weight == Exact(125, 333))
        }
        let youth = ExamplePanels.youth
        let variant = Sensitivity.variant(of: youth, quality: 40, formula: .relative)
        #expect(Exact.sum(variant.criteria.map(\.weight)) == Exact(40))
        #expect(variant.scoring.qualityThreshold == youth.scoring.qualityThreshold)
    }

    @Test func sharedRanksAreNotReversals() {
        func bids(_ ranks: [(String, Int?)]) -> [ScenarioBid] {
            ranks.map { ScenarioBid(bid: $0.0, rank: $0.1, total: .zero) }
        }
        // Level in the scenario: B has caught A up but not passed it.
        #expect(Sensitivity.reversals(from: bids([("A", 1), ("B", 2)]), to: bids([("A", 1), ("B", 1)])).isEmpty)
        // Level in the actual result: neither was above the other.
        #expect(Sensitivity.reversals(from: bids([("A", 1), ("B", 1)]), to: bids([("B", 1), ("A", 2)])).isEmpty)
        // Excluded bids have no place to swap.
        #expect(Sensitivity.reversals(from: bids([("A", 1), ("B", nil)]), to: bids([("A", 1), ("B", nil)])).isEmpty)
        let flips = Sensitivity.reversals(from: bids([("A", 1), ("B", 2), ("C", 3)]), to: bids([("C", 1), ("A", 2), ("B", 3)]))
        #expect(flips.map(\.description) == ["C would move above A", "C would move above B"])
    }

    @Test func youthExampleNamesItsScenarios() throws {
        let panel = ExamplePanels.youth
        let sheet = try ExamplePanels.sheet(panel, scores: "youth-services-scores.csv", moderated: "youth-services-moderated.csv")
        let report = Sensitivity.analyse(panel: panel, sheet: sheet)
        #expect(report.scenarios.map(\.name) == [
            "Price 60 : quality 40, relative",
            "Price 40 : quality 60, relative",
            "Price 20 : quality 80, linear",
        ])
        for scenario in report.scenarios {
            #expect(scenario.bids.count == panel.bids.count)
            #expect(scenario.bid("B5")?.rank == nil) // failed safeguarding, whatever the balance
        }
        let text = report.text(panel: panel)
        #expect(text.contains("Price 20 : quality 80, linear"))
        #expect(text.split(separator: "\n").allSatisfy { DisplayWidth.of(String($0)) <= 78 })
    }
}
