import BidpanelCore
import Foundation
import Testing
@testable import BidpanelStore

/// The chair putting a member's mistake right: reopening a submitted bid and
/// withdrawing a conflict of interest. Only the chair, always with a reason,
/// always audited with the old state, never after sign-off.
@Suite("Evaluation file: the chair's undo")
struct ChairUndoTests {
    /// The youth store with Zoë and Kyle given PINs and signed in.
    func signedIn() throws -> (EvaluationStore, chair: MemberSession, zoe: MemberSession, kyle: MemberSession) {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        try chair.setPIN(for: "zoe", to: "1357")
        try chair.setPIN(for: "kyle", to: "9753")
        return (store, chair, try store.signIn(member: "zoe", pin: "1357"), try store.signIn(member: "kyle", pin: "9753"))
    }

    /// Records a value in every slot the member scores for the bid, each
    /// kind on its own scale, `step` up from the bottom.
    func fill(_ session: MemberSession, bid: String, step: Int) throws {
        for slot in session.slots(for: bid) {
            let criterion = session.panel.criterion(id: slot.criterion)!
            let value: Value = criterion.kind == .ladder ? .rung(step + 1) : criterion.kind == .matrix ? .level(min(step, 2)) : .scale(Exact(step))
            try session.record(slot, value)
        }
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch let error as StoreError { return error.message } catch { return "\(error)" }
    }

    @Test func onlyTheChairReopensASubmittedBidWithAReasonAndTheAuditSaysSo() throws {
        let (store, chair, zoe, kyle) = try signedIn()
        try fill(zoe, bid: "B1", step: 3)
        #expect(message { try chair.reopen(bid: "B1", for: "zoe", reason: "Zoë asked") }.contains("has not submitted bid B1, so it is open already"))
        try zoe.submit(bid: "B1")
        #expect(message { try kyle.reopen(bid: "B1", for: "zoe", reason: "Zoë asked") } == "only the chair can reopen a member's bid")
        #expect(message { try chair.reopen(bid: "B1", for: "zoe", reason: "  ") }.contains("needs a reason"))
        #expect(message { try chair.reopen(bid: "b1", for: "zoe", reason: "Zoë asked") }.contains("did you mean \"B1\""))
        #expect(message { try chair.reopen(bid: "B1", for: "zoey", reason: "Zoë asked") }.contains("did you mean \"zoe\""))
        // Every refusal left the bid submitted and wrote nothing.
        #expect(throws: StoreError.self) { try zoe.record(Slot(bid: "B1", criterion: "experience"), .scale(5)) }

        let reason = "Zoë pressed submit before reading the answer on outcomes again"
        try chair.reopen(bid: "B1", for: "zoe", reason: reason)
        let entry = try #require(try chair.auditEntries().last)
        #expect(entry.action == "reopen-bid" && entry.actor == "priya" && entry.member == "zoe" && entry.bid == "B1")
        #expect(entry.oldValue == "submitted" && entry.newValue == "open" && entry.reason == reason)
        #expect(try store.verifyAudit() == [])
        // Open again: her values stay, and she can change one and submit again.
        try zoe.record(Slot(bid: "B1", criterion: "experience"), .scale(5))
        try zoe.submit(bid: "B1")
        #expect(try store.verifyAudit() == [])

        try chair.signOff(anyway: "Members score elsewhere in this test")
        #expect(message { try chair.reopen(bid: "B1", for: "zoe", reason: reason) }.contains("signed off and read-only"))
    }

    @Test func onlyTheChairWithdrawsAConflictWithAReasonAndTheOldReasonIsAudited() throws {
        let (store, chair, zoe, kyle) = try signedIn()
        let declared = "My aunt chairs the trustees of Northgate Youth Trust"
        try zoe.declareConflicts([(bid: "B2", reason: declared)])
        #expect(message { try kyle.withdrawConflict(bid: "B2", member: "zoe", reason: "wrong bid") }
                == "only the chair can withdraw a member's conflict of interest")
        #expect(message { try chair.withdrawConflict(bid: "B2", member: "zoe", reason: "") }.contains("needs a reason"))
        #expect(message { try chair.withdrawConflict(bid: "b2", member: "zoe", reason: "wrong bid") }.contains("did you mean \"B2\""))
        #expect(message { try chair.withdrawConflict(bid: "B2", member: "zoee", reason: "wrong bid") }.contains("did you mean \"zoe\""))
        #expect(message { try chair.withdrawConflict(bid: "B2", member: "kyle", reason: "wrong bid") }
                .contains("kyle has not declared a conflict with bid B2"))
        #expect(throws: StoreError.self) { try zoe.record(Slot(bid: "B2", criterion: "experience"), .scale(3)) }

        let reason = "Zoë's aunt chairs a different trust; she declared B2 by mistake"
        try chair.withdrawConflict(bid: "B2", member: "zoe", reason: reason)
        let entry = try #require(try chair.auditEntries().last)
        #expect(entry.action == "withdraw-conflict" && entry.actor == "priya" && entry.member == "zoe" && entry.bid == "B2")
        #expect(entry.oldValue == "conflict: \(declared)" && entry.newValue == "no conflict" && entry.reason == reason)
        #expect(try store.verifyAudit() == [])
        #expect(try chair.scoreSheet().conflicts.isEmpty)
        // She can score it now; a second withdrawal finds nothing to withdraw.
        try zoe.record(Slot(bid: "B2", criterion: "experience"), .scale(3))
        #expect(message { try chair.withdrawConflict(bid: "B2", member: "zoe", reason: reason) }.contains("nothing to withdraw"))
        // The audit listing names the withdrawal with the old reason.
        let listing = AuditReport.render(try chair.auditEntries(), panel: store.panel, problems: [], date: "1 December 2026")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(listing.contains("withdrew the conflict of"), "\(listing)")
        #expect(listing.contains("with bid B2: conflict: \(declared) → no conflict"))

        try kyle.declareConflicts([(bid: "B3", reason: "My cousin works there")])
        try chair.signOff(anyway: "Members score elsewhere in this test")
        #expect(message { try chair.withdrawConflict(bid: "B3", member: "kyle", reason: reason) }.contains("signed off and read-only"))
        #expect(try store.verifyAudit() == [])
    }

    @Test func aWithdrawnConflictLetsTheMembersValuesCountExactlyAsTheEngineSays() throws {
        let (store, chair, zoe, kyle) = try signedIn()
        try fill(kyle, bid: "B1", step: 2)
        try fill(zoe, bid: "B1", step: 4)
        // Values typed before a late declaration stay in the file but do not count.
        try zoe.declareConflicts([(bid: "B1", reason: "I volunteered there last summer")])
        let before = try chair.scoreSheet()
        var withdrawn = ScoreSheet()
        for value in before.memberValues { withdrawn.record(value) }
        for value in before.moderated { withdrawn.moderate(value) }
        for conflict in before.conflicts where !(conflict.bid == "B1" && conflict.member == "zoe") { withdrawn.declare(conflict) }
        let expected = ScoringEngine.score(store.panel, withdrawn)
        let conflicted = try chair.result()
        #expect(conflicted.bid("B1") != expected.bid("B1"), "Zoë's higher values must move B1")

        try chair.withdrawConflict(bid: "B1", member: "zoe", reason: "She volunteered at a different club")
        #expect(try chair.result() == expected)
        #expect(try chair.scoreSheet() == withdrawn)
        #expect(try store.verifyAudit() == [])
    }
}
