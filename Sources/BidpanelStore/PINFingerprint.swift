import BidpanelCore
import Foundation
import GRDB

/// Each "set-pin" entry ends with a fingerprint of the stored PIN hash
/// (SHA-256 over its salt, hash and rounds), so a PIN hash swapped in with
/// the sqlite3 shell (to sign in as the chair with a PIN the attacker knows)
/// shows, and the file is then treated as changed outside bidpanel. The
/// fingerprint tells nothing the member table does not: both sit in the file.
enum PINFingerprint {
    static let tag = "bidpanel-pin-1"

    static func of(hash: Data, salt: Data, rounds: Int) -> String {
        "sha256:" + CanonicalEncoding.sha256(tag: tag, fields: [CanonicalEncoding.hex(salt), CanonicalEncoding.hex(hash), String(rounds)])
    }

    /// "PIN set, sha256:…", the set-pin entry's new value.
    static func entryText(_ hashed: PINHasher.Hashed) -> String {
        "PIN set, " + of(hash: hashed.hash, salt: hashed.salt, rounds: hashed.rounds)
    }

    /// The fingerprint each member's last "set-pin" entry gives, read one
    /// entry at a time; nil for an entry from before fingerprints.
    struct Logged {
        fileprivate var fingerprints: [String: String?] = [:]

        mutating func add(_ entry: AuditEntry) {
            guard entry.action == "set-pin" else { return }
            fingerprints.updateValue(entry.newValue.firstMatch(of: /sha256:[0-9a-f]{64}$/).map { String($0.0) },
                                     forKey: entry.member)
        }
    }

    /// Every member whose stored PIN hash is not the one the log last set.
    /// Rows from before fingerprints ("PIN set" alone) are taken on trust.
    static func problems(entries: [AuditEntry], db: Database) throws -> [String] {
        var logged = Logged()
        for entry in entries { logged.add(entry) }
        return try problems(logged: logged, db: db)
    }

    /// The same, for the "set-pin" entries alone: what opening a file checks.
    static func problems(in db: Database) throws -> [String] {
        var logged = Logged()
        try AuditScan.forEach(in: db, where: AuditScan.actions(["set-pin"])) { logged.add($0) }
        return try problems(logged: logged, db: db)
    }

    static func problems(logged found: Logged, db: Database) throws -> [String] {
        let logged = found.fingerprints
        var problems: [String] = []
        for row in try Row.fetchAll(db, sql: "SELECT id, pin_hash, pin_salt, pin_rounds FROM member ORDER BY id") {
            let id = row.lenient("id", as: String.self) ?? "none"
            let hash = row.lenient("pin_hash", as: Data.self), salt = row.lenient("pin_salt", as: Data.self)
            let rounds = row.lenient("pin_rounds", as: Int.self)
            let stored = hash.flatMap { hash in salt.flatMap { salt in rounds.map { of(hash: hash, salt: salt, rounds: $0) } } }
            switch logged[id] {
            case nil where stored != nil:
                problems.append("member \(SafeText.line(id)) has a PIN that was never set through bidpanel: it was written into the file directly")
            case let .some(.some(fingerprint)) where fingerprint != stored:
                problems.append("the PIN of member \(SafeText.line(id)) was changed outside bidpanel (it is not the PIN the audit log last set)")
            default: break
            }
        }
        return problems
    }
}
