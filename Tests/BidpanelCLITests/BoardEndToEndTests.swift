import BidpanelCore
import BidpanelStore
import Foundation
import Testing

/// The chair's board in a real terminal (tmux) while a member works on the
/// same file through another connection: the chair reopens the member's
/// submitted bid from the board, and the board follows the member changing
/// a value and submitting again, with no key pressed.
@Suite("Board end to end", .serialized)
struct BoardEndToEndTests {
    static let zoePIN = "2580"

    @Test func theChairReopensAMembersSubmittedBidFromTheBoardAndTheBoardFollowsTheResubmission() async throws {
        let evaluation = try Evaluation(pins: ["zoe": Self.zoePIN])
        defer { evaluation.remove() }
        let store = try EvaluationStore.open(path: evaluation.file)
        let zoe = try store.signIn(member: "zoe", pin: Self.zoePIN)
        try zoe.declareConflicts([])
        for slot in zoe.slots(for: "B1") {
            let kind = store.panel.criterion(id: slot.criterion)!.kind
            try zoe.record(slot, kind == .ladder ? .rung(4) : kind == .matrix ? .level(2) : .scale(3), comment: "")
        }
        try zoe.submit(bid: "B1")

        let chair = try Tmux(evaluation.script(tag: "chair"))
        defer { chair.kill() }
        try await chair.signInChair()
        try await chair.waitFor("Panel board", "Values in: 8 of 312")

        // Zoë is the fourth column: Priya, David, Helen, Zoë.
        for _ in 0..<3 { try chair.send("Right") }
        try await chair.waitFor("B1 · Zoë Clarke, young assessor: submitted (R reopens it)")
        try chair.type("r")
        try await chair.waitFor("Why reopen B1 for Zoë Clarke?")
        try chair.type("Zoë pressed submit before checking her ladder rung")
        try chair.send("Enter")
        try await chair.waitFor("Reopened B1 for Zoë Clarke.", "B1 · Zoë Clarke, young assessor: 8 of 8 values in")

        // Zoë changes a value and submits again; the board follows by itself.
        let ladder = try #require(zoe.slots(for: "B1").first { store.panel.criterion(id: $0.criterion)?.kind == .ladder })
        try zoe.record(ladder, .rung(5), comment: "Checked again")
        try zoe.submit(bid: "B1")
        try await chair.waitFor("B1 · Zoë Clarke, young assessor: submitted (R reopens it)")

        let entries = try store.signIn(member: "priya", pin: Evaluation.chairPIN).auditEntries()
        let reopened = try #require(entries.first { $0.action == "reopen-bid" })
        #expect(reopened.member == "zoe" && reopened.bid == "B1" && reopened.reason == "Zoë pressed submit before checking her ladder rung")
        #expect(entries.filter { $0.action == "submit" && $0.member == "zoe" }.count == 2)
        #expect(try store.verifyAudit() == [])
    }
}
