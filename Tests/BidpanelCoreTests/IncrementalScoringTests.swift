import PropertyBased
import Testing
@testable import BidpanelCore

/// The result kept up to date bid by bid equals a fresh run of the engine,
/// after every one of many random changes: values recorded and replaced,
/// moderated, conflicts declared and withdrawn, bids withdrawn,
/// disqualified and reinstated (which move price marks, ranks and flags of
/// bids that did not change).
@Suite("Incremental scoring")
struct IncrementalScoringTests {
    @Test func equalsAFreshRunAfterRandomChanges() async {
        await propertyCheck(count: 150, input: PropertyTests.seeds) { seed in
            let scenario = Scenario(seed: seed)
            let panel = scenario.panel
            var sheet = scenario.sheet
            var scoring = IncrementalScoring(panel: panel, sheet: sheet)
            #expect(scoring.result == ScoringEngine.score(panel, sheet))
            var rng = SplitMix(seed: seed ^ 0x5EED)
            for _ in 0..<12 {
                var changed: Set<String> = []
                for _ in 0..<(1 + rng.next(3)) {
                    let bid = panel.bids[rng.next(panel.bids.count)].id
                    Self.change(bid: bid, in: &sheet, panel: panel, rng: &rng)
                    changed.insert(bid)
                }
                // Now and then a change names a bid that is not on the panel.
                if rng.next(8) == 0 { changed.insert("not-a-bid") }
                scoring.rescore(bids: changed, sheet: sheet)
                #expect(scoring.result == ScoringEngine.score(panel, sheet))
            }
        }
    }

    /// A panel whose bids share an id (it does not validate) is worked out
    /// whole after each change, so it still gives the engine's result.
    @Test func bidsSharingAnIdStillEqualAFreshRun() {
        var scenario = Scenario(seed: 42)
        scenario.panel.bids.append(scenario.panel.bids[0])
        var sheet = scenario.sheet
        var scoring = IncrementalScoring(panel: scenario.panel, sheet: sheet)
        sheet.moderate(ModeratedValue(slot: Slot(bid: scenario.panel.bids[0].id, criterion: "c0"), value: .scale(Exact(5)), reason: "agreed"))
        scoring.rescore(bids: [scenario.panel.bids[0].id], sheet: sheet)
        #expect(scoring.result == ScoringEngine.score(scenario.panel, sheet))
    }

    static func change(bid: String, in sheet: inout ScoreSheet, panel: Panel, rng: inout SplitMix) {
        let criterion = panel.criteria[rng.next(panel.criteria.count)]
        let principle = criterion.kind == .matrix ? panel.matrix.principles[rng.next(panel.matrix.principles.count)].id : nil
        let slot = Slot(bid: bid, criterion: criterion.id, principle: principle)
        let members = panel.members
        switch rng.next(8) {
        case 0, 1, 2:
            sheet.record(MemberValue(slot: slot, member: members[rng.next(members.count)].id,
                                     value: Scenario.randomValue(criterion, &rng)))
        case 3:
            sheet.moderate(ModeratedValue(slot: slot, value: Scenario.randomValue(criterion, &rng), reason: "agreed \(rng.next(9))"))
        case 4:
            sheet.declare(Conflict(bid: bid, member: members[rng.next(members.count)].id, reason: "knows them"))
        case 5:
            if let conflict = sheet.conflicts.first(where: { $0.bid == bid }) {
                sheet.withdrawConflict(bid: bid, member: conflict.member)
            }
        case 6:
            sheet.remove(BidRemoval(bid: bid, standing: rng.next(2) == 0 ? .withdrawn : .disqualified, reason: "letter \(rng.next(9))"))
        default:
            sheet.reinstate(bid: bid)
        }
    }
}
