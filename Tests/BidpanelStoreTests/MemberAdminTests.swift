import BidpanelCore
import Foundation
import Testing
@testable import BidpanelStore

/// The chair adding a member after `init`, and resetting a PIN: chair only,
/// audited with who did it, and the seal still verifies because the new
/// member amends it by an audit entry rather than by editing history.
@Suite("Evaluation file: adding a member and resetting a PIN")
struct MemberAdminTests {
    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch let error as StoreError { return error.message } catch { return "\(error)" }
    }

    @Test func theChairAddsAMemberWhoCanThenBeGivenAPINSignInAndScore() throws {
        let (store, chair) = try SmallPanel.scored()
        try chair.setPIN(for: "ann", to: "2468")
        let ann = try store.signIn(member: "ann", pin: "2468")
        let name = "Samira Al-Khatib Okonkwo-Fitzgerald, Youth Voice Representative"
        #expect(message { try ann.addMember(id: "sam", name: name, role: .officer, reason: "r") } == "only the chair can add a member")
        #expect(message { try chair.addMember(id: "sam", name: name, role: .officer, reason: "") }.contains("needs a reason"))
        #expect(message { try chair.addMember(id: "Sam P", name: name, role: .officer, reason: "r") }.contains("a-z, 0-9, - and _"))
        #expect(message { try chair.addMember(id: "ann", name: name, role: .officer, reason: "r") }.contains("already a member \"ann\""))
        #expect(message { try chair.addMember(id: "sam", name: "  ", role: .officer, reason: "r") }.contains("needs a name"))
        #expect(message { try chair.addMember(id: "sam", name: "Sam\u{1B}[2J", role: .officer, reason: "r") }.contains("control characters"))
        #expect(message { try chair.addMember(id: "sam", name: name, role: .chair, reason: "r") }.contains("one chair"))

        try chair.addMember(id: "sam", name: name, role: .officer, reason: "Joins in place of Kyle, who is ill")
        let entry = try #require(try chair.auditEntries().last)
        #expect(entry.action == "add-member" && entry.actor == "chair" && entry.member == "sam")
        #expect(entry.reason == "Joins in place of Kyle, who is ill" && entry.newValue.contains(name))
        #expect(try store.verifyAudit() == [])

        // Opened again, the file knows her, still verifies, and she can be given a PIN and score.
        let reopened = try EvaluationStore.open(path: store.path)
        #expect(reopened.panel.member(id: "sam") == Member(id: "sam", name: name, role: .officer))
        #expect(try reopened.verifyAudit() == [])
        let chairAgain = try reopened.signIn(member: "chair", pin: Fixtures.chairPIN)
        #expect(message { try chairAgain.addMember(id: "sam", name: "Other", role: .young, reason: "r") }.contains("already a member"))
        try chairAgain.setPIN(for: "sam", to: "1593")
        let pinEntry = try #require(try chairAgain.auditEntries().last)
        #expect(pinEntry.action == "set-pin" && pinEntry.actor == "chair" && pinEntry.member == "sam")
        let sam = try reopened.signIn(member: "sam", pin: "1593")
        try sam.record(Slot(bid: "A", criterion: "plan"), .scale(Exact(6)))
        // Her 6 and the chair's 8 make A's mean 7: quality 60 × 7/10 = 42, price still 20, total 62.
        #expect(try chairAgain.result().bid("A")!.total == Exact(62))
        #expect(try reopened.verifyAudit() == [])

        try chairAgain.signOff(anyway: "Signing off with members yet to submit, for this test")
        #expect(message { try chairAgain.addMember(id: "tom", name: "Tom", role: .young, reason: "late") }.contains("signed off and read-only"))
    }

    @Test func anAddedMemberEditedOrInsertedOutsideBidpanelIsFound() throws {
        let (store, chair) = try SmallPanel.scored()
        try chair.addMember(id: "sam", name: "Sam Patel", role: .young, reason: "Joins today")
        // Made chair by hand: the amendment no longer matches its entry.
        try Fixtures.sqlite(store.path, "UPDATE added_member SET role = 'chair' WHERE id = 'sam'")
        let edited = try store.verifyAudit()
        #expect(edited.contains { $0.contains("member sam's name or role was changed after audit entry") }, "\(edited)")
        let opened = try EvaluationStore.open(path: store.path)
        #expect(opened.panel.member(id: "sam")?.role != .chair)

        let (other, _) = try SmallPanel.scored()
        try Fixtures.sqlite(other.path, """
            INSERT INTO added_member VALUES ('eve', 'Eve', 'officer', '2026-01-01T00:00:00.000Z');
            INSERT INTO member (id) VALUES ('eve');
            """)
        let inserted = try other.verifyAudit()
        #expect(inserted.contains { $0.contains("member eve was added outside bidpanel") }, "\(inserted)")
    }

    @Test func resettingAPINIsAuditedWithWhoDidItAndTheOldPINStopsWorking() throws {
        let (store, chair) = try SmallPanel.scored()
        try chair.setPIN(for: "ann", to: "2468")
        let ann = try store.signIn(member: "ann", pin: "2468")
        #expect(message { try ann.setPIN(for: "ann", to: "1111") } == "only the chair can set PINs")
        try chair.setPIN(for: "ann", to: "8642")
        let entries = try chair.auditEntries().filter { $0.action == "set-pin" && $0.member == "ann" }
        #expect(entries.count == 2 && entries.allSatisfy { $0.actor == "chair" && $0.source == "command" })
        #expect(entries[0].newValue != entries[1].newValue) // each names the new hash's fingerprint
        #expect(throws: StoreError.self) { try store.signIn(member: "ann", pin: "2468") }
        _ = try store.signIn(member: "ann", pin: "8642")
        let report = AuditReport.render(try chair.auditEntries(), panel: store.panel, problems: [], date: "3 March 2027")
        #expect(report.components(separatedBy: "set the PIN of Ann Officer (ann)").count == 3)
        #expect(report.contains("Chris Chair (chair)"))
        #expect(try store.verifyAudit() == [])
    }
}
