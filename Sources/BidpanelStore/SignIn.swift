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

    var place: String { self == .screen ? "on the sign-in screen" : "for PIN commands" }
    var other: String {
        self == .screen ? "PIN commands (such as export) are counted separately"
            : "signing in with bidpanel open is counted separately and still works"
    }
    var auditSource: String { self == .screen ? "terminal" : "command" }
}

extension EvaluationStore {
    public static let maximumTries = 5
    /// The first lock; each further lock in a row doubles it, up to
    /// `longestLock`. Never permanent: a lock always ends on its own.
    public static let lockSeconds: TimeInterval = 60
    public static let longestLock: TimeInterval = 15 * 60
    /// A try still being checked after this long belongs to a process that
    /// died mid-check; it stops counting, so it cannot lock anyone for ever.
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
        let stored = try reserveTry(member: member, channel: channel)
        let correct: Bool
        do {
            correct = try PINHasher.verify(pin, against: stored)
        } catch {
            try? finishTry(member: member, channel: channel, correct: false)
            throw error
        }
        if let problem = try finishTry(member: member, channel: channel, correct: correct) {
            throw StoreError(problem)
        }
        return MemberSession(store: self, member: member)
    }

    /// Counts a try before its PIN is checked: refuses when the member is
    /// locked, or when the tries already counted (wrong ones and ones being
    /// checked now) use up the five. One write transaction, so two processes
    /// cannot both take the last try.
    private func reserveTry(member: Member, channel: SignInChannel) throws -> PINHasher.Hashed {
        let now = clock().timeIntervalSince1970
        let outcome = try write { db -> Result<PINHasher.Hashed, StoreError> in
            // Write first: the transaction holds the write lock from its first
            // statement, so what it reads next cannot change under it.
            try db.execute(sql: "INSERT OR IGNORE INTO pin_tries (member, channel) VALUES (?, ?)",
                           arguments: [member.id, channel.rawValue])
            try db.execute(sql: """
                UPDATE pin_tries SET checking = 0 WHERE member = ? AND channel = ? AND checking > 0 AND checking_since < ?
                """, arguments: [member.id, channel.rawValue, now - Self.abandonedTrySeconds])
            guard let pinRow = try Row.fetchOne(db, sql: "SELECT pin_hash, pin_salt, pin_rounds FROM member WHERE id = ?",
                                                arguments: [member.id]) else {
                return .failure(StoreError("\"\(member.id)\" is not in this evaluation file"))
            }
            guard let hash: Data = pinRow["pin_hash"], let salt: Data = pinRow["pin_salt"],
                  let rounds: Int = pinRow["pin_rounds"] else {
                return .failure(StoreError("\(member.name) has no PIN yet; the chair sets one with: bidpanel members \(path) set-pin \(member.id)"))
            }
            let tries = try Row.fetchOne(db, sql: "SELECT failed, checking, locked_until FROM pin_tries WHERE member = ? AND channel = ?",
                                         arguments: [member.id, channel.rawValue])!
            if let until: Double = tries["locked_until"], until > now {
                return .failure(StoreError(Self.lockedMessage(member, channel, seconds: until - now)))
            }
            let failed: Int = tries["failed"], checking: Int = tries["checking"]
            guard failed + checking < Self.maximumTries else {
                // Tries being checked right now would use up the rest.
                return .failure(StoreError("\(member.name) has had \(Self.maximumTries) PINs tried at once \(channel.place); wait a few seconds and try again"))
            }
            try db.execute(sql: "UPDATE pin_tries SET checking = checking + 1, checking_since = ? WHERE member = ? AND channel = ?",
                           arguments: [now, member.id, channel.rawValue])
            return .success(PINHasher.Hashed(hash: hash, salt: salt, rounds: rounds))
        }
        return try outcome.get()
    }

    /// Settles a counted try: a right PIN clears the count and any lock; a
    /// wrong one stays counted, and the one that makes five locks. Returns
    /// what to tell the person after a wrong PIN.
    @discardableResult
    private func finishTry(member: Member, channel: SignInChannel, correct: Bool) throws -> String? {
        let now = clock().timeIntervalSince1970
        return try write { db -> String? in
            let key: [any DatabaseValueConvertible] = [member.id, channel.rawValue]
            if correct {
                try db.execute(sql: """
                    UPDATE pin_tries SET checking = max(0, checking - 1), failed = 0, locks = 0, locked_until = NULL
                    WHERE member = ? AND channel = ?
                    """, arguments: StatementArguments(key))
                return nil
            }
            try db.execute(sql: "UPDATE pin_tries SET checking = max(0, checking - 1), failed = failed + 1 WHERE member = ? AND channel = ?",
                           arguments: StatementArguments(key))
            let row = try Row.fetchOne(db, sql: "SELECT failed, locks, locked_until FROM pin_tries WHERE member = ? AND channel = ?",
                                       arguments: StatementArguments(key))!
            let failed: Int = row["failed"], locks: Int = row["locks"]
            if let until: Double = row["locked_until"], until > now {
                // Another try locked it while this one was being checked.
                return "wrong PIN. " + Self.lockedMessage(member, channel, seconds: until - now)
            }
            guard failed >= Self.maximumTries else {
                let left = Self.maximumTries - failed
                return "wrong PIN for \(member.name). \(left) more \(left == 1 ? "try" : "tries") \(channel.place) before a lock of \(Self.duration(Self.lockLength(after: locks)))"
            }
            let length = Self.lockLength(after: locks)
            try db.execute(sql: "UPDATE pin_tries SET failed = 0, locks = locks + 1, locked_until = ? WHERE member = ? AND channel = ?",
                           arguments: StatementArguments([now + length] + key))
            try AuditLog.append(.init(actor: "system", action: "lock", member: member.id,
                                      reason: "\(Self.maximumTries) wrong PINs in a row \(channel.place); locked for \(Self.duration(length))",
                                      source: channel.auditSource),
                                at: self.now(), in: db)
            return "wrong PIN. \(member.name) is now locked \(channel.place) for \(Self.duration(length)); \(channel.other)"
        }
    }

    static func lockedMessage(_ member: Member, _ channel: SignInChannel, seconds: TimeInterval) -> String {
        "\(member.name) is locked \(channel.place) after \(maximumTries) wrong PINs; try again in \(duration(seconds.rounded(.up))). "
            + channel.other.prefix(1).uppercased() + channel.other.dropFirst()
    }

    /// "1 minute", "45 seconds", "2 minutes 30 seconds".
    static func duration(_ seconds: TimeInterval) -> String {
        let total = max(1, Int(seconds.rounded(.up)))
        let minutes = total / 60, rest = total % 60
        func unit(_ n: Int, _ name: String) -> String { "\(n) \(name)\(n == 1 ? "" : "s")" }
        if minutes == 0 { return unit(rest, "second") }
        return rest == 0 ? unit(minutes, "minute") : unit(minutes, "minute") + " " + unit(rest, "second")
    }

    static func registerPINTries(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4: PIN tries per member and channel") { db in
            // failed: wrong PINs in a row; checking: tries counted but still
            // being checked; locks: locks in a row (the next is longer).
            try db.create(table: "pin_tries") { t in
                t.column("member", .text).notNull()
                t.column("channel", .text).notNull()
                t.column("failed", .integer).notNull().defaults(to: 0)
                t.column("checking", .integer).notNull().defaults(to: 0)
                t.column("checking_since", .double)
                t.column("locks", .integer).notNull().defaults(to: 0)
                t.column("locked_until", .double) // seconds since 1970
                t.primaryKey(["member", "channel"])
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
        if let problem = PINHasher.problem(with: pin) { throw StoreError(problem) }
        let hashed = try PINHasher.hash(pin)
        try store.write { db in
            try db.execute(sql: """
                UPDATE member SET pin_hash = ?, pin_salt = ?, pin_rounds = ?, failed_tries = 0, locked_until = NULL
                WHERE id = ?
                """, arguments: [hashed.hash, hashed.salt, hashed.rounds, memberID])
            // A new PIN starts with a clean slate everywhere.
            try db.execute(sql: "DELETE FROM pin_tries WHERE member = ?", arguments: [memberID])
            try AuditLog.append(.init(actor: member.id, action: "set-pin", member: memberID, newValue: "PIN set",
                                      source: "command"), at: store.now(), in: db)
        }
    }
}
