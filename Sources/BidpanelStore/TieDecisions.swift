import BidpanelCore
import GRDB

/// The chair's decision on a lot whose leading bids are tied (`LotAwards`
/// leaves such a lot unawarded): the chair picks one of the tied bids and
/// says why. Kept one row per lot, each change with its audit entry, and
/// handed to `LotScoring` so later lots are worked out with this lot
/// awarded. A decision is checked against the lot as it stands when it is
/// made; if scores change afterwards so that it no longer fits, it is kept
/// but not applied, and the totals and report say so.
extension MemberSession {
    static let decideTieAction = "decide-tie"
    static let undoTieAction = "undo-tie-decision"

    /// The chair's choices on tied lots, as `LotScoring` takes them. Any
    /// member may read them: like the awards, they show no one's values.
    public func tieDecisions() throws -> [TieDecision] {
        guard !panel.lots.isEmpty else { return [] }
        return try store.read { db in try Self.tieDecisions(db) }
    }

    static func tieDecisions(_ db: Database) throws -> [TieDecision] {
        try Row.fetchAll(db, sql: "SELECT lot, bid, reason FROM lot_tie_decision ORDER BY lot").map { row in
            TieDecision(lot: row.lenient("lot") ?? "", bid: row.lenient("bid") ?? "", reason: row.lenient("reason") ?? "")
        }
    }

    /// Records that `bid` wins the tied lot `lot`, and why; or changes an
    /// earlier decision on that lot. Only the chair; only on a lot that is
    /// tied now, its results complete; only one of the tied bids; never
    /// without a reason.
    public func decideTie(lot lotID: String, bid: String, reason: String) throws {
        try requireChair("decide a tied lot")
        let lot = try requireLot(lotID)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw StoreError("deciding a tied lot needs a reason: say briefly why bid \(SafeText.line(bid)) should win lot \(lot.id)")
        }
        try store.write { db in
            try requireOpen(db)
            let earlier = try Self.tieDecisions(db)
            let previous = earlier.first { $0.lot == lot.id }
            let tied = try Self.tiedBids(db, panel: panel, lot: lot, others: earlier.filter { $0.lot != lot.id })
            guard tied.contains(bid) else {
                throw StoreError("bid \(SafeText.line(bid)) is not one of the bids tied for lot \(lot.id) (\(tied.joined(separator: ", "))): choose one of them")
            }
            if let previous, previous.bid == bid, previous.reason == reason {
                throw StoreError("bid \(bid) is already the chair's choice for lot \(lot.id), for that reason, so nothing was changed")
            }
            let time = store.now()
            try db.execute(sql: """
                INSERT INTO lot_tie_decision (lot, bid, reason, recorded_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (lot) DO UPDATE SET bid = excluded.bid, reason = excluded.reason, recorded_at = excluded.recorded_at
                """, arguments: [lot.id, bid, reason, time])
            // For a tie's entries the criterion column names the lot.
            let was = previous.map { "\($0.bid) chosen by the chair (tied between \(tied.joined(separator: ", ")))" }
                ?? "tied between \(tied.joined(separator: ", "))"
            try AuditLog.append(.init(actor: member.id, action: Self.decideTieAction, bid: bid, criterion: lot.id,
                                      oldValue: was, newValue: "\(bid) wins lot \(lot.id) (the chair's decision)",
                                      reason: reason, source: "command"), at: time, in: db)
        }
    }

    /// Takes back the chair's decision on a lot: the lot is tied again (or,
    /// if scores changed, whatever the rule now gives). Needs a reason too.
    public func undoTieDecision(lot lotID: String, reason: String) throws {
        try requireChair("undo a decision on a tied lot")
        let lot = try requireLot(lotID)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw StoreError("undoing the decision on lot \(lot.id) needs a reason: say briefly why")
        }
        try store.write { db in
            try requireOpen(db)
            guard let previous = try Self.tieDecisions(db).first(where: { $0.lot == lot.id }) else {
                throw StoreError("the chair has not decided lot \(lot.id), so there is nothing to undo")
            }
            try db.execute(sql: "DELETE FROM lot_tie_decision WHERE lot = ?", arguments: [lot.id])
            try AuditLog.append(.init(actor: member.id, action: Self.undoTieAction, bid: previous.bid, criterion: lot.id,
                                      oldValue: "\(previous.bid) wins lot \(lot.id) (the chair's decision)",
                                      newValue: "no decision by the chair", reason: reason, source: "command"),
                                at: store.now(), in: db)
        }
    }

    private func requireLot(_ id: String) throws -> Lot {
        guard !panel.lots.isEmpty else { throw StoreError("this evaluation is not split into lots, so no lot can be tied") }
        guard let lot = panel.lots.first(where: { $0.id == id }) else {
            throw StoreError("there is no lot \"\(SafeText.line(id))\" in this evaluation: " + Suggest.hint(for: id, in: panel.lots.map(\.id)))
        }
        return lot
    }

    /// The bids tied for `lot` now, with the chair's decisions on the other
    /// lots applied. Refuses a lot that is not tied, or not complete.
    static func tiedBids(_ db: Database, panel: Panel, lot: Lot, others: [TieDecision]) throws -> [String] {
        let overrides = panel.stages.isEmpty ? [] : try shortlistOverrides(db)
        let tender = LotScoring.score(panel, try sheet(db, panel: panel), overrides: overrides, tieDecisions: others,
                                      signedOff: panel.stages.isEmpty ? [] : try stagesAtSignOff(db))
        guard let result = tender.lot(lot.id), let decision = tender.awards.decision(lot: lot.id) else {
            throw StoreError("lot \(lot.id) has no result")
        }
        guard result.complete else {
            throw StoreError("lot \(lot.id)'s results are still provisional (a value is missing, or not yet agreed): "
                + "decide a tie on the agreed marks, once every value is in")
        }
        guard case let .tied(bids) = decision.outcome else {
            throw StoreError("lot \(lot.id) is not tied"
                + (decision.outcome.winner.map { ": it goes to bid \($0) under the award rule" } ?? ": no bid can be awarded it"))
        }
        return bids
    }

    static func register(tieDecisionsIn migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9: the chair's decisions on tied lots") { db in
            try db.create(table: "lot_tie_decision") { t in
                t.column("lot", .text).primaryKey()
                t.column("bid", .text).notNull()
                t.column("reason", .text).notNull()
                t.column("recorded_at", .text).notNull()
            }
        }
    }
}
