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

    /// Appends inside the caller's write transaction.
    @discardableResult
    static func append(_ change: Change, at time: String, in db: Database) throws -> AuditEntry {
        let row = try Row.fetchOne(db, sql: "SELECT audit_count, audit_head FROM state WHERE id = 1")!
        let count: Int = row["audit_count"], head: String = row["audit_head"]
        var entry = AuditEntry(seq: count + 1, at: time, actor: change.actor, action: change.action, bid: change.bid,
                               criterion: change.criterion, principle: change.principle, member: change.member,
                               oldValue: change.oldValue, newValue: change.newValue, reason: change.reason,
                               source: change.source, prevHash: head, hash: "", encoding: currentEncoding)
        entry.hash = hash(of: entry)!
        try db.execute(sql: """
            INSERT INTO audit (seq, at, actor, action, bid, criterion, principle, member, old_value, new_value,
                               reason, source, prev_hash, hash, encoding)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [entry.seq, entry.at, entry.actor, entry.action, entry.bid, entry.criterion,
                             entry.principle, entry.member, entry.oldValue, entry.newValue, entry.reason,
                             entry.source, entry.prevHash, entry.hash, entry.encoding])
        try db.execute(sql: "UPDATE state SET audit_count = ?, audit_head = ? WHERE id = 1",
                       arguments: [entry.seq, entry.hash])
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
        case 2: CanonicalEncoding.sha256(tag: tag, fields: fields(of: entry))
        default: nil
        }
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
        try Row.fetchAll(db, sql: "SELECT * FROM audit WHERE \(condition) ORDER BY seq").map { row in
            AuditEntry(seq: row["seq"], at: row["at"], actor: row["actor"], action: row["action"], bid: row["bid"],
                       criterion: row["criterion"], principle: row["principle"], member: row["member"],
                       oldValue: row["old_value"], newValue: row["new_value"], reason: row["reason"],
                       source: row["source"], prevHash: row["prev_hash"], hash: row["hash"],
                       // 0, an encoding no bidpanel wrote, when the column was edited to something else
                       encoding: row.lenient("encoding", as: Int.self) ?? 0)
        }
    }

    /// Every break in the chain, in words that name the row.
    static func problems(in entries: [AuditEntry], count: Int, head: String) -> [String] {
        var problems: [String] = []
        var previous = genesis
        for (index, entry) in entries.enumerated() {
            let expectedSeq = index + 1
            if entry.seq != expectedSeq {
                problems.append("row \(expectedSeq) is missing or out of order (found row \(entry.seq) in its place)")
            }
            if entry.prevHash != previous {
                problems.append("row \(entry.seq) does not follow the row before it: a row was deleted, inserted or reordered just before it")
            }
            if let recomputed = hash(of: entry) {
                if recomputed != entry.hash {
                    problems.append("row \(entry.seq) (\(entry.action) by \(entry.actor) at \(entry.at)) was changed after it was written")
                }
            } else {
                problems.append("row \(entry.seq) says it was hashed with encoding \(entry.encoding), which this bidpanel does not know: it was changed, or written by a newer bidpanel (update bidpanel)")
            }
            previous = entry.hash
        }
        if entries.count != count || previous != head {
            problems.append("the log should have \(count) rows ending in \(head.prefix(12))…, but has \(entries.count) ending in \(previous.prefix(12))…: rows were removed from or added to its end")
        }
        return problems
    }
}
