import BidpanelCore
import Foundation
import Testing
@testable import BidpanelStore

/// report and export verify the record on another thread while they read
/// it, and print the seal of their own read only when the verification saw
/// that same head: so the head read with the data must be exactly the seal
/// the verification gives on an intact file, and move when the file does.
@Suite("Seal read with the data")
struct ReadHeadTests {
    @Test func theHeadReadWithTheDataIsTheVerifiedSeal() throws {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        try chair.setPIN(for: "zoe", to: "1357")
        let zoe = try store.signIn(member: "zoe", pin: "1357")
        try zoe.declareConflicts([])
        try zoe.record(Slot(bid: "B1", criterion: "experience"), .scale(3), comment: "Clear, with a long URL https://example.org/a/b/c?d=e")
        let verified = try store.verification().seal
        #expect(verified.verified)
        let (sheet, record, head) = try chair.meetingRecordAndHead()
        #expect(head == verified)
        #expect(sheet == (try chair.scoreSheet()))
        #expect(record == (try chair.meetingRecord()).record)
        let (sameSheet, sheetHead) = try chair.scoreSheetAndHead()
        #expect(sheetHead == verified)
        #expect(sameSheet == sheet)

        try zoe.record(Slot(bid: "B2", criterion: "experience"), .scale(2))
        let moved = try chair.scoreSheetAndHead().head
        #expect(moved != verified)
        #expect(moved == (try store.verification().seal))
        #expect(moved.count == verified.count + 1)
    }
}
