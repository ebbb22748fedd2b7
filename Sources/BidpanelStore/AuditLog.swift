import Crypto
import Foundation
import GRDB

/// One change, as the audit log keeps it.
public struct AuditEntry: Sendable, Equatable, Codable {
    public var seq: Int
    public var at: String
    /// The member who made the change (or "system").
    public var actor: String
    public var action: String
    public var bid: String
    public var criterion: String
    public var principle: String
    /// The member the change is about, when not the actor.
    public var member: String
    public var oldValue: String
    public var newValue: String
    public var reason: String
    /// "terminal", "paper" (typed in from a score sheet) or "command".
    public var source: String
    public var prevHash: String
    public var hash: String
    /// Which encoding of its fields the hash is taken over: 1 for rows
    /// written before bidpanel 0.6 (a JSON array), 2 since (see
    /// `AuditLog.hash(of:)` and docs/evaluation-file.md).
    public var encoding: Int = 2
}

/// The append-only audit log. Each row carries the SHA-256 of its own content
/// and of the row before, so editing, deleting or reordering rows breaks the
/// chain; the head of the chain is also kept in `state`, so removing the last
/// rows shows too.
enum AuditLog {
    static let genesis = String(repeating: "0", count: 64)
    /// The encoding new rows are hashed with.
    static let currentEncoding = 2
    /// The tag that starts the hashed bytes of an encoding-2 row.
    static let tag = "bidpanel-audit-2"

    struct Change {
        var actor: String
        var action: String
        var bid = ""
        var criterion = ""
        var principle = ""
        var member = ""
        var oldValue = ""
        var newValue = ""
        var reason = ""
        var source = "terminal"
    }

    /// Appends inside the caller's write transaction. The statements are
    /// prepared once per connection (an import appends one row per value).
    @discardableResult
    static func append(_ change: Change, at time: String, in db: Database) throws -> AuditEntry {
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT audit_count, audit_head FROM state WHERE id = 1"))!
        let count: Int = row[0], head: String = row[1]
        var entry = AuditEntry(seq: count + 1, at: time, actor: change.actor, action: change.action, bid: change.bid,
                               criterion: change.criterion, principle: change.principle, member: change.member,
                               oldValue: change.oldValue, newValue: change.newValue, reason: change.reason,
                               source: change.source, prevHash: head, hash: "", encoding: currentEncoding)
        entry.hash = hash(of: entry)!
        try db.cachedStatement(sql: """
            INSERT INTO audit (seq, at, actor, action, bid, criterion, principle, member, old_value, new_value,
                               reason, source, prev_hash, hash, encoding)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [entry.seq, entry.at, entry.actor, entry.action, entry.bid, entry.criterion,
                                     entry.principle, entry.member, entry.oldValue, entry.newValue, entry.reason,
                                     entry.source, entry.prevHash, entry.hash, entry.encoding])
        try db.cachedStatement(sql: "UPDATE state SET audit_count = ?, audit_head = ? WHERE id = 1")
            .execute(arguments: [entry.seq, entry.hash])
        return entry
    }

    /// Every field but the hash itself, in the order both encodings hash them.
    static func fields(of entry: AuditEntry) -> [String] {
        [String(entry.seq), entry.at, entry.actor, entry.action, entry.bid, entry.criterion, entry.principle,
         entry.member, entry.oldValue, entry.newValue, entry.reason, entry.source, entry.prevHash]
    }

    /// SHA-256 over the row's fields in the encoding the row names; nil for
    /// an encoding this bidpanel does not know (made by a newer one).
    static func hash(of entry: AuditEntry) -> String? {
        switch entry.encoding {
        case 1: LegacyV1.hash(fields(of: entry))
        case 2: encoding2(entry).sha256()
        default: nil
        }
    }

    /// The encoding-2 bytes of a row: the same fields as `fields(of:)`, in
    /// the same order, written straight into one buffer.
    static func encoding2(_ entry: AuditEntry) -> CanonicalEncoding.Writer {
        var writer = CanonicalEncoding.Writer(tag: tag)
        writer.field(String(entry.seq))
        writer.field(entry.at)
        writer.field(entry.actor)
        writer.field(entry.action)
        writer.field(entry.bid)
        writer.field(entry.criterion)
        writer.field(entry.principle)
        writer.field(entry.member)
        writer.field(entry.oldValue)
        writer.field(entry.newValue)
        writer.field(entry.reason)
        writer.field(entry.source)
        writer.field(entry.prevHash)
        return writer
    }

    /// Legacy encoding 1, kept exactly as bidpanel 0.5 and earlier wrote it
    /// so their rows keep verifying: SHA-256 over Foundation's JSON of the
    /// fields as an array of strings. Never used for new rows: Foundation
    /// does not promise those bytes.
    enum LegacyV1 {
        static func hash(_ fields: [String]) -> String {
            let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])
            return CanonicalEncoding.hex(SHA256.hash(data: data))
        }
    }

    /// The rows in order; `condition` is an SQL expression over the columns.
    static func entries(in db: Database, where condition: String = "1") throws -> [AuditEntry] {
        var entries: [AuditEntry] = []
        try AuditScan.forEach(in: db, where: condition) { entries.append($0) }
        return entries
    }

    /// Every break in the chain, in words that name the row.
    static func problems(in entries: [AuditEntry], count: Int, head: String) -> [String] {
        var check = ChainCheck()
        for entry in entries { check.add(entry) }
        return check.problems(count: count, head: head)
    }
}

/// The chain checked one row at a time, so the whole log never has to be in
/// memory: feed it every row in order, then ask for the problems.
struct ChainCheck {
    /// The hash of the row before, as UTF-8: a row's bytes (`add(_: RawAuditRow)`)
    /// are compared with it without building a String.
    private var previous: [UInt8] = Array(AuditLog.genesis.utf8)
    private var rows = 0
    private var found: [String] = []
    /// One buffer for every row's encoding.
    private var writer = CanonicalEncoding.Writer(tag: AuditLog.tag)

    /// `previous` as the String it was read as (a row's hash, read either way).
    private var previousText: String { String(decoding: previous, as: UTF8.self) }

    mutating func add(_ entry: AuditEntry) {
        rows += 1
        let expectedSeq = rows
        if entry.seq != expectedSeq {
            found.append("row \(expectedSeq) is missing or out of order (found row \(entry.seq) in its place)")
        }
        if entry.prevHash != previousText {
            found.append("row \(entry.seq) does not follow the row before it: a row was deleted, inserted or reordered just before it")
        }
        if let recomputed = AuditLog.hash(of: entry) {
            if recomputed != entry.hash {
                found.append("row \(entry.seq) (\(entry.action) by \(entry.actor) at \(entry.at)) was changed after it was written")
            }
        } else {
            found.append("row \(entry.seq) says it was hashed with encoding \(entry.encoding), which this bidpanel does not know: it was changed, or written by a newer bidpanel (update bidpanel)")
        }
        previous = Array(entry.hash.utf8)
    }

    /// The same checks, in the same words, on a row's bytes: the encoding
    /// written into the one buffer, the hashes compared digit by digit.
    mutating func add(_ row: RawAuditRow) {
        guard row.encoding == AuditLog.currentEncoding, row.seq >= 0 else { return add(row.entry()) }
        rows += 1
        if row.seq != rows {
            found.append("row \(rows) is missing or out of order (found row \(row.seq) in its place)")
        }
        if !follows(row.prevHash) {
            found.append("row \(row.seq) does not follow the row before it: a row was deleted, inserted or reordered just before it")
        }
        writer.restart()
        writer.field(decimal: row.seq)
        writer.fields(UnsafeBufferPointer(rebasing: row.texts[0..<12]))
        if !writer.sha256Is(row.hash) {
            let entry = row.entry()
            found.append("row \(entry.seq) (\(entry.action) by \(entry.actor) at \(entry.at)) was changed after it was written")
        }
        previous.removeAll(keepingCapacity: true)
        previous.append(contentsOf: row.hash)
    }

    /// Whether `prevHash` (ASCII) equals `previous` as Strings compare: the
    /// same bytes are equal, two ASCII texts that differ are not, and any
    /// other pair is left to String equality.
    private func follows(_ prevHash: UnsafeBufferPointer<UInt8>) -> Bool {
        if previous.withUnsafeBufferPointer({ PlainText.equal($0, prevHash) }) { return true }
        if previous.allSatisfy({ $0 < 0x80 }) { return false }
        return String(decoding: prevHash, as: UTF8.self) == previousText
    }

    /// Every break found, then whether the log ends where `state` says.
    func problems(count: Int, head: String) -> [String] {
        var problems = found
        let previous = previousText
        if rows != count || previous != head {
            problems.append("the log should have \(count) rows ending in \(head.prefix(12))…, but has \(rows) ending in \(previous.prefix(12))…: rows were removed from or added to its end")
        }
        return problems
    }
}
