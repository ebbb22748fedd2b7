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
}

/// The append-only audit log. Each row carries the SHA-256 of its own content
/// and of the row before, so editing, deleting or reordering rows breaks the
/// chain; the head of the chain is also kept in `state`, so removing the last
/// rows shows too.
enum AuditLog {
    static let genesis = String(repeating: "0", count: 64)

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
    static func append(_ change: Change, at time: String, in db: Database) throws {
        let row = try Row.fetchOne(db, sql: "SELECT audit_count, audit_head FROM state WHERE id = 1")!
        let count: Int = row["audit_count"], head: String = row["audit_head"]
        var entry = AuditEntry(seq: count + 1, at: time, actor: change.actor, action: change.action, bid: change.bid,
                               criterion: change.criterion, principle: change.principle, member: change.member,
                               oldValue: change.oldValue, newValue: change.newValue, reason: change.reason,
                               source: change.source, prevHash: head, hash: "")
        entry.hash = hash(of: entry)
        try db.execute(sql: """
            INSERT INTO audit (seq, at, actor, action, bid, criterion, principle, member, old_value, new_value,
                               reason, source, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [entry.seq, entry.at, entry.actor, entry.action, entry.bid, entry.criterion,
                             entry.principle, entry.member, entry.oldValue, entry.newValue, entry.reason,
                             entry.source, entry.prevHash, entry.hash])
        try db.execute(sql: "UPDATE state SET audit_count = ?, audit_head = ? WHERE id = 1",
                       arguments: [entry.seq, entry.hash])
    }

    /// SHA-256 over every field but the hash itself, in a fixed, unambiguous
    /// encoding (a JSON array of strings).
    static func hash(of entry: AuditEntry) -> String {
        let fields: [String] = [String(entry.seq), entry.at, entry.actor, entry.action, entry.bid, entry.criterion,
                                entry.principle, entry.member, entry.oldValue, entry.newValue, entry.reason,
                                entry.source, entry.prevHash]
        let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    static func entries(in db: Database) throws -> [AuditEntry] {
        try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY seq").map { row in
            AuditEntry(seq: row["seq"], at: row["at"], actor: row["actor"], action: row["action"], bid: row["bid"],
                       criterion: row["criterion"], principle: row["principle"], member: row["member"],
                       oldValue: row["old_value"], newValue: row["new_value"], reason: row["reason"],
                       source: row["source"], prevHash: row["prev_hash"], hash: row["hash"])
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
            if hash(of: entry) != entry.hash {
                problems.append("row \(entry.seq) (\(entry.action) by \(entry.actor) at \(entry.at)) was changed after it was written")
            }
            previous = entry.hash
        }
        if entries.count != count || previous != head {
            problems.append("the log should have \(count) rows ending in \(head.prefix(12))…, but has \(entries.count) ending in \(previous.prefix(12))…: rows were removed from or added to its end")
        }
        return problems
    }
}
