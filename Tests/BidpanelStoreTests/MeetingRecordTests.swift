import BidpanelCore
import Foundation
import Testing
@testable import BidpanelStore

/// The record of the meeting as the store builds it from a real file: what
/// each member declared, how far each got, every sign-off and reopening,
/// with times in the reader's local time and its offset.
@Suite("Meeting record")
struct MeetingRecordTests {
    static let india = TimeZone(identifier: "Asia/Kolkata")!

    @Test func theRecordIsBuiltFromTheTablesAndTheAuditLog() throws {
        let clock = TestClock() // 2027-01-15 08:00:00 UTC, 13:30 in India (UTC+05:30)
        let store = try Fixtures.youthStore(clock: clock.read)
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        try chair.setPIN(for: "zoe", to: "1357")
        try chair.setPIN(for: "kyle", to: "9753")
        let zoe = try store.signIn(member: "zoe", pin: "1357")
        let kyle = try store.signIn(member: "kyle", pin: "9753")
        clock.advance(60)
        try zoe.declareConflicts([])
        clock.advance(60)
        try kyle.declareConflicts([(bid: "B3", reason: "Plays for their under-18 team")])
        clock.advance(60)
        for slot in zoe.slots(for: "B1") {
            let criterion = store.panel.criterion(id: slot.criterion)!
            try zoe.record(slot, criterion.kind == .ladder ? .rung(4) : criterion.kind == .matrix ? .level(2) : .scale(3),
                           comment: "Seen on page 2")
        }
        try zoe.submit(bid: "B1")
        try kyle.record(Slot(bid: "B1", criterion: "experience"), .scale(2))
        clock.advance(60)
        try chair.reopen(bid: "B1", for: "zoe", reason: "Zoë asked to correct a typo")
        clock.advance(60)
        try zoe.submit(bid: "B1")
        clock.advance(60)
        try chair.signOff(anyway: "Members score elsewhere in this test")
        clock.advance(60)
        try chair.reopenEvaluation(reason: "A bidder's clarification arrived")
        clock.advance(60)
        try chair.signOff(anyway: "Members score elsewhere in this test")

        let (sheet, record) = try chair.meetingRecord(timeZone: Self.india)
        #expect(sheet == (try chair.scoreSheet()))
        #expect(record.declarations == [
            .init(member: "zoe", bid: nil, at: "15 January 2027 at 13:31 (UTC+05:30)"),
            .init(member: "kyle", bid: "B3", reason: "Plays for their under-18 team", at: "15 January 2027 at 13:32 (UTC+05:30)"),
        ])
        let needed = zoe.slots(for: "B1").count
        #expect(record.progress["B1"]?["zoe"] == .submitted(at: "15 January 2027 at 13:35 (UTC+05:30)"))
        #expect(record.progress["B1"]?["kyle"] == .recorded(1, of: needed))
        #expect(record.progress["B3"]?["kyle"] == .conflict)
        #expect(record.progress["B1"]?["david"] == .nothing)
        // Every member whose role scores is listed for every bid.
        #expect(Set(record.progress.keys) == Set(store.panel.bids.map(\.id)))
        #expect(record.progress.values.allSatisfy { $0.count == store.panel.members.count })
        // Signed off with bids not submitted: the reason, and who had not, are kept.
        let anyway = "Members score elsewhere in this test"
        let notSubmitted = "priya (B1, B2, B3, B4, B5, B6); david (B1, B2, B3, B4, B5, B6); helen (B1, B2, B3, B4, B5, B6); "
            + "zoe (B2, B3, B4, B5, B6); kyle (B1, B2, B4, B5, B6)"
        #expect(record.events == [
            .init(.reopenedBid(bid: "B1", member: "zoe"), by: "priya", reason: "Zoë asked to correct a typo",
                  at: "15 January 2027 at 13:34 (UTC+05:30)"),
            .init(.signedOff, by: "priya", reason: anyway, at: "15 January 2027 at 13:36 (UTC+05:30)", notSubmitted: notSubmitted),
            .init(.reopenedEvaluation, by: "priya", reason: "A bidder's clarification arrived",
                  at: "15 January 2027 at 13:37 (UTC+05:30)"),
            .init(.signedOff, by: "priya", reason: anyway, at: "15 January 2027 at 13:38 (UTC+05:30)", notSubmitted: notSubmitted),
        ])
        #expect(record.signedOff == "15 January 2027 at 13:38 (UTC+05:30)")
        #expect(record.version == BidpanelVersion.current)

        // Printed, it reads as the record of the meeting.
        let text = PrintedReport.render(result: ScoringEngine.score(store.panel, sheet), panel: store.panel, sheet: sheet,
                                        signedOff: record.signedOff, printedOn: "15 January 2027", record: record)
        let flat = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(flat.contains("Recorded in bidpanel as signed off 15 January 2027 at 13:38 (UTC+05:30)."))
        #expect(flat.contains("Conflict with bid B3 (Brightwater Sports Trust), declared 15 January 2027 at 13:32 (UTC+05:30). Reason: Plays for their under-18 team"))
        #expect(flat.contains("reopened bid B1 (Northgate Youth Collective) for Zoë Clarke, young assessor, on 15 January 2027 at 13:34 (UTC+05:30). Reason: Zoë asked to correct a typo"))
        #expect(flat.contains("Helen Marsh, officer Has not declared yet."))
    }

    /// A declaration typed in from paper says so, and its time is when it
    /// was typed in; one made on screen does not.
    @Test func aDeclarationFromPaperIsMarkedOnPaper() throws {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        try chair.declareConflicts([])
        try chair.importPaper(values: [], moderated: [], conflicts: [Conflict(bid: "B3", member: "kyle", reason: "Plays for their team")],
                              noConflicts: ["zoe"])
        let record = try chair.meetingRecord().record
        func declaration(_ member: String) -> MeetingRecord.Declaration? { record.declarations.first { $0.member == member } }
        #expect(declaration("zoe")?.onPaper == true && declaration("zoe")?.bid == nil)
        #expect(declaration("kyle")?.onPaper == true && declaration("kyle")?.bid == "B3")
        #expect(declaration("priya")?.onPaper == false)
        let result = ScoringEngine.score(store.panel, try chair.scoreSheet())
        let report = PrintedReport.render(result: result, panel: store.panel, sheet: try chair.scoreSheet(), signedOff: nil,
                                          printedOn: "1 December 2026", record: record)
        let flat = report.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(flat.contains("Zoë Clarke, young assessor Declared no conflicts, on paper, typed in "))
        #expect(flat.contains("Conflict with bid B3"))
        #expect(flat.contains("declared on paper, typed in "))
        #expect(flat.contains(/Priya Shah, chair Declared no conflicts, \d/))
    }

    @Test func onlyTheChairReadsTheRecord() throws {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        try chair.setPIN(for: "zoe", to: "1357")
        let zoe = try store.signIn(member: "zoe", pin: "1357")
        #expect(throws: StoreError.self) { try zoe.meetingRecord() }
        let (_, record) = try chair.meetingRecord()
        #expect(record.declarations.isEmpty && record.events.isEmpty && record.signedOff == nil)
        #expect(record.progress["B1"]?.values.allSatisfy { $0 == .nothing } == true)
    }

    @Test func timesAreLocalWithTheirOffset() {
        let london = TimeZone(identifier: "Europe/London")!
        #expect(EvaluationStore.readableTime("2027-07-01T13:05:00.000Z", in: london) == "1 July 2027 at 14:05 (UTC+01:00)")
        #expect(EvaluationStore.readableTime("2027-01-15T08:00:59.999Z", in: london) == "15 January 2027 at 08:00 (UTC+00:00)")
        #expect(EvaluationStore.readableTime("2027-01-15T08:00:00.000Z", in: TimeZone(identifier: "America/St_Johns")!)
            == "15 January 2027 at 04:30 (UTC-03:30)")
        // A time bidpanel cannot read is shown as stored, never lost.
        #expect(EvaluationStore.readableTime("yesterday", in: london) == "yesterday")
    }
}
