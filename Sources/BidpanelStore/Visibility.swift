import BidpanelCore
import Foundation
import GRDB

/// What a member may read. The rules (SPEC, issue 3):
/// - a member reads only their own values until they have submitted the bid;
/// - a conflicted member reads nothing for that bid;
/// - young assessors and observers never read prices or price marks;
/// - only the chair reads everyone's values, moderated values and results.
extension MemberSession {
    public var mayReadPrices: Bool { member.role == .chair || member.role == .officer }

    /// The bids, without prices for those who may not see them.
    public func bids() -> [Bid] {
        panel.bids.map { bid in
            var bid = bid
            if !mayReadPrices { bid.price = nil }
            return bid
        }
    }

    /// The bid, with its answers, unless this member is conflicted.
    public func bid(_ id: String) throws -> Bid {
        guard let bid = bids().first(where: { $0.id == id }) else { throw StoreError("there is no bid \"\(id)\"") }
        if try store.read({ db in try isConflicted(id, db: db) }) {
            throw StoreError("\(member.name) declared a conflict of interest for bid \(id), so cannot read it")
        }
        return bid
    }

    /// This member's own values for a bid.
    public func myValues(bid: String) throws -> [MemberValue] {
        try store.read { db in
            if try isConflicted(bid, db: db) { throw StoreError("\(member.name) has a conflict with bid \(bid)") }
            return try Self.memberValues(db, panel: panel, sql: "WHERE bid = ? AND member = ?", [bid, member.id])
        }
    }

    /// Every member's values for a bid: the chair always; another member
    /// only once they have submitted it.
    public func allValues(bid: String) throws -> [MemberValue] {
        try store.read { db in
            if try isConflicted(bid, db: db) { throw StoreError("\(member.name) has a conflict with bid \(bid)") }
            let submitted = try isSubmitted(bid, member: member.id, db: db)
            guard isChair || submitted else {
                throw StoreError("other members' values for bid \(bid) stay hidden until \(member.name) submits it")
            }
            try requireChairIndependence(bid: bid, toDo: "read the other members' values", db: db)
            return try Self.memberValues(db, panel: panel, sql: "WHERE bid = ?", [bid])
        }
    }

    /// Which bids this member has submitted and which they are conflicted on.
    public func myProgress() throws -> [String: BidProgress] {
        try store.read { db in try myProgress(db) }
    }

    func myProgress(_ db: Database) throws -> [String: BidProgress] {
        let submitted = try Set(String.fetchAll(db, sql: "SELECT bid FROM submission WHERE member = ?", arguments: [member.id]))
        let conflicted = try Set(String.fetchAll(db, sql: "SELECT bid FROM conflict WHERE member = ?", arguments: [member.id]))
        var counts: [String: Int] = [:]
        let stages = try stageStandingForRules(db)
        if stages == nil {
            for row in try Row.fetchAll(db, sql: "SELECT bid, COUNT(*) AS n FROM member_value WHERE member = ? GROUP BY bid",
                                        arguments: [member.id]) {
                counts[row["bid"]] = row["n"]
            }
        } else {
            // In stages, only the current stage's values count towards it.
            let inPlay = Set(criteriaInPlay(stages).map(\.id))
            for row in try Row.fetchAll(db, sql: "SELECT bid, criterion, COUNT(*) AS n FROM member_value WHERE member = ? GROUP BY bid, criterion",
                                        arguments: [member.id]) where inPlay.contains(row["criterion"]) {
                counts[row["bid"], default: 0] += row["n"] as Int
            }
        }
        let needed = slots(for: "", criteria: criteriaInPlay(stages)).count
        return Dictionary(uniqueKeysWithValues: panel.bids.map { bid in
            (bid.id, BidProgress(recorded: counts[bid.id] ?? 0, needed: needed,
                                 submitted: submitted.contains(bid.id), conflicted: conflicted.contains(bid.id)))
        })
    }

    /// The member values the condition `sql` selects, in order
    /// (`SheetScan`); a value that no longer parses (an edited file) is left
    /// out, as always.
    static func memberValues(_ db: Database, panel: Panel, sql: String, _ arguments: StatementArguments) throws -> [MemberValue] {
        var scan = SheetScan(panel: panel)
        return try scan.memberValues(db, filter: sql, arguments)
    }
}

public struct BidProgress: Sendable, Equatable {
    public var recorded: Int
    public var needed: Int
    public var submitted: Bool
    public var conflicted: Bool

    public init(recorded: Int, needed: Int, submitted: Bool, conflicted: Bool) {
        self.recorded = recorded
        self.needed = needed
        self.submitted = submitted
        self.conflicted = conflicted
    }
}
