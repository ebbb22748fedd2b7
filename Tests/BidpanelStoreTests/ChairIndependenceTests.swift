import BidpanelCore
import Foundation
import Testing
@testable import BidpanelStore

/// Issue 11, points 2 and 7: where the chair scores a bid, the chair's
/// score comes before seeing the others'; notes per item. The store's rules,
/// on real files.
@Suite("Chair independence and item notes")
struct ChairIndependenceTests {
    static let slot = Slot(bid: "B1", criterion: "experience")

    /// A youth evaluation where David has scored B1's first item.
    func evaluation(clock: TestClock = TestClock()) throws -> (EvaluationStore, MemberSession, MemberSession) {
        let store = try Fixtures.youthStore(clock: clock.read)
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        try chair.setPIN(for: "david", to: "1357")
        let david = try store.signIn(member: "david", pin: "1357")
        try david.record(Self.slot, .scale(2), comment: "Thin on outcomes")
        return (store, chair, david)
    }

    @Test func theChairReadsOthersOnlyAfterSubmittingOrSayingNotScoring() throws {
        let (store, chair, david) = try evaluation()
        #expect(try chair.chairIndependence(bid: "B1") == .pending(recorded: 0, needed: 12))
        let refused = #expect(throws: StoreError.self) { try chair.allValues(bid: "B1") }
        #expect(refused?.message.contains("say you are not scoring it") == true)
        // Submitting opens them: the chair scores every item of B2 and submits.
        for slot in chair.slots(for: "B2") {
            let criterion = store.panel.criterion(id: slot.criterion)!
            try chair.record(slot, criterion.kind == .ladder ? .rung(3) : criterion.kind == .matrix ? .level(2)
                             : criterion.kind == .passFail ? .pass(true) : .scale(3))
        }
        #expect(try chair.chairIndependence(bid: "B2") == .pending(recorded: 12, needed: 12))
        try chair.submit(bid: "B2")
        #expect(try chair.chairIndependence(bid: "B2") == .submitted)
        #expect(try chair.allValues(bid: "B2").count == 12)
        // Saying so opens them too, is audited, and is said once.
        try chair.declareNotScoring(bid: "B1")
        try chair.declareNotScoring(bid: "B1")
        #expect(try chair.chairIndependence(bid: "B1") == .notScoring)
        #expect(try chair.allValues(bid: "B1").contains { $0.member == "david" })
        let said = try chair.auditEntries().filter { $0.action == "not-scoring" }
        #expect(said.map(\.bid) == ["B1"] && said[0].actor == "priya" && said[0].newValue == "not scoring")
        // ...and from then on the chair records nothing for it.
        let locked = #expect(throws: StoreError.self) { try chair.record(Self.slot, .scale(4)) }
        #expect(locked?.message.contains("records nothing more for it") == true)
        // Only the chair says it; not on a bid already submitted; not once signed off.
        #expect(throws: StoreError.self) { try david.declareNotScoring(bid: "B1") }
        #expect(throws: StoreError.self) { try chair.declareNotScoring(bid: "B2") }
        #expect(throws: StoreError.self) { try chair.declareNotScoring(bid: "B9") }
        #expect(try store.verifyAudit().isEmpty)
    }

    @Test func aConflictedChairHasNothingToKeepApart() throws {
        let (_, chair, _) = try evaluation()
        try chair.declareConflicts([(bid: "B1", reason: "My sister runs it")])
        #expect(try chair.chairIndependence(bid: "B1") == .notAScorer)
        #expect(throws: StoreError.self) { try chair.declareNotScoring(bid: "B1") }
    }

    /// Moderating at a terminal before submitting shows the others' values,
    /// so it counts as not scoring (audited): the chair's half-in values stay,
    /// and nothing more is taken from the chair for that bid. From paper it
    /// is a record of a meeting held, and changes nothing of the kind.
    @Test func moderatingFirstCountsAsNotScoring() throws {
        let (store, chair, _) = try evaluation()
        try chair.record(Slot(bid: "B1", criterion: "logic"), .scale(3))
        try chair.moderate(Self.slot, .scale(3), reason: "Agreed after discussion")
        #expect(try chair.chairIndependence(bid: "B1") == .notScoring)
        #expect(try chair.myValues(bid: "B1").map(\.value) == [.scale(3)])
        #expect(throws: StoreError.self) { try chair.record(Slot(bid: "B1", criterion: "logic"), .scale(4)) }
        let entry = try #require(try chair.auditEntries().last { $0.action == "not-scoring" })
        #expect(entry.newValue == "not scoring: moderated it before submitting their own values")
        // A second moderation says nothing more.
        try chair.moderate(Slot(bid: "B1", criterion: "logic"), .scale(3), reason: "Agreed")
        #expect(try chair.auditEntries().filter { $0.action == "not-scoring" }.count == 1)
        // Typed in from paper: no statement is made for the chair.
        try chair.moderate([(Slot(bid: "B2", criterion: "logic"), .scale(2), "Agreed at the meeting")], source: .paper)
        #expect(try chair.chairIndependence(bid: "B2") == .pending(recorded: 0, needed: 12))
        #expect(try store.verifyAudit().isEmpty)
    }

    @Test func aNotePerItemIsAuditedClearedAndOnTheBoard() throws {
        let (store, chair, david) = try evaluation()
        #expect(throws: StoreError.self) { try david.noteItem(Self.slot, note: "mine") }
        #expect(throws: StoreError.self) { try chair.noteItem(Slot(bid: "B1", criterion: "nonsense"), note: "x") }
        #expect(throws: StoreError.self) { try chair.noteItem(Slot(bid: "B1", criterion: "coproduction"), note: "needs a principle") }
        try chair.noteItem(Self.slot, note: "  Ask for the 2025 figures  ")
        try chair.noteItem(Self.slot, note: "Ask for the 2025 figures") // unchanged: no new entry
        try chair.noteItem(Self.slot, note: "Figures arrived: see page 4")
        var board = try chair.board()
        #expect(board.moderationNotes.notes[Self.slot]?.text == "Figures arrived: see page 4")
        #expect(board.moderationNotes.notes[Self.slot]?.by == "priya")
        let notes = try chair.auditEntries().filter { $0.action == "item-note" }
        #expect(notes.map(\.oldValue) == ["", "Ask for the 2025 figures"])
        #expect(notes.map(\.newValue) == ["Ask for the 2025 figures", "Figures arrived: see page 4"])
        #expect(notes.allSatisfy { $0.bid == "B1" && $0.criterion == "experience" && $0.actor == "priya" })
        try chair.noteItem(Self.slot, note: "")
        board = try chair.board()
        #expect(board.moderationNotes.notes[Self.slot] == nil)
        // The audit keeps what was removed.
        let text = AuditReport.render(try chair.auditEntries(), panel: store.panel, problems: [], date: "1 December 2026")
            .split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(text.contains("removed the note on B1 experience: Figures arrived: see page 4"))
        #expect(text.contains("note on B1 experience: Ask for the 2025 figures → Figures arrived: see page 4"))
        try chair.noteItem(Self.slot, note: "Kept")
        // Signed off: read only.
        let (_, other, _) = try evaluation()
        try other.signOff(anyway: "Signing off with members yet to submit, for this test")
        #expect(throws: StoreError.self) { try other.noteItem(Self.slot, note: "late") }
        #expect(throws: StoreError.self) { try other.declareNotScoring(bid: "B1") }
        #expect(try store.verifyAudit().isEmpty)
    }

    /// The printed record says, bid by bid, how the chair's own scoring
    /// stands and prints every note in full, with who and when.
    @Test func thePrintedRecordHasTheChairsScoringAndNotes() throws {
        let clock = TestClock()
        let (store, chair, _) = try evaluation(clock: clock)
        clock.advance(60)
        try chair.declareNotScoring(bid: "B1")
        let long = "The bidder's outcomes report (https://example.org/a/very/long/link/to/the/report-2026.pdf) arrived late \u{1B}[31m; the panel read it"
        try chair.noteItem(Self.slot, note: long)
        try chair.moderate(Slot(bid: "B2", criterion: "logic"), .scale(3), reason: "Agreed")
        let (sheet, record) = try chair.meetingRecord(timeZone: TimeZone(identifier: "UTC")!)
        #expect(record.moderation.notScoring["B1"]?.at == "15 January 2027 at 08:01 (UTC+00:00)")
        #expect(record.moderation.notScoring["B2"]?.text == "moderated it before submitting their own values")
        let text = PrintedReport.render(result: ScoringEngine.score(store.panel, sheet), panel: store.panel, sheet: sheet,
                                        signedOff: nil, printedOn: "15 January 2027", record: record)
        #expect(!text.contains("\u{1B}"))
        let flat = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(flat.contains("The chair's own scoring and notes"))
        #expect(flat.contains("Priya Shah, chair: said they are not scoring this bid, on 15 January 2027 at 08:01 (UTC+00:00)."))
        #expect(flat.contains("Priya Shah, chair: records nothing for this bid: moderated it before submitting their own values, on 15 January 2027 at 08:01 (UTC+00:00)."))
        #expect(flat.contains("Priya Shah, chair: has not submitted their own values, nor said they are not scoring this bid."))
        #expect(flat.contains("Note on Your experience: The bidder's outcomes report"))
        #expect(flat.contains("by Priya Shah, chair, 15 January 2027 at 08:01 (UTC+00:00)."))
        // Every line fits the page: the long link wraps, nothing is cut.
        #expect(text.split(separator: "\n").allSatisfy { DisplayWidth.of(String($0)) <= 78 })
        let joined = text.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: " ", with: "")
        #expect(joined.contains("https://example.org/a/very/long/link/to/the/report-2026.pdf"))
    }
}
