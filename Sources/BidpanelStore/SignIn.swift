import BidpanelCore
import Foundation
import GRDB

/// Where a PIN was typed. Each place keeps its own count of wrong PINs and its
/// own lock, so a script that keeps running `bidpanel export` with wrong PINs
/// locks PIN commands only, and the chair can still sign in on the screen.
public enum SignInChannel: String, Sendable, CaseIterable {
    /// The sign-in screen of `bidpanel open`.
    case screen
    /// A command that asks for a PIN: export, report, members, import…
    case command

    /// Where, as told to the person (the screen's line is short).
    var place: String { self == .screen ? "on this screen" : "for PIN commands" }
    /// Said to a command's user: the screen is still open to the chair.
    var note: String { self == .screen ? "" : " (signing in with bidpanel open is counted separately and still works)" }
    var auditPlace: String { self == .screen ? "on the sign-in screen" : "for PIN commands" }
    var auditSource: String { self == .screen ? "terminal" : "command" }
}

extension EvaluationStore {
    public static let maximumTries = 5
    /// The first lock; each further lock in a row doubles it, up to
    /// `longestLock`. Never permanent: a lock always ends on its own.
    public static let lockSeconds: TimeInterval = 60
    public static let longestLock: TimeInterval = 15 * 60
    /// A try still being checked after this long is abandoned whatever its
    /// process says (a check takes well under a second).
    static let abandonedTrySeconds: TimeInterval = 30

    /// How long the lock that follows `locks` earlier locks in a row lasts.
    public static func lockLength(after locks: Int) -> TimeInterval {
        min(longestLock, lockSeconds * pow(2, Double(min(locks, 20))))
    }

    /// Checks a member's PIN. Five wrong tries in a row lock that member
    /// `channel` (the screen, or PIN commands) for a minute, then two, four,
    /// eight, at most fifteen. The count and the lock live in the file, so they
    /// hold across terminals and restarts, and every try is counted before
    /// the slow check starts: processes started at once share the five tries.
    public func signIn(member memberID: String, pin: String, channel: SignInChannel = .command) throws -> MemberSession {
        guard let member = panel.member(id: memberID) else {
            throw StoreError("\"\(memberID)\" is not a member of this panel")
        }
        if let refusal = Self.signsInAsPair(member, panel: panel) { throw StoreError(refusal) }
        try checkPIN(pin, of: member, channel: channel)
        return MemberSession(store: self, member: member)
    }

    /// Checks one person's PIN, counting the try against that person only.
    func checkPIN(_ pin: String, of member: Member, channel: SignInChannel) throws {
        let (stored, check) = try reserveTry(member: member, channel: channel)
        let correct: Bool
        do {
            correct = try PINHasher.verify(pin, against: stored)
        } catch {
            // The PIN could not be checked; the try is still counted, and
            // the reason it could not be checked is what the caller hears.
            _ = try? finishTry(check, member: member, channel: channel, correct: false)
            throw error
        }
        if let problem = try finishTry(check, member: member, channel: channel, correct: correct) {
            throw StoreError(problem)
        }
    }

    /// Counts a try before its PIN is checked: refuses when the member is
    /// locked, or when the tries already counted (wrong ones and ones being
    /// checked now) use up the five. One write transaction, so two processes
    /// cannot both take the last try.
    private func reserveTry(member: Member, channel: SignInChannel) throws -> (PINHasher.Hashed, check: Int64) {
        let now = clock().timeIntervalSince1970
        let outcome = try write { db -> Result<(PINHasher.Hashed, check: Int64), StoreError> in
            // Write first: the transaction holds the write lock from its first
            // statement, so what it reads next cannot change under it.
            try db.execute(sql: "INSERT OR IGNORE INTO pin_tries (member, channel) VALUES (?, ?)",
                           arguments: [member.id, channel.rawValue])
            try Self.forgetAbandonedChecks(member: member.id, channel: channel, now: now, db: db)
            guard let pinRow = try Row.fetchOne(db, sql: "SELECT pin_hash, pin_salt, pin_rounds FROM member WHERE id = ?",
                                                arguments: [member.id]) else {
                return .failure(StoreError("\"\(member.id)\" is not in this evaluation file"))
            }
            guard let hash = pinRow.lenient("pin_hash", as: Data.self), let salt = pinRow.lenient("pin_salt", as: Data.self),
                  let rounds = pinRow.lenient("pin_rounds", as: Int.self) else {
                return .failure(StoreError("\(member.name) has no PIN yet; the chair sets one with: bidpanel members \(path) set-pin \(member.id)"))
            }
            let tries = try Self.storedTries(member: member.id, channel: channel, now: now, db: db)
            let checking = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pin_checks WHERE member = ? AND channel = ?",
                                            arguments: [member.id, channel.rawValue]) ?? 0
            if let until = tries.lockedUntil, until > now {
                return .failure(StoreError(Self.lockedMessage(member, channel, seconds: until - now)))
            }
            // A count at the limit with no lock running (only an edited file
            // has one) leaves one try, whose failure locks: never a lock for ever.
            guard min(tries.failed, Self.maximumTries - 1) + checking < Self.maximumTries else {
                // Tries being checked right now would use up the rest.
                return .failure(StoreError("\(Self.maximumTries) PINs are being checked for \(member.name) \(channel.place) already; wait a moment, then try again"))
            }
            try db.execute(sql: "INSERT INTO pin_checks (member, channel, pid, started) VALUES (?, ?, ?, ?)",
                           arguments: [member.id, channel.rawValue, Int(getpid()), now])
            return .success((PINHasher.Hashed(hash: hash, salt: salt, rounds: rounds), db.lastInsertedRowID))
        }
        return try outcome.get()
    }

    /// Tries counted by a process that has died since (killed mid-check)
    /// stop counting, so they cannot lock anyone. The file is only ever used
    /// on one machine (SQLite's write-ahead log needs that), so its process
    /// ids are ours to ask about.
    private static func forgetAbandonedChecks(member: String, channel: SignInChannel, now: Double, db: Database) throws {
        let checks = try Row.fetchAll(db, sql: "SELECT rowid, pid, started FROM pin_checks WHERE member = ? AND channel = ?",
                                      arguments: [member, channel.rawValue])
        for check in checks {
            // Read leniently: a row edited to hold nonsense is abandoned too.
            guard let rowid = check.lenient("rowid", as: Int64.self) else { continue }
            let pid = check.lenient("pid", as: Int64.self).flatMap { pid_t(exactly: $0) } ?? 0
            let started = check.lenient("started", as: Double.self) ?? -.infinity
            let gone = pid <= 0 || (kill(pid, 0) != 0 && errno == ESRCH)
            if gone || !(started >= now - abandonedTrySeconds && started <= now + abandonedTrySeconds) {
                try db.execute(sql: "DELETE FROM pin_checks WHERE rowid = ?", arguments: [rowid])
            }
        }
    }

    /// Settles a counted try: a right PIN clears the count and any lock; a
    /// wrong one stays counted, and the one that makes five locks. Returns
    /// what to tell the person after a wrong PIN.
    @discardableResult
    private func finishTry(_ check: Int64, member: Member, channel: SignInChannel, correct: Bool) throws -> String? {
        let now = clock().timeIntervalSince1970
        return try write { db -> String? in
            let key: [any DatabaseValueConvertible] = [member.id, channel.rawValue]
            try db.execute(sql: "DELETE FROM pin_checks WHERE rowid = ?", arguments: [check])
            if correct {
                try db.execute(sql: "UPDATE pin_tries SET failed = 0, locks = 0, locked_until = NULL WHERE member = ? AND channel = ?",
                               arguments: StatementArguments(key))
                return nil
            }
            let stored = try Self.storedTries(member: member.id, channel: channel, now: now, db: db)
            let failed = stored.failed + 1, locks = stored.locks
            try db.execute(sql: "UPDATE pin_tries SET failed = ? WHERE member = ? AND channel = ?",
                           arguments: StatementArguments([failed] + key))
            if let until = stored.lockedUntil, until > now {
                // Another try locked it while this one was being checked.
                return "wrong PIN. " + Self.lockedMessage(member, channel, seconds: until - now)
            }
            guard failed >= Self.maximumTries else {
                let left = Self.maximumTries - failed
                let minutes = Int(Self.lockLength(after: locks) / 60)
                return "wrong PIN for \(member.name). \(left) more \(left == 1 ? "try" : "tries") before a \(minutes)-minute lock"
            }
            let length = Self.lockLength(after: locks)
            try db.execute(sql: "UPDATE pin_tries SET failed = 0, locks = ?, locked_until = ? WHERE member = ? AND channel = ?",
                           arguments: StatementArguments([locks + 1, now + length] + key))
            try AuditLog.append(.init(actor: "system", action: "lock", member: member.id,
                                      reason: "\(Self.maximumTries) wrong PINs in a row \(channel.auditPlace); locked for \(Self.duration(length))",
                                      source: channel.auditSource),
                                at: self.now(), in: db)
            return "wrong PIN. \(member.name) is now locked \(channel.place) for \(Self.duration(length))\(channel.note)"
        }
    }

    /// A member's row of `pin_tries` for `channel`, read so that no edited
    /// value can trap or lock anyone for ever: counts are clamped to
    /// 0...1,000,000, and a lock that ends later than the longest lock could
    /// (or is not a finite time) is shortened to the longest lock from now,
    /// in the file too, so it ends. FileCheck refuses such a file when it is
    /// opened; this covers an edit made while bidpanel is running.
    static func storedTries(member: String, channel: SignInChannel, now: Double, db: Database) throws
        -> (failed: Int, locks: Int, lockedUntil: Double?) {
        let key: [any DatabaseValueConvertible] = [member, channel.rawValue]
        let row = try Row.fetchOne(db, sql: "SELECT failed, locks, locked_until FROM pin_tries WHERE member = ? AND channel = ?",
                                   arguments: StatementArguments(key))
        func count(_ column: String) -> Int { Int(min(max(row?.lenient(column, as: Int64.self) ?? 0, 0), 1_000_000)) }
        var until = row?.lenient("locked_until", as: Double.self)
        if let end = until, !(end <= now + longestLock) {
            until = now + longestLock
            try db.execute(sql: "UPDATE pin_tries SET locked_until = ? WHERE member = ? AND channel = ?",
                           arguments: StatementArguments([until] + key))
        }
        return (count("failed"), count("locks"), until)
    }

    static func lockedMessage(_ member: Member, _ channel: SignInChannel, seconds: TimeInterval) -> String {
        "\(member.name) is locked \(channel.place) (\(maximumTries) wrong PINs); try again in \(duration(seconds.rounded(.up)))\(channel.note)"
    }

    /// "1 minute", "45 seconds", "2 minutes 30 seconds".
    static func duration(_ seconds: TimeInterval) -> String {
        // Clamped before it becomes an Int: a stored time can be anything.
        let total = Int(min(max(seconds.rounded(.up), 1), longestLock))
        let minutes = total / 60, rest = total % 60
        func unit(_ n: Int, _ name: String) -> String { "\(n) \(name)\(n == 1 ? "" : "s")" }
        if minutes == 0 { return unit(rest, "second") }
        return rest == 0 ? unit(minutes, "minute") : unit(minutes, "minute") + " " + unit(rest, "second")
    }

    static func registerPINTries(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5: PIN tries per member and channel") { db in
            // failed: wrong PINs in a row; locks: locks in a row (the next is
            // longer). These replace member.failed_tries and locked_until.
            try db.create(table: "pin_tries") { t in
                t.column("member", .text).notNull()
                t.column("channel", .text).notNull()
                t.column("failed", .integer).notNull().defaults(to: 0)
                t.column("locks", .integer).notNull().defaults(to: 0)
                t.column("locked_until", .double) // seconds since 1970
                t.primaryKey(["member", "channel"])
            }
            // Tries counted and still being checked, one row each, with the
            // process checking it.
            try db.create(table: "pin_checks") { t in
                t.column("member", .text).notNull()
                t.column("channel", .text).notNull()
                t.column("pid", .integer).notNull()
                t.column("started", .double).notNull()
            }
        }
    }

    /// Whether the member has a PIN (the sign-in screen offers only those).
    public func hasPIN(member: String) throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT pin_hash IS NOT NULL FROM member WHERE id = ?", arguments: [member]) ?? false
        }
    }

    // MARK: - Short transactions with errors people can act on

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch { throw StoreError.wrap(error, path: path) }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch { throw StoreError.wrap(error, path: path) }
    }
}

extension MemberSession {
    /// The chair sets (or resets) any member's PIN, their own included.
    public func setPIN(for memberID: String, to pin: String) throws {
        try requireChair("set PINs")
        guard store.panel.member(id: memberID) != nil else {
            throw StoreError("\"\(memberID)\" is not a member of this panel: "
                + Suggest.hint(for: memberID, in: store.panel.members.map(\.id)))
        }
        if let pair = store.panel.member(id: memberID), let ids = pair.pair {
            throw StoreError("\(memberID) is a pair and has no PIN of its own: set each person's PIN instead (\(ids.joined(separator: ", ")))")
        }
        if let problem = PINHasher.problem(with: pin) { throw StoreError(problem) }
        let hashed = try PINHasher.hash(pin)
        try store.write { db in
            try db.execute(sql: """
                UPDATE member SET pin_hash = ?, pin_salt = ?, pin_rounds = ?, failed_tries = 0, locked_until = NULL
                WHERE id = ?
                """, arguments: [hashed.hash, hashed.salt, hashed.rounds, memberID])
            // A new PIN starts with a clean slate everywhere.
            try db.execute(sql: "DELETE FROM pin_tries WHERE member = ?", arguments: [memberID])
            try db.execute(sql: "DELETE FROM pin_checks WHERE member = ?", arguments: [memberID])
            try AuditLog.append(.init(actor: member.id, action: "set-pin", member: memberID, newValue: PINFingerprint.entryText(hashed),
                                      source: "command"), at: store.now(), in: db)
        }
    }
}
