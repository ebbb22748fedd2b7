import PropertyBased
import Testing
@testable import BidpanelCore

/// The sheet keeps members' values packed (`MemberValues`); these check it
/// against the plainest model of what recording means: a list in the order
/// first recorded, where a member's second value for a slot replaces the
/// first in its place.
@Suite("Packed member values")
struct PackedValuesTests {
    static let seeds = Gen.value(in: UInt64.min...UInt64.max)

    /// Records random values (few slots, members and values, so replacing
    /// happens often; comments sometimes empty, sometimes long or odd) and
    /// compares the sheet with the model after every step.
    @Test func recordingMatchesAPlainListAfterEveryStep() async {
        await propertyCheck(count: 200, input: Self.seeds) { seed in
            var rng = SplitMix(seed: seed)
            let bids = ["B1", "B2", "a bid id longer than fifteen bytes", "B\u{301}"]
            let criteria = ["C1", "C2", "matrix"]
            let members = ["zoe", "david", "amira+jay", "ünïcode"]
            let comments = ["", "", "fine", "a comment with\nnew lines and \u{1B}[31m an escape", String(repeating: "long ", count: 200)]
            func randomValue() -> MemberValue {
                let criterion = criteria[rng.next(criteria.count)]
                let slot = Slot(bid: bids[rng.next(bids.count)], criterion: criterion,
                                principle: criterion == "matrix" ? ["p1", "p2"][rng.next(2)] : nil)
                let value: Value = [.scale(Exact(rng.next(5))), .rung(rng.next(7)), .pass(rng.next(2) == 0),
                                    .scale(Exact(rng.next(9)) / Exact(2))][rng.next(4)]
                return MemberValue(slot: slot, member: members[rng.next(members.count)], value: value,
                                   comment: comments[rng.next(comments.count)])
            }
            var model: [MemberValue] = []
            var sheet = ScoreSheet()
            for _ in 0..<(1 + rng.next(120)) {
                let value = randomValue()
                if let index = model.firstIndex(where: { $0.slot == value.slot && $0.member == value.member }) {
                    model[index] = value
                } else {
                    model.append(value)
                }
                sheet.record(value)
                #expect(Array(sheet.memberValues) == model)
                let probe = randomValue()
                #expect(sheet.value(of: probe.member, at: probe.slot)
                        == model.first { $0.slot == probe.slot && $0.member == probe.member })
            }
            #expect(ScoreSheet(memberValues: model).memberValues.elementsEqual(model))
        }
    }

    /// A value replaced many times leaves one value and its latest comment.
    @Test func replacingAgainAndAgainKeepsTheLatestOnly() {
        var sheet = ScoreSheet()
        let slot = Slot(bid: "B1", criterion: "C1")
        for round in 0..<1_000 {
            let comment = round % 3 == 1 ? "" : "round \(round)"
            sheet.record(MemberValue(slot: slot, member: "zoe", value: .scale(Exact(round % 5)), comment: comment))
        }
        #expect(Array(sheet.memberValues) == [MemberValue(slot: slot, member: "zoe", value: .scale(4), comment: "round 999")])
    }

    /// The engine reads the packed form directly: the same values recorded
    /// in any order give the same result as a sheet read in slot order.
    @Test func theEngineScoresPackedValuesInAnyOrder() async {
        await propertyCheck(count: 100, input: Self.seeds) { seed in
            let scenario = Scenario(seed: seed)
            var rng = SplitMix(seed: seed &+ 7)
            let values = Array(scenario.sheet.memberValues)
            var shuffled = values
            for index in shuffled.indices.reversed() { shuffled.swapAt(index, rng.next(index + 1)) }
            var reordered = ScoreSheet(memberValues: shuffled)
            for value in scenario.sheet.moderated { reordered.moderate(value) }
            for conflict in scenario.sheet.conflicts { reordered.declare(conflict) }
            #expect(byBid(ScoringEngine.score(scenario.panel, reordered)) == byBid(ScoringEngine.score(scenario.panel, scenario.sheet)))
        }
    }
}
