import Testing
@testable import BidpanelCore

/// Krippendorff's alpha (interval) for panel agreement: advice for the chair.
@Suite("Panel agreement")
struct AgreementTests {
    func units(_ lists: [[Int]]) -> [[Exact]] { lists.map { $0.map { Exact($0) } } }

    @Test func smallExampleWorkedByHand() {
        // Units [1,2], [3,3,4], [2,4]: n = 7 pairable values.
        //
        // Observed, per unit: Σ over ordered pairs i≠j of (vi−vj)², / (m−1).
        //   [1,2]:   (1−2)² = 1, twice (both orders) = 2;       / 1 = 2
        //   [3,3,4]: (3−3)² + (3−4)² + (3−4)² = 2, twice = 4;   / 2 = 2
        //   [2,4]:   (2−4)² = 4, twice = 8;                     / 1 = 8
        //   D_o = (2 + 2 + 8) / 7 = 12/7
        //
        // Expected, all values pooled and sorted: 1, 2, 2, 3, 3, 4, 4.
        //   pairs with 1: 1+1 (to 2s) + 4+4 (to 3s) + 9+9 (to 4s) = 28
        //   pairs with a 2 (other than 1): each 2 → 1+1 + 4+4 = 10, two 2s = 20
        //   pairs with a 3 (other than 1, 2): each 3 → 1+1 = 2, two 3s = 4
        //   equal pairs add 0; unordered total 52, ordered 104
        //   D_e = 104 / (7·6) = 52/21
        //
        // α = 1 − (12/7) / (52/21) = 1 − 36/52 = 1 − 9/13 = 4/13
        #expect(Agreement.alpha(units: units([[1, 2], [3, 3, 4], [2, 4]])) == Exact(4, 13))
    }

    @Test func perfectAgreementWithVariationAcrossUnitsIsOne() {
        #expect(Agreement.alpha(units: units([[1, 1], [3, 3, 3], [5, 5]])) == .one)
    }

    @Test func noSpreadOrTooFewValuesIsNil() {
        // D_e = 0: every value equal, so there is no disagreement to measure.
        #expect(Agreement.alpha(units: units([[2, 2], [2, 2, 2]])) == nil)
        // Fewer than two pairable values.
        #expect(Agreement.alpha(units: units([[5], [7]])) == nil)
        #expect(Agreement.alpha(units: []) == nil)
    }

    @Test func unitWithOneValueIsIgnored() {
        // A lone 9 would widen D_e a lot if it counted; it cannot be paired.
        let alpha = Agreement.alpha(units: units([[1, 2], [9], [3, 3, 4], [2, 4], []]))
        #expect(alpha == Exact(4, 13))
    }

    @Test func krippendorffPublishedIntervalExample() {
        // Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011):
        // 4 coders × 12 units, "." = missing.
        //   A: 1 2 3 3 2 1 4 1 2 . . .
        //   B: 1 2 3 3 2 2 4 1 2 5 . 3
        //   C: . 3 3 3 2 3 4 2 2 5 1 .
        //   D: 1 2 3 3 2 4 4 1 2 5 1 .
        // Published interval alpha: 0.849. Unit 12 has one value and drops.
        let columns = units([[1, 1, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
                             [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [5, 5, 5], [1, 1], [3]])
        let alpha = Agreement.alpha(units: columns)
        #expect(alpha?.formatted(places: 3) == "0.849")
        // Exactly 951/1120, also found by a naive sum over every pair.
        #expect(alpha == Exact(951, 1120))
    }

    @Test func alphaIsUnchangedByShiftingAndScaling() {
        // Interval alpha depends only on differences relative to each other,
        // which is why per-criterion figures can use raw scale values.
        let raw = [[1, 2], [3, 3, 4], [2, 4]]
        let moved = raw.map { $0.map { Exact($0) * Exact(25) + Exact(-7) } }
        #expect(Agreement.alpha(units: moved) == Exact(4, 13))
    }

    // MARK: - Report from a panel

    static let safeguarding = Criterion(id: "safeguarding", section: "Safeguarding", title: "Safeguarding",
                                        kind: .passFail)
    /// Scored only by observers, and nobody on the test panel is one.
    static let observed = Criterion(id: "observed", section: "Other", title: "Observed", kind: .passFail,
                                    scoredBy: [.observer])

    @Test func reportLeavesOutConflictedMembersAndNormalisesOverall() {
        let panel = TestPanels.panel(quality: 50, weights: [("plan", 50)], bids: [("A", 10), ("B", 10)],
                                     extra: [Self.safeguarding, Self.observed])
        var sheet = ScoreSheet()
        func put(_ bid: String, _ criterion: String, _ member: String, _ value: Value) {
            sheet.record(MemberValue(slot: Slot(bid: bid, criterion: criterion), member: member, value: value))
        }
        put("A", "plan", "chair", .scale(60)); put("A", "plan", "ann", .scale(80)); put("A", "plan", "bob", .scale(20))
        put("B", "plan", "chair", .scale(40)); put("B", "plan", "ann", .scale(40)); put("B", "plan", "bob", .scale(50))
        put("A", "safeguarding", "chair", .pass(true)); put("A", "safeguarding", "ann", .pass(true))
        put("A", "safeguarding", "bob", .pass(false))
        put("B", "safeguarding", "chair", .pass(true)); put("B", "safeguarding", "ann", .pass(false))
        put("B", "safeguarding", "bob", .pass(true))
        // Bob's values for bid A must not count; the chair's moderated value
        // is not a member's value either.
        sheet.declare(Conflict(bid: "A", member: "bob", reason: "Trustee of bidder A"))
        sheet.moderate(ModeratedValue(slot: Slot(bid: "A", criterion: "plan"), value: .scale(0), reason: "test"))

        let report = Agreement.report(panel: panel, sheet: sheet)
        #expect(report.criteria.map { $0.criterion } == ["plan", "safeguarding"]) // nobody scores "observed"

        // plan: units [60,80], [40,40,50]; n = 5.
        //   observed part: [60,80] → 2·10000 − 140² = 400, / 1 = 400
        //                  [40,40,50] → 3·5700 − 130² = 200, / 2 = 100
        //   expected part: 5·15700 − 270² = 5600
        //   α = 1 − (n−1)·500/5600 = 1 − 5/14 = 9/14
        #expect(report.criteria[0].alpha == Exact(9, 14))
        #expect(report.criteria[0].values == 5)
        // With Bob's 20 counted it would be something else entirely.
        #expect(Agreement.alpha(units: units([[60, 80, 20], [40, 40, 50]])) != Exact(9, 14))

        // safeguarding, pass = 1, fail = 0: units [1,1], [1,0,1]; n = 5.
        //   observed part: 0 + (3·2 − 2²)/2 = 1; expected part: 5·4 − 4² = 4
        //   α = 1 − 4·1/4 = 0
        #expect(report.criteria[1].alpha == .zero)
        #expect(report.criteria[1].values == 5)

        // Overall: plan as shares of 0–100 pooled with pass/fail. In tenths
        // (alpha ignores a common scale): [6,8], [4,4,5], [10,10], [10,0,10].
        //   observed part: 4 + 2/2 + 0 + 200/2 = 105
        //   expected part: n = 10, Σv = 67, Σv² = 557 → 10·557 − 67² = 1081
        //   α = 1 − 9·105/1081 = 136/1081
        #expect(report.overall == Exact(136, 1081))
    }

    @Test func reportOnEmptySheetHasNoFigures() {
        let panel = TestPanels.panel(quality: 50, weights: [("plan", 50)], bids: [("A", 10)])
        let report = Agreement.report(panel: panel, sheet: ScoreSheet())
        #expect(report.criteria.count == 1)
        #expect(report.criteria[0].alpha == nil && report.criteria[0].values == 0)
        #expect(report.overall == nil)
    }

    // MARK: - Meaning

    @Test func meaningFollowsKrippendorffsThresholds() {
        #expect(Agreement.meaning(.one) == "Members agree closely.")
        #expect(Agreement.meaning(Exact(8, 10)) == "Members agree closely.")
        #expect(Agreement.meaning(Exact(7999, 10000)) == "Members broadly agree; worth a quick check.")
        #expect(Agreement.meaning(Exact(667, 1000)) == "Members broadly agree; worth a quick check.")
        #expect(Agreement.meaning(Exact(666, 1000)) == "Members often disagree: discuss before moderating.")
        #expect(Agreement.meaning(.zero) == "Members often disagree: discuss before moderating.")
        #expect(Agreement.meaning(Exact(-1, 1000))
            == "Members disagree more than chance would: check the scale was understood the same way.")
        #expect(Agreement.meaning(nil) == "Not enough scores to say yet.")
    }
}
