import PropertyBased
import Testing
@testable import BidpanelCore

/// The funding line at its boundaries, for each rule at the line
/// (docs/scoring.md §15). Quality 100 on one 0-100 criterion, so a bid's
/// value is its total and the ranks are plain to see.
@Suite("Funding line")
struct FundingLineTests {
    typealias Status = FundingLine.Status

    /// Bids as (id, price, value); `failing` fail a pass/fail gate.
    static func line(_ bids: [(String, Exact, Int)], pot: Exact, rule: AtTheLine, failing: Set<String> = [],
                     leaveOut: Set<String> = []) -> (FundingLine, EvaluationResult) {
        let gate = Criterion(id: "gate", section: "Gate", title: "Gate", kind: .passFail)
        let panel = TestPanels.panel(quality: 100, formula: .none, weights: [("q", 100)],
                                     bids: bids.map { ($0.0, $0.1) }, extra: [gate]) {
            $0.pot = pot
            $0.atTheLine = rule
        }
        var sheet = TestPanels.sheet(Dictionary(uniqueKeysWithValues: bids.filter { !leaveOut.contains($0.0) }
            .map { ($0.0, ["q": $0.2]) }))
        for (bid, _, _) in bids {
            sheet.record(MemberValue(slot: Slot(bid: bid, criterion: "gate"), member: "chair",
                                     value: .pass(!failing.contains(bid))))
        }
        let result = ScoringEngine.score(panel, sheet)
        return (FundingLine(result, rules: panel.scoring)!, result)
    }

    /// A £100, B £200, C £300, D £150, ranked in that order.
    static let four: [(String, Exact, Int)] = [("A", 100, 90), ("B", 200, 80), ("C", 300, 70), ("D", 150, 60)]

    static func statuses(_ line: FundingLine) -> [String: Status] {
        Dictionary(uniqueKeysWithValues: line.entries.map { ($0.bid, $0.status) })
    }

    @Test(arguments: AtTheLine.allCases)
    func aPotExactlyEqualToTheFirstBidsFundsThemAndNoMore(rule: AtTheLine) {
        let (line, _) = Self.line(Self.four, pot: 300, rule: rule)
        let s = Self.statuses(line)
        #expect(s["A"] == .funded && s["B"] == .funded)
        #expect(line.entry("B")?.cumulative == 300)
        #expect(s["C"] == .notFunded(.crossesLine(left: 0)))
        // Nothing is left, so not even "skip" funds D, and nothing is part-funded with £0.
        #expect(s["D"] == (rule == .skip ? .notFunded(.crossesLine(left: 0)) : .notFunded(.belowLine)))
        #expect(line.awarded == 300 && line.left == 0)
        #expect(line.notFunded.map(\.bid) == ["C", "D"])
    }

    @Test func onePoundShortStopsAboveTheBidThatCrosses() {
        let (line, _) = Self.line(Self.four, pot: 299, rule: .stop)
        let s = Self.statuses(line)
        #expect(s["A"] == .funded)
        #expect(s["B"] == .notFunded(.crossesLine(left: 199)))
        #expect(s["C"] == .notFunded(.belowLine) && s["D"] == .notFunded(.belowLine))
        #expect(line.awarded == 100 && line.left == 199)
    }

    @Test func onePoundShortSkipsToTheNextBidThatFits() {
        let (line, _) = Self.line(Self.four, pot: 299, rule: .skip)
        let s = Self.statuses(line)
        #expect(s["A"] == .funded)
        #expect(s["B"] == .notFunded(.crossesLine(left: 199)))
        #expect(s["C"] == .notFunded(.crossesLine(left: 199)))
        #expect(s["D"] == .funded)
        #expect(line.entry("D")?.cumulative == 250)
        #expect(line.awarded == 250 && line.left == 49)
    }

    @Test func onePoundShortPartFundsTheBidThatCrosses() {
        let (line, _) = Self.line(Self.four, pot: 299, rule: .partFund)
        let s = Self.statuses(line)
        #expect(s["B"] == .partFunded)
        #expect(line.entry("B")?.award == 199 && line.entry("B")?.cumulative == 299)
        #expect(s["C"] == .notFunded(.belowLine) && s["D"] == .notFunded(.belowLine))
        #expect(line.awarded == 299 && line.left == 0)
    }

    @Test(arguments: AtTheLine.allCases)
    func onePoundOverLeavesAPoundOrPartFundsWithIt(rule: AtTheLine) {
        let (line, _) = Self.line(Self.four, pot: 301, rule: rule)
        let s = Self.statuses(line)
        #expect(s["A"] == .funded && s["B"] == .funded)
        switch rule {
        case .partFund:
            #expect(s["C"] == .partFunded && line.entry("C")?.award == 1 && line.left == 0)
        case .skip, .stop:
            #expect(s["C"] == .notFunded(.crossesLine(left: 1)) && line.left == 1)
        }
    }

    @Test func aPartFundedAwardIsExactToThePenny() {
        let (line, _) = Self.line(Self.four, pot: Exact(decimal: "250.50")!, rule: .partFund)
        #expect(line.entry("B")?.status == .partFunded)
        #expect(line.entry("B")?.award == Exact(decimal: "150.50")!)
        #expect(line.awarded == line.pot)
    }

    /// B and C share rank 2 (same marks, same price): the tie-break cannot part them.
    static let tied: [(String, Exact, Int)] = [("A", 100, 90), ("B", 100, 80), ("C", 100, 80), ("D", 50, 60)]

    @Test(arguments: AtTheLine.allCases)
    func bidsTiedAtTheLineAreLeftToTheChair(rule: AtTheLine) {
        let (line, result) = Self.line(Self.tied, pot: 250, rule: rule)
        #expect(result.rank("B") == 2 && result.rank("C") == 2)
        let s = Self.statuses(line)
        #expect(s["A"] == .funded)
        #expect(s["B"] == .notFunded(.tiedAtLine(with: ["B", "C"])))
        #expect(s["C"] == .notFunded(.tiedAtLine(with: ["B", "C"])))
        // Not even "skip" funds D: the chair's choice could use the rest.
        #expect(s["D"] == .notFunded(.belowLine))
        #expect(line.tiedAtLine == ["B", "C"] && line.awarded == 100)
    }

    @Test(arguments: AtTheLine.allCases)
    func aTieThePotCanFundWhollyIsFunded(rule: AtTheLine) {
        let (line, _) = Self.line(Self.tied, pot: 300, rule: rule)
        #expect(line.entry("B")?.status == .funded && line.entry("C")?.status == .funded)
        #expect(line.tiedAtLine.isEmpty)
    }

    @Test func aTieNeitherOfWhichFitsIsSkippedTogether() {
        let (line, _) = Self.line(Self.tied, pot: 150, rule: .skip)
        let s = Self.statuses(line)
        #expect(s["B"] == .notFunded(.crossesLine(left: 50)) && s["C"] == .notFunded(.crossesLine(left: 50)))
        #expect(s["D"] == .funded && line.awarded == 150)
    }

    @Test(arguments: AtTheLine.allCases)
    func excludedBidsAreSkippedAndNeverFunded(rule: AtTheLine) {
        // E has the best marks but fails the gate.
        let bids = [("E", Exact(100), 99)] + Self.four
        let (line, _) = Self.line(bids, pot: 300, rule: rule, failing: ["E"])
        let s = Self.statuses(line)
        #expect(s["E"] == .notFundable && line.entry("E")?.award == 0)
        #expect(s["A"] == .funded && s["B"] == .funded)
        #expect(line.entries.last?.bid == "E")
        #expect(!line.notFunded.map(\.bid).contains("E"))
    }

    @Test(arguments: AtTheLine.allCases)
    func withNoFundableBidNothingIsAwarded(rule: AtTheLine) {
        let (line, _) = Self.line(Self.four, pot: 500, rule: rule, failing: ["A", "B", "C", "D"])
        #expect(line.entries.allSatisfy { $0.status == .notFundable && $0.award == 0 })
        #expect(line.funded.isEmpty && line.notFunded.isEmpty && line.left == 500)
    }

    @Test func everyFigureIsTheEnginesAndTheLineIsProvisionalWithIt() {
        let (whole, _) = Self.line(Self.four, pot: 400, rule: .skip)
        #expect(whole.complete)
        let (line, result) = Self.line(Self.four, pot: 400, rule: .skip, leaveOut: ["D"])
        #expect(!result.complete && !line.complete)
        var running = Exact.zero
        for entry in line.entries {
            guard let bid = result.bid(entry.bid) else { Issue.record("no \(entry.bid)"); continue }
            #expect(entry.rank == bid.rank)
            #expect(entry.requested == bid.bid.price)
            running += entry.award
            #expect(entry.cumulative == running)
        }
        #expect(line.entries.map(\.bid) == result.bids.map(\.bid.id))
    }

    @Test func aPanelWithoutAPotHasNoFundingLine() {
        let panel = TestPanels.panel(quality: 100, formula: .none, weights: [("q", 100)], bids: [("A", 100)])
        #expect(FundingLine(ScoringEngine.score(panel, ScoreSheet()), rules: panel.scoring) == nil)
    }

    // MARK: - Properties, over the random evaluations of `PropertyTests`

    static let seeds = Gen.value(in: UInt64.min...UInt64.max)

    @Test func theLineKeepsWithinThePotAndToRankOrder() async {
        await propertyCheck(count: 300, input: Self.seeds) { seed in
            let scenario = Scenario(seed: seed)
            let result = ScoringEngine.score(scenario.panel, scenario.sheet)
            var rng = SplitMix(seed: seed ^ 0xF00D)
            let pot = Exact(rng.next(700_001))
            let rule = AtTheLine.allCases[rng.next(3)]
            let line = FundingLine(result, pot: pot, rule: rule)
            #expect(line.awarded <= pot)
            #expect(line.entries.count == result.bids.count)
            var running = Exact.zero
            for entry in line.entries {
                running += entry.award
                #expect(entry.cumulative == running)
                #expect(entry.award <= (entry.requested ?? .zero) && !entry.award.isNegative)
                #expect((entry.status == .notFundable) == (entry.rank == nil))
                if entry.status == .funded { #expect(entry.award == entry.requested) }
            }
            #expect(line.entries.filter { $0.status == .partFunded }.count <= (rule == .partFund ? 1 : 0))
            if rule == .stop || rule == .partFund {
                // The funded bids are a prefix of the ranking: none ranks below a bid left unfunded.
                let lowestFunded = line.funded.compactMap(\.rank).max() ?? 0
                let highestUnfunded = line.notFunded.compactMap(\.rank).min() ?? Int.max
                #expect(lowestFunded < highestUnfunded)
            }
            if line.notFunded.isEmpty { #expect(line.funded.count == result.bids.filter { $0.rank != nil }.count) }
        }
    }
}
