import BidpanelCore
import Foundation
import Testing
@testable import BidpanelStore

/// Sign-off checks the panel: every member not marked absent has submitted
/// each bid they can score, or the chair gives a reason to sign off anyway.
/// Attendance is the chair's, audited, and printed in the report.
@Suite("Sign-off check and attendance")
struct SignOffCheckTests {
    static let pins = ["david": "1357", "helen": "8642", "zoe": "2580", "kyle": "9753"]

    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch let error as StoreError { return error.message } catch { return "\(error)" }
    }

    func signedIn(clock: TestClock = TestClock()) throws -> (EvaluationStore, [String: MemberSession]) {
        let store = try Fixtures.youthStore(clock: clock.read)
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        var sessions = ["priya": chair]
        for (member, pin) in Self.pins {
            try chair.setPIN(for: member, to: pin)
            sessions[member] = try store.signIn(member: member, pin: pin)
        }
        return (store, sessions)
    }

    /// Records every value the member scores for the bid, then submits it.
    func submit(_ session: MemberSession, _ bid: String) throws {
        for slot in session.slots(for: bid) {
            let kind = session.panel.criterion(id: slot.criterion)!.kind
            let value: Value = switch kind {
            case .ladder: .rung(3)
            case .matrix: .level(2)
            case .passFail: .pass(true)
            default: .scale(3)
            }
            try session.record(slot, value, comment: "Seen on page 2")
        }
        try session.submit(bid: bid)
    }

    /// A bid that left the competition is not waited for at sign-off, nor
    /// is a bid the chair said they are not scoring.
    @Test func aWithdrawnBidAndTheChairsNotScoringAreNotWaitedFor() throws {
        let (store, members) = try signedIn()
        let chair = members["priya"]!
        let bids = store.panel.bids.map(\.id)
        for member in ["david", "helen", "zoe", "kyle"] {
            try members[member]!.declareConflicts([])
            for bid in bids where bid != "B2" { try submit(members[member]!, bid) }
        }
        try chair.declareConflicts([])
        for bid in bids where bid != "B2" && bid != "B4" { try submit(chair, bid) }
        let everyone = ["priya", "david", "helen", "zoe", "kyle"]
        #expect(try chair.outstanding().map(\.member) == everyone)
        #expect(try chair.outstanding().first == Outstanding(member: "priya", bids: ["B2", "B4"]))

        try chair.remove(bid: "B2", as: .withdrawn, reason: "The bidder wrote to withdraw on the day")
        #expect(try chair.outstanding() == [Outstanding(member: "priya", bids: ["B4"])])
        try chair.declareNotScoring(bid: "B4")
        #expect(try chair.outstanding() == [])
    }

    @Test func signOffNamesWhoHasNotSubmittedAndSigningOffAnywayNeedsAReason() throws {
        let (store, members) = try signedIn()
        let chair = members["priya"]!
        let bids = store.panel.bids.map(\.id)
        try members["kyle"]!.declareConflicts([(bid: "B3", reason: "Plays for their under-18 team")])
        for member in ["priya", "david", "zoe", "kyle"] {
            if member != "kyle" { try members[member]!.declareConflicts([]) }
            for bid in bids where !(member == "kyle" && bid == "B3") && !(member == "zoe" && bid == "B2") {
                try submit(members[member]!, bid)
            }
        }
        // Helen has submitted nothing; Zoë all but B2; Kyle all he can score.
        #expect(try chair.outstanding() == [Outstanding(member: "helen", bids: bids), Outstanding(member: "zoe", bids: ["B2"])])

        try chair.markAttendance(member: "helen", present: false)
        #expect(try chair.outstanding() == [Outstanding(member: "zoe", bids: ["B2"])])
        let refused = message { try chair.signOff() }
        #expect(refused.contains("zoe (B2)") && refused.contains("sign off anyway with a reason"), "\(refused)")
        #expect(message { try chair.signOff(anyway: "   ") } == refused)
        #expect(try !chair.isSignedOff())

        let reason = "Zoë left ill; the panel agreed B2 without her"
        try chair.signOff(anyway: reason)
        let entry = try #require(try chair.auditEntries().last)
        #expect(entry.action == "sign-off" && entry.reason == reason && entry.oldValue == "not submitted: zoe (B2)")
        #expect(try store.verifyAudit() == [])

        // Printed: who had not submitted, the reason, and who was absent.
        let (sheet, record) = try chair.meetingRecord(timeZone: TimeZone(identifier: "UTC")!)
        #expect(record.events.last?.notSubmitted == "zoe (B2)" && record.events.last?.reason == reason)
        #expect(record.attendance.map(\.member) == ["helen"] && record.attendance.first?.present == false)
        let text = PrintedReport.render(result: ScoringEngine.score(store.panel, sheet), panel: store.panel, sheet: sheet,
                                        signedOff: record.signedOff, printedOn: "15 January 2027", record: record)
        let flat = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(flat.contains("although not every member had submitted the bids they could score. Not submitted: Zoë Clarke, young assessor: B2. Reason for signing off anyway: \(reason)"), "\(flat)")
        #expect(flat.contains("Who attended the moderation meeting"))
        #expect(flat.contains("Helen Marsh, officer Marked absent on 15 January 2027 at 08:00 (UTC+00:00) by Priya Shah, chair."), "\(flat)")
        #expect(flat.contains("David Okafor, officer Not marked present or absent."))

        // Once everyone has submitted, sign-off needs no reason and records none.
        try chair.reopenEvaluation(reason: "Zoë came back")
        try submit(members["zoe"]!, "B2")
        #expect(try chair.outstanding().isEmpty)
        try chair.signOff()
        let clean = try #require(try chair.auditEntries().last)
        #expect(clean.action == "sign-off" && clean.reason.isEmpty && clean.oldValue.isEmpty)
        #expect(try store.verifyAudit() == [])
    }

    @Test func onlyTheChairMarksAttendanceEachChangeIsAuditedWithItsTime() throws {
        let clock = TestClock()
        let (store, members) = try signedIn(clock: clock)
        let chair = members["priya"]!
        #expect(message { try members["zoe"]!.markAttendance(member: "zoe", present: true) }.contains("only the chair"))
        #expect(message { try chair.markAttendance(member: "zoey", present: true) }.contains("zoe"))
        try chair.markAttendance(member: "zoe", present: true)
        #expect(message { try chair.markAttendance(member: "zoe", present: true) }.contains("already marked present"))
        clock.advance(3600)
        try chair.markAttendance(member: "zoe", present: false)
        let marks = try chair.auditEntries().filter { $0.action == "attendance" }
        #expect(marks.map { [$0.member, $0.oldValue, $0.newValue] } == [["zoe", "not marked", "present"], ["zoe", "present", "absent"]])
        #expect(marks.allSatisfy { $0.actor == "priya" })
        let now = try #require(try chair.attendance()["zoe"])
        #expect(!now.present && now.at == marks[1].at && marks[0].at != marks[1].at)
        #expect(try chair.board().attendance == ["zoe": now])
        #expect(try store.verifyAudit() == [])

        try chair.signOff(anyway: "Testing attendance only")
        #expect(message { try chair.markAttendance(member: "kyle", present: true) }.contains("signed off"))
    }
}
