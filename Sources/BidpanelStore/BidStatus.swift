import BidpanelCore
import GRDB

/// The chair taking a bid out of the competition after `init` (withdrawn by
/// the bidder, or disqualified by the panel) and putting it back. Nothing
/// recorded for the bid is touched: members' and moderated values stay, the
/// engine still works its figures out, and it leaves the ranking with the
/// reason. Each change needs a reason and leaves an audit entry (old → new).
extension MemberSession {
    /// Records that the bid is withdrawn or disqualified. A bid already out
    /// can be moved from one to the other (the audit entry keeps which it was).
    public func remove(bid: String, as standing: BidStanding, reason: String) throws {
        let verb = standing == .withdrawn ? "withdraw" : "disqualify"
        try requireChair("\(verb) a bid")
        try requireKnown(bid: bid)
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw StoreError("to \(verb) a bid you need a reason: say briefly why, for the audit log and the report")
        }
        try store.write { db in
            try requireOpen(db)
            let old = try Self.standing(of: bid, db: db)
            if old == standing {
                throw StoreError("bid \(bid) is already \(standing.rawValue), so nothing was changed")
            }
            let time = store.now()
            try db.execute(sql: """
                INSERT INTO bid_standing (bid, standing, reason, recorded_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (bid) DO UPDATE SET standing = excluded.standing, reason = excluded.reason,
                                                recorded_at = excluded.recorded_at
                """, arguments: [bid, standing.rawValue, reason, time])
            try AuditLog.append(.init(actor: member.id, action: "\(verb)-bid", bid: bid,
                                      oldValue: old?.rawValue ?? BidStatus.competing, newValue: standing.rawValue,
                                      reason: reason, source: "command"), at: time, in: db)
        }
    }

    /// Puts a withdrawn or disqualified bid back into the competition.
    public func reinstate(bid: String, reason: String) throws {
        try requireChair("reinstate a bid")
        try requireKnown(bid: bid)
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw StoreError("to reinstate a bid you need a reason: say briefly why it is back in the competition")
        }
        try store.write { db in
            try requireOpen(db)
            guard let old = try Self.standing(of: bid, db: db) else {
                throw StoreError("bid \(bid) is not withdrawn or disqualified, so there is nothing to reinstate")
            }
            try db.execute(sql: "DELETE FROM bid_standing WHERE bid = ?", arguments: [bid])
            try AuditLog.append(.init(actor: member.id, action: "reinstate-bid", bid: bid, oldValue: old.rawValue,
                                      newValue: BidStatus.competing, reason: reason, source: "command"),
                                at: store.now(), in: db)
        }
    }

    /// Refuses a bid id that is not in the panel, with the closest one as a hint.
    func requireKnown(bid: String) throws {
        guard panel.bid(id: bid) != nil else {
            throw StoreError("there is no bid \"\(bid)\" in this evaluation: " + Suggest.hint(for: bid, in: panel.bids.map(\.id)))
        }
    }

    static func standing(of bid: String, db: Database) throws -> BidStanding? {
        try String.fetchOne(db, sql: "SELECT standing FROM bid_standing WHERE bid = ?", arguments: [bid])
            .flatMap(BidStanding.init(rawValue:))
    }
}

enum BidStatus {
    /// How the audit log writes a bid that is in the competition.
    static let competing = "in the competition"

    /// Every bid withdrawn or disqualified, as the engine takes them.
    static func removals(_ db: Database) throws -> [BidRemoval] {
        try Row.fetchAll(db, sql: "SELECT bid, standing, reason FROM bid_standing ORDER BY bid").compactMap { row in
            guard let standing = (row.lenient("standing", as: String.self)).flatMap(BidStanding.init(rawValue:)) else { return nil }
            return BidRemoval(bid: row.lenient("bid") ?? "", standing: standing, reason: row.lenient("reason") ?? "")
        }
    }

    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6: bids withdrawn or disqualified after init") { db in
            try db.create(table: "bid_standing") { t in
                t.column("bid", .text).primaryKey()
                t.column("standing", .text).notNull() // "withdrawn" or "disqualified"
                t.column("reason", .text).notNull()
                t.column("recorded_at", .text).notNull()
            }
        }
    }
}
