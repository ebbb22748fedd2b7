import BidpanelCore
import GRDB

/// The chair putting a member's mistake right: withdrawing a conflict of
/// interest, and the checks shared with reopening a member's bid. Each
/// undo needs a reason and leaves an audit entry with the old state.
extension MemberSession {
    /// Withdraws a member's declared conflict of interest with a bid, so the
    /// member can score it and the values they give for it count. The old
    /// reason stays in the audit entry (old → new).
    public func withdrawConflict(bid: String, member memberID: String, reason: String) throws {
        try requireUndo("withdraw a member's conflict of interest", bid: bid, member: memberID, reason: reason,
                        withoutReason: "withdrawing a conflict needs a reason: say briefly why the member may score this bid after all")
        try store.write { db in
            try requireOpen(db)
            guard let declared = try String.fetchOne(db, sql: "SELECT reason FROM conflict WHERE bid = ? AND member = ?",
                                                     arguments: [bid, memberID]) else {
                throw StoreError("\(memberID) has not declared a conflict with bid \(bid), so there is nothing to withdraw")
            }
            try db.execute(sql: "DELETE FROM conflict WHERE bid = ? AND member = ?", arguments: [bid, memberID])
            try AuditLog.append(.init(actor: member.id, action: "withdraw-conflict", bid: bid, member: memberID,
                                      oldValue: "conflict: \(declared)", newValue: "no conflict", reason: reason),
                                at: store.now(), in: db)
        }
    }

    /// What every undo checks first: the chair, known ids, and a reason.
    func requireUndo(_ what: String, bid: String, member memberID: String, reason: String, withoutReason: String) throws {
        try requireChair(what)
        try requireKnown(bid: bid, member: memberID)
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw StoreError(withoutReason) }
    }

    /// Refuses an id that is not in the panel, with the closest one as a hint.
    func requireKnown(bid: String, member memberID: String) throws {
        try requireKnown(bid: bid)
        guard panel.member(id: memberID) != nil else {
            throw StoreError("\"\(memberID)\" is not a member of this panel: "
                + Suggest.hint(for: memberID, in: panel.members.map(\.id)))
        }
    }
}
