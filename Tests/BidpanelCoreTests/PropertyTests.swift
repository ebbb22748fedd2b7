import PropertyBased
import Testing
@testable import BidpanelCore

/// Random evaluations, built from a seed the property library draws (and
/// reports on failure, so any case can be replayed).
struct Scenario {
    var panel: Panel
    var sheet: ScoreSheet

    init(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        let quality = [100, 80, 60, 40, 20][rng.next(5)]
        let formula: PriceFormula = quality == 100 ? .none : (rng.next(2) == 0 ? .relative : .linear)
        let moderation = Moderation.allCases[rng.next(3)]
        let scale = Scale(id: "0-5", points: (0...5).map { ScalePoint(value: Exact($0), label: "\($0)", meaning: "", plain: "") })
        // Split the quality marks over 1-3 scored criteria plus a matrix and a ladder.
        var remaining = quality
        var criteria: [Criterion] = []
        let kinds: [CriterionKind] = [.scored, .matrix, .scored, .ladder, .scored]
        for (i, kind) in kinds.enumerated() {
            let weight = i == kinds.count - 1 ? remaining : rng.next(remaining / 2 + 1)
            remaining -= weight
            criteria.append(Criterion(id: "c\(i)", section: "S", title: "C\(i)", kind: kind,
                                      scaleID: kind == .scored ? "0-5" : nil, weight: Exact(weight),
                                      threshold: kind == .scored && rng.next(4) == 0 ? Exact(rng.next(3)) : nil,
                                      scoredBy: [.chair, .officer, .young]))
        }
        criteria.append(Criterion(id: "gate", section: "S", title: "Gate", kind: .passFail))
        let members = TestPanels.members
        let bids = (0..<(1 + rng.next(6))).map { i in
            Bid(id: "B\(i)", bidder: "Bidder \(i)", price: Exact(50_000 + 1000 * rng.next(100)))
        }
        panel = Panel(tender: Tender(id: "P", title: "Property", authority: "Test"),
                      scoring: ScoringRules(quality: Exact(quality), priceFormula: formula, moderation: moderation,
                                            budget: rng.next(4) == 0 ? Exact(120_000) : nil,
                                            qualityThreshold: rng.next(4) == 0 ? Exact(30) : .zero),
                      scales: [scale], criteria: criteria, members: members, bids: bids)
        sheet = ScoreSheet()
        for bid in bids {
            for criterion in criteria {
                let principles: [String?] = criterion.kind == .matrix ? panel.matrix.principles.map(\.id) : [nil]
                for principle in principles {
                    let slot = Slot(bid: bid.id, criterion: criterion.id, principle: principle)
                    for member in members where criterion.scoredBy.contains(member.role) && rng.next(5) != 0 {
                        sheet.record(MemberValue(slot: slot, member: member.id, value: Scenario.randomValue(criterion, &rng)))
                    }
                    if rng.next(3) == 0 {
                        sheet.moderate(ModeratedValue(slot: slot, value: Scenario.randomValue(criterion, &rng), reason: "agreed"))
                    }
                }
            }
            if rng.next(6) == 0 { sheet.declare(Conflict(bid: bid.id, member: members[1 + rng.next(3)].id, reason: "knows them")) }
        }
    }

    static func randomValue(_ criterion: Criterion, _ rng: inout SplitMix) -> Value {
        switch criterion.kind {
        case .scored: return .scale(Exact(rng.next(6)))
        case .ladder: return .rung(rng.next(7))
        case .matrix: return .level(rng.next(4))
        case .passFail: return .pass(rng.next(8) != 0)
        }
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return bound <= 1 ? 0 : Int(z % UInt64(bound))
    }
}

/// Results keyed by bid id, so list order cannot hide or fake a difference.
func byBid(_ result: EvaluationResult) -> [String: BidResult] {
    Dictionary(uniqueKeysWithValues: result.bids.map { ($0.bid.id, $0) })
}

@Suite("Properties")
struct PropertyTests {
    static let seeds = Gen.value(in: UInt64.min...UInt64.max)

    @Test func raisingOneScoreNeverLowersThatBidsTotal() async {
        await propertyCheck(count: 300, input: Self.seeds) { seed in
            let scenario = Scenario(seed: seed)
            let before = byBid(ScoringEngine.score(scenario.panel, scenario.sheet))
            // Raise every value of one bid on one scored criterion to the top
            // of the scale, whether it was there, missing or moderated.
            var rng = SplitMix(seed: seed ^ 0xABCD)
            let bid = scenario.panel.bids[rng.next(scenario.panel.bids.count)].id
            let criterion = scenario.panel.criteria.filter { $0.kind == .scored }[rng.next(3)]
            var raised = scenario.sheet
            let slot = Slot(bid: bid, criterion: criterion.id)
            for member in scenario.panel.members where raised.value(of: member.id, at: slot) != nil {
                raised.record(MemberValue(slot: slot, member: member.id, value: .scale(5)))
            }
            if raised.moderatedValue(at: slot) != nil {
                raised.moderate(ModeratedValue(slot: slot, value: .scale(5), reason: "raised"))
            }
            let after = byBid(ScoringEngine.score(scenario.panel, raised))
            #expect(after[bid]!.total >= before[bid]!.total, "seed \(seed)")
            #expect(after[bid]!.qualityMarks >= before[bid]!.qualityMarks)
        }
    }

    @Test func marksStayWithinTheirShares() async {
        await propertyCheck(count: 300, input: Self.seeds) { seed in
            let scenario = Scenario(seed: seed)
            let result = ScoringEngine.score(scenario.panel, scenario.sheet)
            for bid in result.bids {
                #expect(bid.qualityMarks >= .zero && bid.qualityMarks <= scenario.panel.scoring.quality)
                #expect(bid.priceMarks >= .zero && bid.priceMarks <= scenario.panel.priceShare)
                if bid.excluded { #expect(bid.priceMarks == .zero && bid.rank == nil) }
            }
        }
    }

    @Test func totalIsQualityPlusPriceMarksAsPublished() async {
        await propertyCheck(count: 200, input: Self.seeds) { seed in
            let scenario = Scenario(seed: seed)
            let result = ScoringEngine.score(scenario.panel, scenario.sheet)
            for bid in result.bids {
                // Quality marks re-derived from each criterion's weight and share.
                let quality = Exact.sum(bid.criteria.map { $0.criterion.weight * $0.share })
                #expect(bid.qualityMarks == quality)
                #expect(bid.total == quality + bid.priceMarks)
            }
            // The CSV publishes the rounded exact total, not the sum of rounded parts.
            let csv = ResultCSV.render(result, panel: scenario.panel)
            for bid in result.bids {
                #expect(csv.contains(",\(bid.total.formatted(places: 2)),"))
            }
        }
    }

    @Test func reorderingBidsAndRecordsChangesNothing() async {
        await propertyCheck(count: 200, input: Self.seeds) { seed in
            let scenario = Scenario(seed: seed)
            let original = byBid(ScoringEngine.score(scenario.panel, scenario.sheet))
            var rng = SplitMix(seed: seed &+ 1)
            var panel = scenario.panel
            panel.bids = shuffled(panel.bids, &rng)
            var sheet = ScoreSheet()
            for value in shuffled(Array(scenario.sheet.memberValues), &rng) { sheet.record(value) }
            for value in shuffled(scenario.sheet.moderated, &rng) { sheet.moderate(value) }
            for conflict in shuffled(scenario.sheet.conflicts, &rng) { sheet.declare(conflict) }
            let reordered = byBid(ScoringEngine.score(panel, sheet))
            #expect(reordered.count == original.count)
            for (id, bid) in original {
                let other = reordered[id]!
                #expect(other.total == bid.total && other.rank == bid.rank && other.reasons == bid.reasons)
                #expect(Set(other.flags.map(\.code)) == Set(bid.flags.map(\.code)))
            }
        }
    }

    @Test func reorderingCSVRowsChangesNothing() async throws {
        await propertyCheck(count: 100, input: Self.seeds) { seed in
            let scenario = Scenario(seed: seed)
            let csv = ScoresCSV.write(memberValues: scenario.sheet.memberValues, panel: scenario.panel)
            var lines = csv.split(separator: "\n").map(String.init)
            let header = lines.removeFirst()
            var rng = SplitMix(seed: seed &+ 2)
            let text = ([header] + shuffled(lines, &rng)).joined(separator: "\n")
            let values = try ScoresCSV.memberValues(text: text, file: "shuffled.csv", panel: scenario.panel)
            var sheet = ScoreSheet()
            for value in values { sheet.record(value) }
            #expect(Set(sheet.memberValues) == Set(scenario.sheet.memberValues))
        }
    }
}

func shuffled<T>(_ items: [T], _ rng: inout SplitMix) -> [T] {
    var items = items
    for i in items.indices.reversed() where i > 0 {
        items.swapAt(i, rng.next(i + 1))
    }
    return items
}
