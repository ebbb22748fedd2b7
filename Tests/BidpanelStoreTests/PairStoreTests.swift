import BidpanelCore
import Foundation
import GRDB
import Testing
@testable import BidpanelStore

/// Young assessors in a pair (panels/youth-pair.toml): both PINs are checked
/// in the store, a wrong one counts against that person only, a person in a
/// pair cannot sign in alone, the pair's values are recorded under its id
/// and the audit log names both people.
@Suite("Pairs in the store")
struct PairStoreTests {
    static let amiraPIN = "4826", jayPIN = "7391", wrong = "0000"

    /// A new evaluation of the pair panel, with Amira's and Jay's PINs set.
    static func pairStore(clock: @escaping @Sendable () -> Date = Date.init) throws -> EvaluationStore {
        let panelPath = Fixtures.root.appendingPathComponent("panels/youth-pair.toml").path
        let loaded = try PanelFile.load(path: panelPath)
        let path = Fixtures.temporaryFolder().appendingPathComponent("pair.bidpanel").path
        let store = try EvaluationStore.create(at: path, panelPath: panelPath, panelText: loaded.text, panel: loaded.panel,
                                               answersFiles: loaded.answersFiles, chairPIN: Fixtures.chairPIN, clock: clock)
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        try chair.setPIN(for: "amira", to: amiraPIN)
        try chair.setPIN(for: "jay", to: jayPIN)
        return store
    }

    static func failed(_ store: EvaluationStore, _ member: String) throws -> Int {
        try store.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT failed FROM pin_tries WHERE member = ? AND channel = 'screen'", arguments: [member]) ?? 0
        }
    }

    @Test func thePairSignsInOnlyWithBothPINs() throws {
        let store = try Self.pairStore()
        let session = try store.signIn(pair: "amira-jay", pins: [Self.amiraPIN, Self.jayPIN], channel: .screen)
        #expect(session.member.id == "amira-jay")
        #expect(throws: StoreError.self) { try store.signIn(pair: "amira-jay", pins: [Self.amiraPIN], channel: .screen) }
        let error = #expect(throws: StoreError.self) {
            try store.signIn(pair: "amira-jay", pins: [Self.amiraPIN, Self.wrong], channel: .screen)
        }
        #expect(error?.message.contains("wrong PIN for Jay Morgan") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("Amira") == false)
        // Not a pair: refused.
        #expect(throws: StoreError.self) { try store.signIn(pair: "zoe", pins: [Self.amiraPIN, Self.jayPIN]) }
    }

    @Test func aWrongPINCountsAgainstThatPersonOnlyAndLocksThemAlone() throws {
        let store = try Self.pairStore()
        for _ in 1...4 {
            _ = #expect(throws: StoreError.self) {
                try store.signIn(pair: "amira-jay", pins: [Self.wrong, Self.jayPIN], channel: .screen)
            }
        }
        #expect(try Self.failed(store, "amira") == 4)
        #expect(try Self.failed(store, "jay") == 0)
        let fifth = #expect(throws: StoreError.self) {
            try store.signIn(pair: "amira-jay", pins: [Self.wrong, Self.jayPIN], channel: .screen)
        }
        #expect(fifth?.message.contains("Amira Hassan is now locked on this screen") == true, "\(fifth?.message ?? "")")
        // Amira is locked, so the pair cannot sign in even with both PINs right...
        let locked = #expect(throws: StoreError.self) {
            try store.signIn(pair: "amira-jay", pins: [Self.amiraPIN, Self.jayPIN], channel: .screen)
        }
        #expect(locked?.message.contains("Amira Hassan is locked") == true)
        // ...and Jay's count is untouched by it.
        #expect(try Self.failed(store, "jay") == 0)
        // The lock is audited against Amira only.
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        #expect(try chair.auditEntries().filter { $0.action == "lock" }.map(\.member) == ["amira"])
    }

    @Test func aPersonInAPairCannotSignInAloneNorThePairWithOnePIN() throws {
        let store = try Self.pairStore()
        let alone = #expect(throws: StoreError.self) { try store.signIn(member: "amira", pin: Self.amiraPIN, channel: .screen) }
        #expect(alone?.message.contains("cannot sign in alone") == true)
        #expect(alone?.message.contains("Amira and Jay") == true)
        // Refused before the PIN is looked at: no try is counted.
        #expect(try Self.failed(store, "amira") == 0)
        #expect(throws: StoreError.self) { try store.signIn(member: "amira-jay", pin: Self.amiraPIN) }
        // The pair has no PIN of its own to set.
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        let set = #expect(throws: StoreError.self) { try chair.setPIN(for: "amira-jay", to: "5555") }
        #expect(set?.message.contains("no PIN of its own") == true)
        #expect(try store.hasPINs(member: "amira-jay"))
        #expect(try !store.hasPIN(member: "amira-jay"))
    }

    @Test func thePairsValueIsRecordedOnceUnderItsIdAndTheAuditNamesBothPeople() throws {
        let store = try Self.pairStore()
        let pair = try store.signIn(pair: "amira-jay", pins: [Self.amiraPIN, Self.jayPIN])
        try pair.declareConflicts([])
        let slot = Slot(bid: "B1", criterion: "experience")
        try pair.record(slot, .scale(4), comment: "We liked the youth forum")
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        let sheet = try chair.scoreSheet()
        #expect(sheet.value(of: "amira-jay", at: slot)?.value == .scale(4))
        #expect(sheet.value(of: "amira", at: slot) == nil && sheet.value(of: "jay", at: slot) == nil)
        let entries = try chair.auditEntries()
        let record = try #require(entries.last { $0.action == "record" })
        #expect(record.actor == "amira+jay" && record.member == "amira-jay")
        #expect(entries.last { $0.action == "conflict" }?.actor == "amira+jay")
        // The same hashed fields and encoding as any other row.
        #expect(record.encoding == AuditLog.currentEncoding)
        #expect(try store.verifyAudit().isEmpty)
        let text = AuditReport.render(entries, panel: store.panel, problems: [], date: "2026-12-02")
        #expect(text.contains("Amira Hassan (amira) and Jay Morgan (jay)"), "\(text)")
        // The chain still verifies when the file is opened afresh.
        let reopened = try EvaluationStore.open(path: store.path)
        #expect(try reopened.verifyAudit().isEmpty)
    }

    @Test func eitherPersonsConflictStopsThePairScoringThatBid() throws {
        let store = try Self.pairStore()
        let pair = try store.signIn(pair: "amira-jay", pins: [Self.amiraPIN, Self.jayPIN])
        try pair.declareConflicts([(bid: "B2", reason: "Amira volunteers there")])
        #expect(throws: StoreError.self) { try pair.record(Slot(bid: "B2", criterion: "experience"), .scale(3)) }
        // Jay's own conflict, typed in from a paper form, stops the pair too.
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        try chair.importPaper(PaperImportTests.sheets(conflicts: "B3,jay,Jay's aunt runs it\n", panel: store.panel))
        let error = #expect(throws: StoreError.self) { try pair.record(Slot(bid: "B3", criterion: "experience"), .scale(3)) }
        #expect(error?.message.contains("conflict") == true)
        try pair.record(Slot(bid: "B1", criterion: "experience"), .scale(3))
    }

    /// A pair is one scorer: a conflict of either person typed in after the
    /// pair scored the bid stops the pair's value counting, as a member's own
    /// conflict would (the value stays in the file).
    @Test func aPersonsConflictTypedInAfterThePairsValueStopsItCounting() throws {
        let store = try Self.pairStore()
        let pair = try store.signIn(pair: "amira-jay", pins: [Self.amiraPIN, Self.jayPIN])
        try pair.declareConflicts([])
        let slot = Slot(bid: "B1", criterion: "experience")
        try pair.record(slot, .scale(5))
        try pair.record(Slot(bid: "B2", criterion: "experience"), .scale(4))
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        var feed = try chair.boardFeed()
        #expect(ScoringEngine.score(store.panel, try chair.scoreSheet()).bid("B1")?.qualityMarks != .zero)
        try chair.importPaper(PaperImportTests.sheets(conflicts: "B1,amira,Amira's brother works there\n", panel: store.panel))

        let sheet = try chair.scoreSheet()
        #expect(sheet.value(of: "amira-jay", at: slot)?.value == .scale(5))
        let review = SlotReview.of(slot, panel: store.panel, sheet: sheet)
        #expect(review.entries.first { $0.member.id == "amira-jay" }?.leftOut == .conflict(reason: "Amira's brother works there"))
        #expect(review.mean == nil, "nobody else has scored B1, so no value counts")
        #expect(ScoringEngine.score(store.panel, sheet).bid("B1")?.qualityMarks == .zero)
        #expect(ScoringEngine.score(store.panel, sheet).bid("B2")?.qualityMarks != .zero, "B2 still counts")
        // The board says so, read whole or brought up to date.
        let board = try chair.board()
        #expect(board.progress["amira-jay"]?["B1"]?.conflicted == true)
        #expect(board.progress["amira-jay"]?["B2"]?.conflicted == false)
        try chair.update(&feed)
        #expect(feed.board == board)
        // And the pair records nothing more for B1, on screen or from paper.
        #expect(throws: StoreError.self) { try pair.record(slot, .scale(3)) }
        let refused = #expect(throws: StoreError.self) {
            try chair.importPaper(PaperImportTests.sheets("B1,experience,amira-jay,2,,\n", panel: store.panel), replace: true)
        }
        #expect(refused?.message.contains("declared a conflict for bid B1") == true, "\(refused?.message ?? "")")
    }

    @Test func importRefusesAPairedPersonsOwnIdAndTakesThePairs() throws {
        let store = try Self.pairStore()
        let pair = try store.signIn(pair: "amira-jay", pins: [Self.amiraPIN, Self.jayPIN])
        try pair.declareConflicts([])
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        let before = try chair.auditEntries().count
        let refused = try PaperImportTests.sheets("B1,experience,amira-jay,3,,\nB1,experience,jay,4,,\n", panel: store.panel)
        let error = #expect(throws: StoreError.self) { try chair.importPaper(refused) }
        #expect(error?.message.contains("scores.csv:3") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("write amira-jay in the member column") == true)
        #expect(try chair.auditEntries().count == before) // nothing applied
        let taken = try PaperImportTests.sheets("B1,experience,amira-jay,3,,\n", panel: store.panel)
        let result = try chair.importPaper(taken)
        #expect(result.added == 1)
        let record = try #require(try chair.auditEntries().last)
        #expect(record.actor == "amira+jay" && record.source == "paper")
    }

    @Test func aFileMadeBy05StillVerifiesWithPairsBuilt() throws {
        let path = Fixtures.temporaryFolder().appendingPathComponent("old.bidpanel").path
        try FileManager.default.copyItem(atPath: SealTests.legacy.path, toPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let store = try EvaluationStore.open(path: path)
        #expect(try store.verification().seal.problems.isEmpty)
        let entries = try store.pool.read { db in try AuditLog.entries(in: db) }
        #expect(entries.contains { $0.encoding == 1 } && entries.allSatisfy { !$0.actor.contains("+") })
    }

}
