import BidpanelCore
import Foundation
import GRDB

/// Whether the file is still what bidpanel wrote: the audit chain, the
/// seal of the panel, bids, answers and members, the PIN hashes the log set,
/// and (in `verification`) the replay of the log against the tables.
enum Integrity {
    /// The seal and the PINs, without the chain's hashes or the replay:
    /// cheap enough to run each time the file is opened (the PINs need only
    /// the "set-pin" entries). The chain is checked before the first change
    /// is written (`EvaluationStore.requireIntact`).
    static func check(_ db: Database, roles: [String: Role]? = nil, lots: LotSeal? = nil) throws -> SealCheck {
        var check = try ContentSeal.check(in: db, roles: roles, lots: lots)
        check.problems += try PINFingerprint.problems(in: db)
        return check
    }

    /// Every break in the chain, reading the log one row at a time.
    /// `strict`: a row of the wrong types is a damaged file (`AuditScan`).
    static func chainProblems(_ db: Database, strict: Bool = false) throws -> [String] {
        var chain = ChainCheck()
        try AuditScan.forEachRow(in: db, strict: strict, bytes: { chain.add($0) }, entry: { chain.add($0) })
        return try chainProblems(db, chain: chain)
    }

    static func chainProblems(_ db: Database, entries: [AuditEntry]) throws -> [String] {
        var chain = ChainCheck()
        for entry in entries { chain.add(entry) }
        return try chainProblems(db, chain: chain)
    }

    static func chainProblems(_ db: Database, chain: ChainCheck) throws -> [String] {
        guard let state = try Row.fetchOne(db, sql: "SELECT audit_count, audit_head FROM state WHERE id = 1") else {
            return ["the file has no audit state row: it was damaged or edited"]
        }
        return chain.problems(count: state["audit_count"], head: state["audit_head"])
    }
}

/// The audit chain's problems, found once per opened store when first
/// needed (before the first change is written), not on every open: reading
/// a file needs only the seal, and hashing the whole log of a grants round
/// takes a noticeable part of a second.
final class ChainVerdict: @unchecked Sendable {
    private let lock = NSLock()
    private var found: [String]?

    /// `known`: the problems when they are known already (a file just made has none).
    init(known: [String]? = nil) { found = known }

    /// The problems, computed by `check` the first time only; a caller
    /// asking meanwhile waits for that answer.
    func problems(_ check: () throws -> [String]) rethrows -> [String] {
        lock.lock()
        defer { lock.unlock() }
        if let found { return found }
        let problems = try check()
        found = problems
        return problems
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
        try read { try Integrity.verification($0, strict: !auditRowsTypeChecked) }
    }

    /// Every problem found; empty means intact.
    public func verifyAudit() throws -> [String] { try verification().seal.problems }

    /// The audit head and count to print on a document, with any problem.
    public func seal() throws -> RecordSeal { try verification().seal }

    /// Refuses a change to a file whose chain, seal or PINs do not verify:
    /// nothing is built on a record edited outside bidpanel. The seal and
    /// PINs were checked when the file was opened; the chain is checked the
    /// first time this is asked (with `db` when inside a transaction).
    func requireIntact(_ what: String, db: Database? = nil) throws {
        let problems = try chainProblems(db) + integrity.problems
        guard let first = problems.first else { return }
        let more = problems.count > 1 ? " (and \(problems.count - 1) more)" : ""
        throw StoreError("\(path) was changed outside bidpanel: \(first)\(more). So bidpanel will not \(what). See every problem with: bidpanel audit \(path); restore the file from a backup")
    }

    func chainProblems(_ db: Database? = nil) throws -> [String] {
        func problems(_ db: Database) throws -> [String] {
            guard !auditRowsTypeChecked else { return try Integrity.chainProblems(db) }
            // Nothing is written to a file whose rows were not all type-checked on opening until they are.
            if try FileCheck.wrongTypes(db, table: "member_value") != nil { throw FileCheck.DamagedRows(db, table: "member_value") }
            return try Integrity.chainProblems(db, strict: true)
        }
        return try chain.problems {
            if let db { return try problems(db) }
            return try read { try problems($0) }
        }
    }

    /// Checks the audit chain now, on another thread, so that the first
    /// change recorded later does not wait for it (the terminal calls this
    /// after sign-in; commands that only read never need it).
    public func checkChainInBackground() {
        DispatchQueue.global(qos: .utility).async { _ = try? self.chainProblems() }
    }
}

extension Integrity {
    /// The whole check, in one read: one pass over the log feeds the chain,
    /// the PINs and the replay. `strict`: a row of the wrong types is a
    /// damaged file (`AuditScan`).
    static func verification(_ db: Database, strict: Bool = false) throws -> Verification {
        let logged = (try? Int.fetchOne(db, sql: "SELECT audit_count FROM state WHERE id = 1")) ?? 0
        var chain = ChainCheck(), pins = PINFingerprint.Logged(), replay = AuditReplay(expectedValues: logged)
        // Most rows are values recorded, read as bytes; any other row is
        // read as Strings, exactly as before.
        func add(_ entry: AuditEntry) {
            pins.add(entry)
            replay.add(entry)
        }
        try AuditScan.forEachRow(in: db, strict: strict, bytes: { row in
            chain.add(row)
            if row.isAction("record") { replay.addRecord(row) } else { add(row.entry()) }
        }, entry: { entry in
            chain.add(entry)
            add(entry)
        })
        let sealCheck = try ContentSeal.check(in: db)
        let problems = try Integrity.chainProblems(db, chain: chain) + sealCheck.problems
            + PINFingerprint.problems(logged: pins, db: db) + replay.differences(db: db, strict: strict)
        let state = try Row.fetchOne(db, sql: "SELECT audit_count, audit_head FROM state WHERE id = 1")
        let seal = RecordSeal(head: state?["audit_head"] ?? AuditLog.genesis, count: state?["audit_count"] ?? 0,
                              problems: problems)
        return Verification(seal: seal, notes: sealCheck.notes)
    }
}
