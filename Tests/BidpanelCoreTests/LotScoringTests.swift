import PropertyBased
import Testing
@testable import BidpanelCore

/// Lots (issue 13): each lot is its own competition, then the award rule.
@Suite("Lots: scoring and awards")
struct LotScoringTests {
    /// Quality 60 on one 0-100 criterion, price 40 relative; each bid is
    /// (id, lot, bidder, price), its quality a percentage from `quality`.
    static func tender(_ bids: [(String, String, String, Int)], lots: [String], limit: Int? = nil,
                       quality: [String: Int]) -> (Panel, ScoreSheet) {
        var panel = TestPanels.panel(quality: 60, weights: [("q", 60)], bids: [])
        panel.lots = lots.map { Lot(id: $0, title: "Lot \($0)") }
        panel.scoring.maxLotsPerBidder = limit
        panel.bids = bids.map { Bid(id: $0.0, bidder: $0.2, price: Exact($0.3), lot: $0.1) }
        return (panel, TestPanels.sheet(quality.mapValues { ["q": $0] }))
    }

    @Test func eachLotIsScoredOnlyAgainstItsOwnBids() {
        // A in north and B in south have the same quality; B's price is
        // lower than anything in north, but marks price only against south.
        let (panel, sheet) = Self.tender([("A", "north", "Ash", 100), ("C", "north", "Cole", 200),
                                          ("B", "south", "Birch", 50)],
                                         lots: ["north", "south"], quality: ["A": 80, "C": 80, "B": 80])
        let tender = LotScoring.score(panel, sheet)
        let north = tender.lot("north")!.result, south = tender.lot("south")!.result
        #expect(north.bids.map(\.bid.id) == ["A", "C"])
        #expect(north.bid("A")!.priceMarks == 40 && north.bid("C")!.priceMarks == 20)
        #expect(south.bids.map(\.bid.id) == ["B"])
        #expect(south.bid("B")!.priceMarks == 40 && south.bid("B")!.rank == 1)
        #expect(north.total("A") == 88 && north.total("C") == 68)
    }

    @Test func aLotsOwnBudgetAndWeightsApplyOnlyToIt() {
        var (panel, sheet) = Self.tender([("A", "north", "Ash", 100), ("B", "south", "Birch", 100)],
                                         lots: ["north", "south"], quality: ["A": 50, "B": 50])
        panel.criteria.append(Criterion(id: "r", section: "Quality", title: "r", kind: .scored, scaleID: "0-100",
                                        weight: 0, scoredBy: [.chair]))
        panel.lots[0].budget = 90
        panel.lots[1].weights = ["q": 30, "r": 30]
        sheet.record(MemberValue(slot: Slot(bid: "B", criterion: "r"), member: "chair", value: .scale(100)))
        let tender = LotScoring.score(panel, sheet)
        #expect(tender.lot("north")!.result.bid("A")!.reasons == [.overBudget(price: 100, budget: 90)])
        // South: 30 × 50% + 30 × 100% = 45 quality marks, plus 40 for price.
        #expect(tender.lot("south")!.result.bid("B")!.qualityMarks == 45)
        #expect(tender.lot("south")!.result.total("B") == 85)
        #expect(tender.lot("south")!.result.bid("B")!.reasons.isEmpty)
    }

    // MARK: - The award rule

    @Test func withoutALimitEveryLotGoesToItsFirstRankedBid() {
        let (panel, sheet) = Self.tender([("A1", "north", "Ash", 100), ("A2", "south", "Ash", 100),
                                          ("B1", "north", "Birch", 100), ("B2", "south", "Birch", 100)],
                                         lots: ["north", "south"], quality: ["A1": 90, "A2": 90, "B1": 50, "B2": 50])
        let awards = LotScoring.score(panel, sheet).awards
        #expect(awards.decisions.map(\.outcome) == [.awarded(bid: "A1"), .awarded(bid: "A2")])
        #expect(awards.decisions.allSatisfy { $0.passedOver.isEmpty })
    }

    @Test func aBidderAtTheLimitIsPassedOverInTheLaterLots() {
        // Ash ranks first everywhere; with at most 2 lots each it wins the
        // first two lots in the file's order, and Birch the third.
        let (panel, sheet) = Self.tender([("A1", "north", "Ash", 100), ("A2", "south", "Ash", 100), ("A3", "east", "Ash", 100),
                                          ("B1", "north", "Birch", 100), ("B3", "east", "Birch", 100)],
                                         lots: ["north", "south", "east"], limit: 2,
                                         quality: ["A1": 90, "A2": 90, "A3": 90, "B1": 50, "B3": 50])
        let awards = LotScoring.score(panel, sheet).awards
        #expect(awards.decisions.map(\.outcome) == [.awarded(bid: "A1"), .awarded(bid: "A2"), .awarded(bid: "B3")])
        #expect(awards.decision(lot: "east")!.passedOver == [.init(bid: "A3", rank: 1, lotsWon: ["north", "south"])])
    }

    @Test func aLotWhoseOnlyBidderIsAtTheLimitIsNotAwarded() {
        let (panel, sheet) = Self.tender([("A1", "north", "Ash", 100), ("A2", "south", "Ash", 100)],
                                         lots: ["north", "south"], limit: 1, quality: ["A1": 90, "A2": 90])
        let awards = LotScoring.score(panel, sheet).awards
        #expect(awards.decisions.map(\.outcome) == [.awarded(bid: "A1"), .noBid])
        #expect(awards.decision(lot: "south")!.passedOver.map(\.bid) == ["A2"])
    }

    @Test func aTieAtTheTopIsLeftToTheChairAndCountsForNobody() {
        // North: Ash and Birch tie exactly (same quality, same price). The
        // chair decides it; south is then worked out as if north had gone
        // to nobody, so Ash (first there) still wins south under a limit of 1.
        let (panel, sheet) = Self.tender([("A1", "north", "Ash", 100), ("B1", "north", "Birch", 100),
                                          ("A2", "south", "Ash", 100), ("B2", "south", "Birch", 100)],
                                         lots: ["north", "south"], limit: 1,
                                         quality: ["A1": 70, "B1": 70, "A2": 90, "B2": 60])
        let awards = LotScoring.score(panel, sheet).awards
        #expect(awards.decisions.map(\.outcome) == [.tied(bids: ["A1", "B1"]), .awarded(bid: "A2")])
    }

    @Test func aTieIsBrokenWhenOneOfTheTiedBiddersIsAtTheLimit() {
        let (panel, sheet) = Self.tender([("A1", "north", "Ash", 100), ("A2", "south", "Ash", 100),
                                          ("B2", "south", "Birch", 100), ("C2", "south", "Cole", 100)],
                                         lots: ["north", "south"], limit: 1,
                                         quality: ["A1": 90, "A2": 70, "B2": 70, "C2": 40])
        let awards = LotScoring.score(panel, sheet).awards
        #expect(awards.decision(lot: "south")!.outcome == .awarded(bid: "B2"))
        #expect(awards.decision(lot: "south")!.passedOver == [.init(bid: "A2", rank: 1, lotsWon: ["north"])])
    }

    @Test func theSameSupplierUnderTwoSpellingsIsOneBidder() {
        var (panel, sheet) = Self.tender([("A1", "north", "Ash Ltd", 100), ("A2", "south", "ASH LIMITED", 100),
                                          ("B2", "south", "Birch", 100)],
                                         lots: ["north", "south"], limit: 1, quality: ["A1": 90, "A2": 90, "B2": 50])
        #expect(LotScoring.score(panel, sheet).awards.decision(lot: "south")!.outcome == .awarded(bid: "A2"))
        panel.bids[0].contact.supplierID = "PUK-1"
        panel.bids[1].contact.supplierID = "PUK-1"
        #expect(LotScoring.score(panel, sheet).awards.decision(lot: "south")!.outcome == .awarded(bid: "B2"))
        sheet = ScoreSheet()
    }

    @Test func anExcludedBidNeverWinsALot() {
        var (panel, sheet) = Self.tender([("A1", "north", "Ash", 100), ("B1", "north", "Birch", 100)],
                                         lots: ["north"], quality: ["A1": 90, "B1": 50])
        panel.lots[0].budget = 99
        let awards = LotScoring.score(panel, sheet).awards
        #expect(awards.decisions.map(\.outcome) == [.noBid])
        sheet = ScoreSheet()
    }

    // MARK: - Properties

    static let seeds = Gen.value(in: UInt64.min...UInt64.max)

    /// Scenario's panel with its bids spread over 1-3 lots at random.
    static func inLots(_ scenario: Scenario, seed: UInt64) -> Panel {
        var rng = SplitMix(seed: seed ^ 0x10_75)
        var panel = scenario.panel
        panel.lots = (0..<(1 + rng.next(3))).map { Lot(id: "L\($0)", title: "Lot \($0)") }
        for index in panel.bids.indices { panel.bids[index].lot = panel.lots[rng.next(panel.lots.count)].id }
        if rng.next(2) == 0 { panel.scoring.maxLotsPerBidder = 1 + rng.next(2) }
        for index in panel.bids.indices where rng.next(3) == 0 { panel.bids[index].bidder = "Bidder 0" }
        return panel
    }

    /// A result's figures keyed by bid: what a reader of the totals sees.
    static func figures(_ result: EvaluationResult) -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: result.bids.map { bid in
            (bid.bid.id, [bid.qualityMarks.description, bid.priceMarks.description, bid.total.description,
                          bid.rank.map { "\($0)" } ?? "-", "\(bid.reasons)", "\(Set(bid.flags.map(\.code)).sorted())",
                          "\(bid.complete)"] + bid.criteria.map { "\($0.criterion.id) \($0.marks) \($0.basis)" })
        })
    }

    @Test func oneLotScoresExactlyAsNoLots() async {
        await propertyCheck(count: 200, input: Self.seeds) { seed in
            let scenario = Scenario(seed: seed)
            var panel = scenario.panel
            panel.lots = [Lot(id: "only", title: "The only lot")]
            for index in panel.bids.indices { panel.bids[index].lot = "only" }
            let plain = ScoringEngine.score(scenario.panel, scenario.sheet)
            let lots = LotScoring.score(panel, scenario.sheet)
            #expect(Self.figures(lots.lots[0].result) == Self.figures(plain), "seed \(seed)")
            #expect(lots.lots[0].result.bids.map(\.bid.id) == plain.bids.map(\.bid.id))
            #expect(lots.complete == plain.complete)
        }
    }

    @Test func reorderingLotsOrBidsChangesNoLotsFigures() async {
        await propertyCheck(count: 200, input: Self.seeds) { seed in
            let scenario = Scenario(seed: seed)
            let panel = Self.inLots(scenario, seed: seed)
            let original = LotScoring.score(panel, scenario.sheet)
            var rng = SplitMix(seed: seed &+ 7)
            var reordered = panel
            reordered.lots = shuffled(panel.lots, &rng)
            reordered.bids = shuffled(panel.bids, &rng)
            let again = LotScoring.score(reordered, scenario.sheet)
            for lot in original.lots {
                #expect(Self.figures(again.lot(lot.lot.id)!.result) == Self.figures(lot.result), "seed \(seed)")
            }
            // Bids' order never changes who wins; lots' order may, under a
            // limit (the rule decides lots in the file's order), never without.
            var sameLots = panel
            sameLots.bids = reordered.bids
            #expect(LotScoring.score(sameLots, scenario.sheet).awards == original.awards, "seed \(seed)")
            if panel.scoring.maxLotsPerBidder == nil {
                for decision in original.awards.decisions {
                    #expect(again.awards.decision(lot: decision.lot) == decision, "seed \(seed)")
                }
            }
        }
    }

    @Test func aBidsResultInOneLotDoesNotDependOnBidsInAnother() async {
        await propertyCheck(count: 200, input: Self.seeds) { seed in
            let scenario = Scenario(seed: seed)
            var panel = Self.inLots(scenario, seed: seed)
            guard panel.lots.count >= 2 else { return }
            let before = LotScoring.score(panel, scenario.sheet)
            // Change everything about lot L0's bids: prices, values, and add one.
            var sheet = scenario.sheet
            var rng = SplitMix(seed: seed &+ 9)
            for index in panel.bids.indices where panel.bids[index].lot == "L0" {
                panel.bids[index].price = Exact(10_000 + 1000 * rng.next(200))
                for criterion in panel.criteria where criterion.kind == .scored {
                    sheet.record(MemberValue(slot: Slot(bid: panel.bids[index].id, criterion: criterion.id),
                                             member: "ann", value: .scale(Exact(rng.next(6)))))
                }
            }
            panel.bids.append(Bid(id: "NEW", bidder: "Newcomer", price: Exact(1000), lot: "L0"))
            let after = LotScoring.score(panel, sheet)
            for lot in before.lots where lot.lot.id != "L0" {
                #expect(Self.figures(after.lot(lot.lot.id)!.result) == Self.figures(lot.result), "seed \(seed)")
            }
        }
    }
}

/// docs/scoring.md §13, worked by hand, reproduced exactly from the shipped
/// panels/youth-lots.toml and its scores.
@Suite("Lots: the worked example")
struct LotWorkedExampleTests {
    @Test func theWorkedExampleComesOutAsTheDocsSay() throws {
        let panel = ExamplePanels.load("youth-lots")
        let sheet = try ExamplePanels.sheet(panel, scores: "youth-lots-scores.csv")
        let tender = LotScoring.score(panel, sheet)
        let north = try #require(tender.lot("north")).result, south = try #require(tender.lot("south")).result
        // North: experience 50, delivery 30; lowest price £80,000.
        #expect(north.bid("N1")!.qualityMarks == 74 && north.bid("N1")!.priceMarks == Exact(160, 9))
        #expect(north.total("N1") == Exact(826, 9) && north.rank("N1") == 1)
        #expect(north.bid("N2")!.qualityMarks == 48 && north.bid("N2")!.priceMarks == 20 && north.rank("N2") == 2)
        // South: its own weights, experience 40 and delivery 40; lowest price £70,000.
        #expect(south.bid("S1")!.qualityMarks == 76 && south.total("S1") == 96 && south.rank("S1") == 1)
        #expect(south.bid("S2")!.qualityMarks == 52 && south.bid("S2")!.priceMarks == Exact(56, 3))
        #expect(south.total("S2") == Exact(212, 3))
        // One lot per bidder, decided in the file's order: Riverside wins
        // north, so south goes to Southbank.
        #expect(tender.awards.decisions.map(\.outcome) == [.awarded(bid: "N1"), .awarded(bid: "S2")])
        #expect(tender.awards.decision(lot: "south")!.passedOver == [.init(bid: "S1", rank: 1, lotsWon: ["north"])])
        #expect(tender.complete)
        let text = LotText.render(tender, panel: panel)
        #expect(text.contains("   1 N1  Riverside Youth Arts £90,000   74.00 17.78 91.78"))
        #expect(text.contains("south: S2 Southbank Youth"))
    }
}
