import BidpanelCore
import Foundation
import GRDB

extension EvaluationStore {
    public static let maximumTries = 5
    public static let lockSeconds: TimeInterval = 60

    /// Checks a member's PIN. Five wrong tries lock that member for a minute;
    /// the count and the lock live in the file, so they hold across
    /// terminals and restarts.
    public func signIn(member memberID: String, pin: String) throws -> MemberSession {
        guard let member = panel.member(id: memberID) else {
            throw StoreError("\"\(memberID)\" is not a member of this panel")
        }
        let now = clock().timeIntervalSince1970
        guard let row = try read({ db in
            try Row.fetchOne(db, sql: "SELECT pin_hash, pin_salt, pin_rounds, locked_until, failed_tries FROM member WHERE id = ?",
                             arguments: [memberID])
        }) else { throw StoreError("\"\(memberID)\" is not in this evaluation file") }
        if let until: Double = row["locked_until"], until > now {
            throw StoreError("\(member.name) is locked after \(Self.maximumTries) wrong PINs; try again in \(Int((until - now).rounded(.up))) seconds")
        }
        guard let hash: Data = row["pin_hash"], let salt: Data = row["pin_salt"], let rounds: Int = row["pin_rounds"] else {
            throw StoreError("\(member.name) has no PIN yet; the chair sets one with: bidpanel members \(path) set-pin \(memberID)")
        }
        let correct = try PINHasher.verify(pin, against: .init(hash: hash, salt: salt, rounds: rounds))
        if correct {
            // Only write when there is something to clear: signing in must not
            // wait behind another terminal's write.
            let failed: Int = row["failed_tries"]
            if failed > 0 || (row["locked_until"] as Double?) != nil {
                try write { db in
                    try db.execute(sql: "UPDATE member SET failed_tries = 0, locked_until = NULL WHERE id = ?", arguments: [memberID])
                }
            }
            return MemberSession(store: self, member: member)
        }
        // How many tries are left before the lock (0 once it has locked).
        let triesLeft = try write { db -> Int in
            try db.execute(sql: "UPDATE member SET failed_tries = failed_tries + 1 WHERE id = ?", arguments: [memberID])
            let tries = try Int.fetchOne(db, sql: "SELECT failed_tries FROM member WHERE id = ?", arguments: [memberID]) ?? 0
            guard tries >= Self.maximumTries else { return Self.maximumTries - tries }
            try db.execute(sql: "UPDATE member SET failed_tries = 0, locked_until = ? WHERE id = ?",
                           arguments: [now + Self.lockSeconds, memberID])
            try AuditLog.append(.init(actor: "system", action: "lock", member: memberID,
                                      reason: "\(Self.maximumTries) wrong PINs in a row", source: "terminal"),
                                at: self.now(), in: db)
            return 0
        }
        throw StoreError(triesLeft == 0
            ? "wrong PIN. \(member.name) is now locked for \(Int(Self.lockSeconds)) seconds"
            : "wrong PIN for \(member.name). \(triesLeft) more \(triesLeft == 1 ? "try" : "tries") before a one-minute lock")
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
            try AuditLog.append(.init(actor: member.id, action: "set-pin", member: memberID, newValue: PINFingerprint.entryText(hashed),
                                      source: "command"), at: store.now(), in: db)
        }
    }
}
