import BidpanelCore
import Foundation
import GRDB
import Testing
@testable import BidpanelStore

/// The audit log is read and hashed by a faster path than before (by column
/// position, one buffer a row, one pass for chain, PINs and replay). These
/// tests pin what must never change: the hash bytes of fixed entries, the
/// committed fixtures verifying row by row, every row read exactly as GRDB
/// reads it, and the replay's findings.
@Suite("Evaluation file: reading and hashing the audit log")
struct AuditReadingTests {
    // MARK: - Fixed entries (hashes computed independently, with Python's hashlib and json)

    @Test func theHashOfAFixedEntryIsPinned() {
        let entry = AuditEntry(seq: 41, at: "2027-03-01T09:30:00.250Z", actor: "zoë", action: "record", bid: "B12",
                               criterion: "coproduction", principle: "capabilities", member: "zoë", oldValue: "2",
                               newValue: "3", reason: "Line one\nLine two: \"quoted\", commas, café ☕", source: "paper",
                               prevHash: "6da0633528deaa0144e7b058315f0b753ec0b945163a72bf96a0d18180f9de0d", hash: "")
        #expect(AuditLog.hash(of: entry) == "329ccdb443627e59052c6535debcfaa5286973a5e5dfd711f5c6564ceb192298")
        // The writer gives exactly the bytes of the documented encoding.
        #expect(AuditLog.encoding2(entry).bytes == CanonicalEncoding.bytes(tag: AuditLog.tag, fields: AuditLog.fields(of: entry)))
    }

    @Test func theHashOfAFixedLegacyEntryIsPinned() {
        let entry = AuditEntry(seq: 3, at: "2026-01-10T10:00:00.000Z", actor: "priya", action: "moderate", bid: "B1",
                               criterion: "experience", principle: "", member: "", oldValue: "2", newValue: "4",
                               reason: "Agreed a/b \"c\"", source: "terminal", prevHash: AuditLog.genesis, hash: "", encoding: 1)
        #expect(AuditLog.hash(of: entry) == "9044bc8bf9643ae2c4f5f60507b678d8659a784ed4a56b6716d7839eef44f185")
    }

    @Test func lengthsOfManyDigitsAreWrittenInFull() {
        let long = String(repeating: "x", count: 12_345)
        #expect(CanonicalEncoding.bytes(tag: "t", fields: [long, ""]) == Array("t\n12345:\(long)\n0:\n".utf8))
    }

    // MARK: - Committed fixtures

    static var fixtureFiles: [URL] {
        let folder = Fixtures.root.appendingPathComponent("Tests/BidpanelStoreTests/Fixtures")
        return ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "bidpanel" }
    }

    @Test func everyCommittedFixtureStillVerifiesRowByRow() throws {
        #expect(!Self.fixtureFiles.isEmpty)
        for file in Self.fixtureFiles {
            let path = Fixtures.temporaryFolder().appendingPathComponent(file.lastPathComponent).path
            try FileManager.default.copyItem(atPath: file.path, toPath: path)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            // As committed, before any upgrade: every stored hash recomputes
            // (a file from before migration v4 has no encoding column: its rows are encoding 1).
            let queue = try DatabaseQueue(path: path)
            let committed = try Self.entriesAsGRDBReadsThem(queue, missingEncoding: 1)
            #expect(!committed.isEmpty)
            for entry in committed { #expect(AuditLog.hash(of: entry) == entry.hash, "\(file.lastPathComponent) row \(entry.seq)") }
            #expect(try queue.read { db in try Integrity.chainProblems(db, entries: committed) } == [])
            try queue.close()
            // Opened by this bidpanel (upgraded), every row reads as GRDB reads
            // it, the chain holds, and the whole record verifies.
            let store = try EvaluationStore.open(path: path)
            #expect(try store.pool.read { db in try AuditLog.entries(in: db) } == (try Self.entriesAsGRDBReadsThem(store.pool)))
            #expect(try store.chainProblems() == [])
            #expect(try store.verifyAudit() == [], "\(file.lastPathComponent)")
        }
    }

    // MARK: - Reading rows as GRDB does

    /// The rows as bidpanel read them before: `SELECT *`, each column by name.
    static func entriesAsGRDBReadsThem(_ reader: some DatabaseReader, missingEncoding: Int = 0) throws -> [AuditEntry] {
        try reader.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY seq").map { row in
                AuditEntry(seq: row["seq"], at: row["at"], actor: row["actor"], action: row["action"], bid: row["bid"],
                           criterion: row["criterion"], principle: row["principle"], member: row["member"],
                           oldValue: row["old_value"], newValue: row["new_value"], reason: row["reason"],
                           source: row["source"], prevHash: row["prev_hash"], hash: row["hash"],
                           encoding: row.hasColumn("encoding") ? row.lenient("encoding", as: Int.self) ?? 0 : missingEncoding)
            }
        }
    }

    @Test func oddTextIsReadExactlyAsGRDBReadsIt() throws {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        try chair.record(Slot(bid: "B1", criterion: "experience"), .scale(4),
                         comment: "Two lines\nand a tab\there, \u{1B}[31mred\u{1B}[0m, \u{202E}reversed, é and e\u{301}")
        // Rows no bidpanel writes: a NUL inside a text (read up to it), bytes
        // that are not UTF-8 (repaired), an empty hash, a REAL encoding.
        try Fixtures.sqlite(store.path, """
            INSERT INTO audit (seq, at, actor, action, bid, criterion, principle, member, old_value, new_value, reason,
                               source, prev_hash, hash, encoding)
            VALUES (100, 'at', 'eve', 'record', 'B1', 'logic', '', 'eve', '', '3', 'before' || char(0) || 'after',
                    'terminal', '', '', 2),
                   (101, CAST(x'41ff42' AS TEXT), 'eve', 'set-pin' || char(0) || 'x', '', '', '', 'eve', '', 'PIN set', '',
                    'command', 'x', 'y', 2.0);
            """)
        let queue = try DatabaseQueue(path: store.path)
        let read = try queue.read { db in try AuditLog.entries(in: db) }
        #expect(read == (try Self.entriesAsGRDBReadsThem(queue)))
        #expect(read.last?.action == "set-pin")
        #expect(read.dropLast().last?.reason == "before")
        // The filtered scan keeps every row whose action reads as asked.
        let pins = try queue.read { db in try AuditLog.entries(in: db, where: AuditScan.actions(["set-pin"])) }
        #expect(pins.map(\.seq) == read.filter { $0.action == "set-pin" }.map(\.seq))
    }

    // MARK: - The replay

    /// A file with history, edited outside bidpanel by `sql`.
    func editedStore(_ sql: String) throws -> EvaluationStore {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        for (bid, criterion, value) in [("B1", "experience", 4), ("B1", "logic", 3), ("B2", "experience", 2), ("B2", "logic", 1)] {
            try chair.record(Slot(bid: bid, criterion: criterion), .scale(Exact(value)), comment: value == 3 ? "A | B" : "")
        }
        try chair.record(Slot(bid: "B2", criterion: "logic"), .scale(2), comment: "Changed my mind")
        try Fixtures.sqlite(store.path, sql)
        return try EvaluationStore.open(path: store.path)
    }

    func replayFindings(_ store: EvaluationStore, byPlace: Bool) throws -> [String] {
        try store.pool.read { db in
            var replay = AuditReplay(byPlace: byPlace)
            for entry in try AuditLog.entries(in: db) { replay.add(entry) }
            return try replay.differences(db: db).sorted()
        }
    }

    @Test func theReplayFindsTheSameAsComparingByPrintedPlace() throws {
        let edits = [
            "",
            "UPDATE member_value SET value = '5' WHERE bid = 'B2' AND criterion = 'experience';",
            "UPDATE member_value SET comment = 'A' WHERE bid = 'B1' AND criterion = 'logic';",
            "UPDATE member_value SET value = '3 | A', comment = 'B' WHERE bid = 'B1' AND criterion = 'logic';",
            "DELETE FROM member_value WHERE bid = 'B1' AND criterion = 'experience';",
            """
            INSERT INTO member_value (bid, criterion, principle, member, value, comment, source, recorded_at)
            VALUES ('B3', 'logic', '', 'priya', '4', '', 'terminal', 'now');
            """,
            """
            INSERT INTO member_value (bid, criterion, principle, member, value, comment, source, recorded_at)
            VALUES ('B1 logic', '', '', 'priya', '4', '', 'terminal', 'now');
            """,
        ]
        for sql in edits {
            let store = try editedStore(sql)
            let fast = try replayFindings(store, byPlace: false)
            #expect(fast == (try replayFindings(store, byPlace: true)), "\(sql)")
            #expect(fast.isEmpty == sql.isEmpty || sql.contains("'3 | A', comment = 'B'"), "\(sql): \(fast)")
        }
    }

    /// Ids are numbered the same whether one repeats the id before it (the
    /// shortcut) or comes back later (the table), as Swift's String equality,
    /// which the table also uses, decides: "é" written as one character or two is one id.
    @Test func internedIdsAreTheSameWhetherTheyRepeatOrComeBack() {
        var interned = AuditReplay.Interned()
        let places = [("B1", "experience", "", "zoe"), ("B1", "experience", "", "zoe"), ("B1", "logic", "", "zoe"),
                      ("B2", "experience", "", "ali"), ("B1", "experience", "", "zoe"), ("B1", "experience", "fair", "zoe"),
                      ("B10", "logic", "", "r\u{E9}ne"), ("B10", "logic", "", "re\u{301}ne"), ("B1", "logic", "", "zoe")]
        let keys = places.map { interned.key($0.0, $0.1, $0.2, $0.3) }
        for (a, first) in places.enumerated() {
            for (b, second) in places.enumerated() {
                #expect((keys[a] == keys[b]) == (first == second), "\(first) and \(second)")
            }
        }
        #expect(keys.map(interned.place) == places.map { "\($0.0) \($0.1) \($0.2) \($0.3 == "re\u{301}ne" ? "r\u{E9}ne" : $0.3)" })
    }

    @Test func theReplayNamesAChangedValueInTheSameWords() throws {
        let store = try editedStore("UPDATE member_value SET value = '5' WHERE bid = 'B2' AND criterion = 'experience';")
        #expect(try store.verifyAudit() == ["value B2 experience  priya is \"5 | \" in the file but the audit log says \"2 | \""])
    }

    // MARK: - Import and the chain before a change

    @Test func aSlotListedTwiceOnPaperIsRecordedAsBefore() throws {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        let slot = Slot(bid: "B1", criterion: "experience"), other = Slot(bid: "B1", criterion: "logic")
        try chair.importPaper(values: [MemberValue(slot: slot, member: "zoe", value: .scale(2)),
                                       MemberValue(slot: other, member: "zoe", value: .scale(3)),
                                       MemberValue(slot: slot, member: "zoe", value: .scale(4), comment: "Second look"),
                                       MemberValue(slot: other, member: "zoe", value: .scale(3))],
                              moderated: [], conflicts: [], noConflicts: ["zoe"])
        let records = try chair.auditEntries().filter { $0.action == "record" }
        #expect(records.map { "\($0.criterion) \($0.oldValue)→\($0.newValue) \($0.reason)" }
            == ["experience →2 ", "logic →3 ", "experience 2→4 Second look"])
        #expect(try chair.scoreSheet().memberValues.map(\.value) == [.scale(4), .scale(3)])
        #expect(try store.verifyAudit() == [])
    }

    @Test func aBrokenChainStillStopsEveryChangeAndIsNamedFirst() throws {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        try chair.record(Slot(bid: "B1", criterion: "experience"), .scale(4))
        try Fixtures.sqlite(store.path, """
            DROP TRIGGER audit_no_update; UPDATE audit SET new_value = '5' WHERE action = 'record';
            UPDATE bid SET price = '1' WHERE id = 'B2';
            """)
        let reopened = try EvaluationStore.open(path: store.path)
        let again = try reopened.signIn(member: "priya", pin: Fixtures.chairPIN)
        // Reading still works; no change is built on the file.
        #expect(try again.scoreSheet().memberValues.count == 1)
        let error = try #require(throws: StoreError.self) { try again.record(Slot(bid: "B1", criterion: "logic"), .scale(3)) }
        #expect(error.message.contains("was changed outside bidpanel: row 3 (record by priya"), "\(error.message)")
        #expect(error.message.contains("(and 1 more)"), "\(error.message)")
        #expect(throws: StoreError.self) { try again.moderate(Slot(bid: "B1", criterion: "logic"), .scale(3), reason: "x") }
    }
}
