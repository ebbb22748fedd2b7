import BidpanelCore
import BidpanelFixtures
import Foundation
import GRDB
import Testing
@testable import BidpanelStore

/// `verification()` reads most audit rows as bytes (no String per column),
/// hashes them in one buffer and keeps the replay as numbers. These tests
/// hold it to the plain way, built here from Strings as bidpanel read the
/// log before (every column by name through GRDB, each row hashed from its
/// Strings, member values compared by their printed place): on a clean
/// file and on files edited outside bidpanel in the ways people and
/// damage produce, it must find exactly the same problems in the same words.
@Suite("Evaluation file: the fast check finds what the plain check finds")
struct VerificationFastPathTests {
    /// The plain way: Strings throughout.
    static func plainProblems(_ db: Database) throws -> [String] {
        let entries = try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY seq").map { row in
            AuditEntry(seq: row["seq"], at: row["at"], actor: row["actor"], action: row["action"], bid: row["bid"],
                       criterion: row["criterion"], principle: row["principle"], member: row["member"],
                       oldValue: row["old_value"], newValue: row["new_value"], reason: row["reason"],
                       source: row["source"], prevHash: row["prev_hash"], hash: row["hash"],
                       encoding: row.lenient("encoding", as: Int.self) ?? 0)
        }
        var chain = ChainCheck()
        for entry in entries { chain.add(entry) }
        var replay = AuditReplay(byPlace: true)
        for entry in entries { replay.add(entry) }
        return try Integrity.chainProblems(db, chain: chain) + ContentSeal.check(in: db).problems
            + PINFingerprint.problems(entries: entries, db: db) + replay.differences(db: db)
    }

    /// A small evaluation with every value recorded (chair m1, members m2 and m3).
    static func baseFile(bids: Int = 3, criteria: Int = 3, members: Int = 3) throws -> String {
        let path = Fixtures.temporaryFolder().appendingPathComponent("base.bidpanel").path
        let store = try ScalePanel(bids: bids, criteria: criteria, members: members).createEvaluation(at: path)
        // Comments as people write them: accents, a long line, a pipe, a newline.
        let chair = try store.signIn(member: "m1", pin: "2468")
        try chair.record(Slot(bid: "B1", criterion: "c1"), .scale(3), comment: "café | \(String(repeating: "long ", count: 60))")
        try chair.record(Slot(bid: "B2", criterion: "c2"), .scale(2), comment: "Line one\nLine two")
        return path
    }

    /// The first "record" row's number, for edits that name rows after it.
    static let firstRecord = "(SELECT min(seq) FROM audit WHERE action = 'record')"
    static let unlocked = "DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;"

    /// Edits made outside bidpanel, each a way the fast path could differ.
    static let edits: [String] = [
        "UPDATE member_value SET value = '9' WHERE rowid = 2",
        "UPDATE member_value SET comment = 'A | B' WHERE rowid = 3",
        "UPDATE member_value SET value = '2 | x', comment = '' WHERE rowid = 4",
        "DELETE FROM member_value WHERE rowid = 5",
        "INSERT INTO member_value VALUES ('B9', 'c1', '', 'm1', '4', '', 'terminal', 'now')",
        "INSERT INTO member_value VALUES ('B1 c1', '', '', 'm1', '4', '', 'terminal', 'now')",
        "UPDATE member_value SET value = 3 WHERE rowid = 6",
        "UPDATE member_value SET value = 9 WHERE rowid = 6",
        "UPDATE member_value SET comment = 'a' || char(0) || 'b' WHERE rowid = 7",
        "UPDATE member_value SET comment = CAST(x'41ff42' AS TEXT) WHERE rowid = 8",
        // "é" as two characters in the table where the log has one: equal as Strings.
        """
        UPDATE member_value SET comment = replace(comment, 'café', 'cafe' || char(769))
        """,
        "UPDATE audit SET new_value = '9' WHERE seq = \(firstRecord) + 1",
        "UPDATE audit SET new_value = x'35' WHERE seq = \(firstRecord) + 2",
        "UPDATE audit SET reason = 'a' || char(0) || 'b' WHERE seq = \(firstRecord) + 3",
        "UPDATE audit SET reason = CAST(x'41ff42' AS TEXT) WHERE seq = \(firstRecord) + 4",
        "UPDATE audit SET reason = char(233) WHERE seq = \(firstRecord) + 5",
        "UPDATE audit SET encoding = 1 WHERE seq = \(firstRecord) + 6",
        "UPDATE audit SET encoding = 3 WHERE seq = \(firstRecord) + 7",
        "UPDATE audit SET encoding = 2.0 WHERE seq = \(firstRecord) + 8",
        "UPDATE audit SET seq = -5 WHERE seq = \(firstRecord) + 9",
        "DELETE FROM audit WHERE seq = \(firstRecord) + 10",
        "UPDATE audit SET bid = 'B1 c1' WHERE seq = \(firstRecord) + 11",
        // A hash and the next row's link spelled differently but equal as Strings.
        """
        UPDATE audit SET hash = char(233) WHERE seq = \(firstRecord) + 12;
        UPDATE audit SET prev_hash = 'e' || char(769) WHERE seq = \(firstRecord) + 13
        """,
        // The Kelvin sign is "K" to String equality: the next row's plain link follows it.
        """
        UPDATE audit SET hash = char(0x212A) WHERE seq = \(firstRecord) + 18;
        UPDATE audit SET prev_hash = 'K' WHERE seq = \(firstRecord) + 19
        """,
        "UPDATE audit SET action = 'record' || char(0) || 'x' WHERE seq = \(firstRecord) + 14",
        "UPDATE audit SET prev_hash = upper(prev_hash) WHERE seq = \(firstRecord) + 15",
        "UPDATE audit SET member = 'm' || char(0x212A) WHERE seq = \(firstRecord) + 16",
        "UPDATE audit SET criterion = 'c1', new_value = '0' WHERE seq = \(firstRecord) + 17",
        "INSERT INTO audit SELECT seq + 1000, at, actor, action, bid, criterion, principle, member, old_value, new_value, reason, source, prev_hash, hash, encoding FROM audit WHERE seq = \(firstRecord)",
        "UPDATE state SET audit_count = audit_count - 1",
        "UPDATE state SET audit_head = 'x'",
        "UPDATE member SET pin_hash = x'00' WHERE id = 'm2'",
        "UPDATE bid SET price = '1' WHERE id = 'B2'",
        "INSERT INTO moderated_value VALUES ('B1', 'c1', '', '4', 'Agreed', 'now')",
        "DELETE FROM conflict",
    ]

    func findings(afterEditing base: String, with sql: [String]) throws -> (fast: [String], plain: [String]) {
        let path = Fixtures.temporaryFolder().appendingPathComponent("edited.bidpanel").path
        try FileManager.default.copyItem(atPath: base, toPath: path)
        for edit in sql { try Fixtures.sqlite(path, Self.unlocked + edit) }
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in (try Integrity.verification(db).seal.problems, try Self.plainProblems(db)) }
    }

    @Test func aCleanFileHasNoProblemsEitherWay() throws {
        let base = try Self.baseFile(bids: 12, criteria: 5, members: 4)
        let (fast, plain) = try findings(afterEditing: base, with: [])
        #expect(fast == [])
        #expect(plain == [])
    }

    @Test func eachEditIsFoundInTheSameWords() throws {
        let base = try Self.baseFile()
        for edit in Self.edits {
            let (fast, plain) = try findings(afterEditing: base, with: [edit])
            // The plain replay lists some findings in a Dictionary's order.
            #expect(fast.sorted() == plain.sorted(), "\(edit)")
        }
    }

    @Test func editsTogetherAreFoundInTheSameWords() throws {
        let base = try Self.baseFile(bids: 4, criteria: 4, members: 3)
        var generator = SplitMix(seed: 12)
        var found = 0
        for _ in 0..<16 {
            let chosen = (0..<3).map { _ in Self.edits[Int(generator.next() % UInt64(Self.edits.count))] }
            let (fast, plain) = try findings(afterEditing: base, with: chosen)
            #expect(fast.sorted() == plain.sorted(), "\(chosen)")
            found += fast.isEmpty ? 0 : 1
        }
        // A few edits change nothing that matters (a NUL after the action); most do.
        #expect(found >= 12)
    }

    /// The buffer the chain check writes a row into gives the documented
    /// bytes, the same as writing each field on its own, row after row.
    @Test func writingFieldsAtOnceGivesTheSameBytesAsOneByOne() {
        let texts = ["", "a:b", String(repeating: "x", count: 12_345), "é\n", "1234567890", "9"]
        var oneByOne = CanonicalEncoding.Writer(tag: "bidpanel-audit-2")
        oneByOne.field(decimal: 1_000_007)
        for text in texts { oneByOne.field(text) }
        let copies = texts.map { text -> UnsafeBufferPointer<UInt8> in
            let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: text.utf8.count)
            _ = copy.initialize(from: text.utf8)
            return UnsafeBufferPointer(copy)
        }
        defer { copies.forEach { $0.deallocate() } }
        var atOnce = CanonicalEncoding.Writer(tag: "bidpanel-audit-2")
        for _ in 0..<2 {
            atOnce.restart()
            atOnce.field(decimal: 1_000_007)
            copies.withUnsafeBufferPointer { atOnce.fields($0) }
            #expect(atOnce.bytes == oneByOne.bytes)
        }
        #expect(oneByOne.bytes.starts(with: Array("bidpanel-audit-2\n7:1000007\n0:\n3:a:b\n12345:x".utf8)))
    }

    /// The member values missing from the table are named in the order the
    /// log first recorded them, the same on every run.
    @Test func missingValuesAreNamedInTheLogsOrder() throws {
        let base = try Self.baseFile()
        let (fast, _) = try findings(afterEditing: base, with: ["DELETE FROM member_value WHERE rowid IN (3, 9, 4)"])
        #expect(fast.count == 3)
        #expect(fast.allSatisfy { $0.hasSuffix("is in the audit log but missing from the file") }, "\(fast)")
        let again = try findings(afterEditing: base, with: ["DELETE FROM member_value WHERE rowid IN (3, 9, 4)"]).fast
        #expect(again == fast)
    }
}

/// A small seeded generator, so a failure names edits that can be rerun.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
