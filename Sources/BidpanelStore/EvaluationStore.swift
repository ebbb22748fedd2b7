import BidpanelCore
import Foundation
import GRDB

/// Why an evaluation file could not be used, in one line that says what to do.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// The problem as `audit` lists it, when the file cannot be opened
    /// because it was changed outside bidpanel (its stored panel edited).
    public var finding: String?
    public init(_ message: String, finding: String? = nil) {
        self.message = message
        self.finding = finding
    }
    public var description: String { message }
}

/// One evaluation file: a SQLite database (WAL) holding the frozen panel,
/// every value, PIN hashes and the audit log. Safe to open from many
/// processes at once; every write is one short transaction, committed to
/// disk (synchronous = FULL) before the caller can report it saved.
public final class EvaluationStore: Sendable {
    public let path: String
    public let panel: Panel
    let pool: DatabasePool
    let clock: @Sendable () -> Date
    /// The seal and the PINs as they were when this file was opened (the
    /// panel, roles and bids in memory are the ones read then).
    let integrity: SealCheck
    /// The audit chain, checked before the first change is written.
    let chain: ChainVerdict
    /// Whether every audit and member_value row's types were checked when
    /// the file was opened; if not, the whole-record read checks them
    /// (`strict`).
    let auditRowsTypeChecked: Bool

    /// How long a writer waits for another to finish before giving up.
    public static let busyTimeout: TimeInterval = 15

    init(path: String, pool: DatabasePool, panel: Panel, clock: @escaping @Sendable () -> Date,
         integrity: SealCheck = SealCheck(), chain: ChainVerdict = ChainVerdict(known: []),
         auditRowsTypeChecked: Bool = true) {
        self.auditRowsTypeChecked = auditRowsTypeChecked
        self.path = path
        self.pool = pool
        // Lot by lot, so every screen and report walks the bids grouped by lot.
        self.panel = panel.bidsGroupedByLot()
        self.clock = clock
        self.integrity = integrity
        self.chain = chain
    }

    static func configuration(busyTimeout: TimeInterval = busyTimeout) -> Configuration {
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.prepareDatabase { db in
            // FULL: a commit is on disk before the write returns, so a value
            // shown as "saved" survives a power cut, at a small cost in speed.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        return config
    }

    func now() -> String { Self.timestamp(clock()) }

    /// Reads a stored time back (the chair's screens).
    static let timestampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    /// UTC to the millisecond, rounded down: "2026-11-22T14:05:03.123Z".
    /// Written with the C library's `gmtime_r` and `strftime`: Foundation's
    /// date formatters go through ICU, which paged 2–5 MB of calendar data
    /// into every terminal on its first write (see BENCHMARKS.md).
    static func timestamp(_ date: Date) -> String {
        var (seconds, millis) = Int64((date.timeIntervalSince1970 * 1000).rounded(.down)).quotientAndRemainder(dividingBy: 1000)
        if millis < 0 { (seconds, millis) = (seconds - 1, millis + 1000) }
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S", &parts)
        let whole = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let fraction = String(millis)
        return whole + "." + String(repeating: "0", count: 3 - fraction.count) + fraction + "Z"
    }

    // MARK: - Creating and opening

    /// Makes a new evaluation file from a loaded panel. Refuses to overwrite;
    /// the file is readable by its owner only. Its first audit entry seals
    /// the panel, bids, answers and members (`ContentSeal`). With `witness`,
    /// every sign-off appends the audit head to that file (`Witness`).
    public static func create(at path: String, panelPath: String, panelText: String, panel: Panel,
                              answersFiles: [String: String], chairPIN: String, witness: String? = nil,
                              clock: @escaping @Sendable () -> Date = Date.init) throws -> EvaluationStore {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError("\(path) already exists; bidpanel never overwrites an evaluation. Choose another name with --out, or move the old file away first.")
        }
        guard let chair = panel.members.first(where: { $0.role == .chair }) else {
            throw StoreError("the panel has no chair")
        }
        if let problem = PINHasher.problem(with: chairPIN) { throw StoreError("the chair's PIN: \(problem)") }
        let witness = try witness.map(Witness.prepare)
        // Create the file with owner-only permissions before SQLite opens it.
        let folder = (path as NSString).deletingLastPathComponent
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw StoreError("cannot create \(path): check that the folder \(folder.isEmpty ? "." : folder) exists and you may write there")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration())
            let store = EvaluationStore(path: path, pool: pool, panel: panel, clock: clock)
            let hashed = try PINHasher.hash(chairPIN)
            try Schema.migrator.migrate(pool)
            try pool.write { db in
                let time = store.now()
                try db.execute(sql: "INSERT INTO panel_source (id, path, toml, frozen_at) VALUES (1, ?, ?, ?)",
                               arguments: [panelPath, panelText, time])
                for (file, text) in answersFiles {
                    try db.execute(sql: "INSERT INTO answers_file (path, text) VALUES (?, ?)", arguments: [file, text])
                }
                for (position, bid) in panel.bids.enumerated() {
                    try db.execute(sql: """
                        INSERT INTO bid (id, position, bidder, price, answers_path, supplier_id, address, email)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [bid.id, position, bid.bidder, bid.price?.description, bid.answersPath,
                                         bid.contact.supplierID, bid.contact.address, bid.contact.email])
                }
                for member in panel.members {
                    try db.execute(sql: "INSERT INTO member (id) VALUES (?)", arguments: [member.id])
                }
                try db.execute(sql: "UPDATE member SET pin_hash = ?, pin_salt = ?, pin_rounds = ? WHERE id = ?",
                               arguments: [hashed.hash, hashed.salt, hashed.rounds, chair.id])
                try db.execute(sql: "UPDATE state SET witness = ? WHERE id = 1", arguments: [witness])
                try ContentSeal.seal(in: db, roles: ContentSeal.roles(of: panel), lots: LotSeal(panel), entry: { digest, _ in
                    .init(actor: "system", action: "create",
                          newValue: "\(panel.tender.id) from \(panelPath): \(panel.criteria.count) criteria, \(panel.members.count) members, \(panel.bids.count) bids. Made by bidpanel \(BidpanelVersion.current). Sealed: the panel text, every bid with its answers, and every member with their role, sha256:\(digest)",
                          source: "command")
                }, at: time)
                try AuditLog.append(.init(actor: chair.id, action: "set-pin", member: chair.id, newValue: PINFingerprint.entryText(hashed),
                                          source: "command"), at: time, in: db)
            }
            return store
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Opens an existing evaluation file, upgrading an older schema.
    /// `verifyingWholeRecord`: the caller runs `verification()` before it
    /// uses anything it reads, so the types of the audit log's and the
    /// members' values' rows are checked as that reads them (a damaged row
    /// is named then, as opening would name it) rather than read once more
    /// here: a grants round has 480k of each.
    public static func open(path: String, busyTimeout: TimeInterval = busyTimeout, verifyingWholeRecord: Bool = false,
                            clock: @escaping @Sendable () -> Date = Date.init) throws -> EvaluationStore {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw StoreError("there is no evaluation file at \(path). Make one with: bidpanel init PANEL.toml --out \(path)")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw StoreError("cannot read \(path): check its permissions (it should belong to you, mode 600)")
        }
        // The owner's write bit is checked directly, not through access(2),
        // so a file marked read-only is treated as such even for root.
        let mode = (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0o600
        guard mode & 0o200 != 0, FileManager.default.isWritableFile(atPath: path) else {
            throw StoreError("\(path) is read-only, so nothing can be recorded in it. If you should be able to change it, run: chmod u+w \(path)")
        }
        try checkHeader(path)
        do {
            let pool = try DatabasePool(path: path, configuration: configuration(busyTimeout: busyTimeout))
            let appID = try pool.read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0 }
            guard appID == Schema.applicationID else {
                throw StoreError("\(path) is a SQLite database but not a bidpanel evaluation file")
            }
            let applied = try pool.read { db in Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")) }
            if !applied.isSubset(of: Set(Schema.knownMigrations)) {
                throw StoreError("\(path) was made by a newer version of bidpanel; update bidpanel to open it (nothing was changed)")
            }
            try Schema.migrator.migrate(pool)
            // A damaged or hand-edited file is named before anything reads it.
            try pool.read { db in
                try FileCheck.check(db, path: path, now: clock().timeIntervalSince1970,
                                    rowTypesReadLater: verifyingWholeRecord ? ["audit", "member_value"] : [])
            }
            if !applied.contains(Schema.sealMigration) {
                // Made by a bidpanel before the seal: seal it now, and say so.
                try pool.write { db in try ContentSeal.sealOnUpgrade(in: db, at: timestamp(clock())) }
            }
            var panel = try pool.read { db in try loadPanel(db, file: path) }
            let integrity = try pool.read { db in try Integrity.check(db, roles: ContentSeal.roles(of: panel), lots: LotSeal(panel)) }
            let chain = ChainVerdict()
            // A broken chain alone gives every member their sealed role, and
            // with an intact seal that is the role they have, so the chain can
            // wait; in the one odd case where it is not (a member sealed with
            // no row in the member table), the chain decides now.
            var assumingBroken = integrity
            assumingBroken.problems.append("")
            if integrity.problems.isEmpty, assumingBroken.withSealedRoles(panel).members.map(\.role) != panel.members.map(\.role) {
                var check = integrity
                check.problems = try chain.problems {
                    try pool.read { db in try Integrity.chainProblems(db, strict: verifyingWholeRecord) }
                }
                panel = check.withSealedRoles(panel)
            } else {
                panel = integrity.withSealedRoles(panel)
            }
            return EvaluationStore(path: path, pool: pool, panel: panel, clock: clock, integrity: integrity, chain: chain,
                                   auditRowsTypeChecked: !verifyingWholeRecord)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Tells a bidpanel file from anything else before SQLite touches it.
    private static func checkHeader(_ path: String) throws {
        guard let header = HeaderReader.shared.header(of: path) else {
            throw StoreError("cannot read \(path): check its permissions")
        }
        if header.isEmpty {
            throw StoreError("\(path) is empty, not an evaluation file. Make one with: bidpanel init PANEL.toml --out \(path)")
        }
        guard header.count == 100, header.starts(with: Data("SQLite format 3\0".utf8)) else {
            throw StoreError("\(path) is not a bidpanel evaluation file (is it the panel's .toml file? Use: bidpanel init \(path) first)")
        }
        let appID = header[68..<72].reduce(Int32(0)) { ($0 << 8) | Int32($1) }
        if appID != 0 && appID != Schema.applicationID {
            throw StoreError("\(path) is a SQLite database but not a bidpanel evaluation file")
        }
    }

    /// Rebuilds the panel from the copy frozen in the file.
    static func loadPanel(_ db: Database, file: String) throws -> Panel {
        guard let source = try Row.fetchOne(db, sql: "SELECT path, toml FROM panel_source WHERE id = 1") else {
            throw StoreError("\(file) has no panel in it; it may be damaged. Restore it from a backup.")
        }
        let answers = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT path, text FROM answers_file")
            .map { (row: Row) -> (String, String) in (row["path"], row["text"]) })
        let panelPath: String = source["path"]
        var panel: Panel
        do {
            panel = try PanelFile.parse(text: source["toml"], file: panelPath, readFile: { answers[$0] }).panel
        } catch {
            throw try PanelTextCheck.error(db, file: file, failure: error)
        }
        // A bid's lot comes from the sealed panel text (the bid table has no
        // lot column): a bid the table holds and the text does not has none,
        // and the seal names that bid as added.
        let lotOfBid = Dictionary(panel.bids.map { ($0.id, $0.lot) }, uniquingKeysWith: { first, _ in first })
        panel.bids = try Row.fetchAll(db, sql: "SELECT * FROM bid ORDER BY position").map { row in
            let answersPath: String? = row["answers_path"]
            let priceText: String? = row["price"]
            return Bid(id: row["id"], bidder: row["bidder"], price: priceText.flatMap { Exact(decimal: $0) },
                       answersPath: answersPath,
                       answers: answersPath.flatMap { answers[$0] }.map { AnswersFile.parse($0).answers } ?? [:],
                       contact: BidderContact(supplierID: row["supplier_id"], address: row["address"], email: row["email"]),
                       lot: lotOfBid[row["id"]] ?? nil)
        }
        panel.members += try MemberAdmin.added(db)
        return panel
    }
}

extension StoreError {
    /// Turns SQLite's and GRDB's errors into one line a panel member can act on.
    static func wrap(_ error: Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? FileCheck.DamagedRows { return FileCheck.damaged(path, error.problem) }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return StoreError("\(path) is busy: another bidpanel is writing to it, or stopped while writing. Try again in a moment; if it stays busy, close the other bidpanel windows")
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                return StoreError("\(path) is damaged (truncated or corrupt), so bidpanel will not use it. Restore it from a backup; nothing was changed")
            case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN, .SQLITE_AUTH:
                return StoreError("cannot write to \(path) or its folder: check permissions. Nothing was changed")
            case .SQLITE_FULL, .SQLITE_IOERR:
                return StoreError("could not write \(path) (is the disk full?). Nothing was changed")
            case .SQLITE_ERROR where ["no such table", "no such column"].contains { error.message?.contains($0) == true }:
                // A table or column bidpanel made is gone: edited with the sqlite3 shell.
                return StoreError("\(path) is damaged: \(error.message ?? "a table is missing"). Restore it from a backup; nothing was changed")
            default:
                return StoreError("\(path): \(error.message ?? "database error \(error.resultCode)")")
            }
        }
        return StoreError("\(path): \(error)")
    }
}

extension EvaluationStore {
    /// Holds the write lock without writing, as a stuck process would: only
    /// for tests of what other writers see.
    public func holdWriteLock(seconds: TimeInterval) throws {
        try write { _ in
            FileHandle.standardOutput.write(Data("holding\n".utf8))
            Thread.sleep(forTimeInterval: seconds)
        }
    }
}
