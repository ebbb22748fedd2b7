import BidpanelCore
import GRDB

/// Whether the file is still what bidpanel wrote: the audit chain, the
/// seal of the panel, bids, answers and members, the PIN hashes the log set,
/// and (in `verification`) the replay of the log against the tables.
enum Integrity {
    /// The chain, the seal and the PINs, without the replay: cheap enough to
    /// run each time the file is opened.
    static func check(_ db: Database, roles: [String: Role]? = nil) throws -> SealCheck {
        var check = try ContentSeal.check(in: db, roles: roles)
        let entries = try AuditLog.entries(in: db)
        check.problems = try chainProblems(db, entries: entries) + check.problems
            + PINFingerprint.problems(entries: entries, db: db)
        return check
    }

    static func chainProblems(_ db: Database, entries: [AuditEntry]) throws -> [String] {
        guard let state = try Row.fetchOne(db, sql: "SELECT audit_count, audit_head FROM state WHERE id = 1") else {
            return ["the file has no audit state row: it was damaged or edited"]
        }
        return AuditLog.problems(in: entries, count: state["audit_count"], head: state["audit_head"])
    }
}

extension SealCheck {
    /// The panel with each member's role as sealed, when the file no longer
    /// matches its seal: a role edited into the stored panel text (an
    /// officer made chair) gives that member nothing. A member the seal does
    /// not know becomes an observer, who reads no prices and scores nothing.
    func withSealedRoles(_ panel: Panel) -> Panel {
        guard !problems.isEmpty, let roles = sealedRoles else { return panel }
        var panel = panel
        panel.members = panel.members.map { member in
            var member = member
            member.role = roles[member.id] ?? .observer
            return member
        }
        return panel
    }
}

/// The result of checking the whole record.
public struct Verification: Sendable {
    /// Head, count and every problem, as the documents print it.
    public var seal: RecordSeal
    /// Worth saying but not problems: e.g. the file was sealed on upgrade.
    public var notes: [String]
}

extension EvaluationStore {
    /// Checks the audit chain, the seal, and that the recorded values are
    /// exactly what the log's history says they should be, all in one read.
    public func verification() throws -> Verification {
        try read { db in
            let entries = try AuditLog.entries(in: db)
            let sealCheck = try ContentSeal.check(in: db)
            let problems = try Integrity.chainProblems(db, entries: entries) + sealCheck.problems
                + PINFingerprint.problems(entries: entries, db: db) + AuditReplay.differences(entries: entries, db: db)
            let state = try Row.fetchOne(db, sql: "SELECT audit_count, audit_head FROM state WHERE id = 1")
            let seal = RecordSeal(head: state?["audit_head"] ?? AuditLog.genesis, count: state?["audit_count"] ?? 0,
                                  problems: problems)
            return Verification(seal: seal, notes: sealCheck.notes)
        }
    }

    /// Every problem found; empty means intact.
    public func verifyAudit() throws -> [String] { try verification().seal.problems }

    /// The audit head and count to print on a document, with any problem.
    public func seal() throws -> RecordSeal { try verification().seal }

    /// Refuses a change to a file whose chain or seal did not verify when it
    /// was opened: nothing is built on a record edited outside bidpanel.
    func requireIntact(_ what: String) throws {
        guard let first = integrity.problems.first else { return }
        let more = integrity.problems.count > 1 ? " (and \(integrity.problems.count - 1) more)" : ""
        throw StoreError("\(path) was changed outside bidpanel: \(first)\(more). So bidpanel will not \(what). See every problem with: bidpanel audit \(path); restore the file from a backup")
    }
}
