import BidpanelCore
import GRDB

extension MemberSession {
    /// Records score sheets typed in from paper, under each member's own id
    /// and marked "paper" in the audit log. Chair only. All files are applied
    /// in one transaction: every row, or (on any problem) none.
    public func importPaper(values: [MemberValue], moderated: [ModeratedValue], conflicts: [Conflict]) throws {
        try requireChair("import score sheets")
        try store.write { db in
            try requireOpen(db)
            let time = store.now()
            for conflict in conflicts {
                try db.execute(sql: """
                    INSERT INTO conflict (bid, member, reason, declared_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (bid, member) DO UPDATE SET reason = excluded.reason
                    """, arguments: [conflict.bid, conflict.member, conflict.reason, time])
                try AuditLog.append(.init(actor: member.id, action: "conflict", bid: conflict.bid, member: conflict.member,
                                          newValue: "conflict", reason: conflict.reason, source: "paper"), at: time, in: db)
            }
            for value in values {
                guard let owner = panel.member(id: value.member) else { throw StoreError("unknown member \(value.member)") }
                if panel.criterion(id: value.slot.criterion)?.commentRequired == true,
                   value.comment.trimmingCharacters(in: .whitespaces).isEmpty {
                    throw StoreError("\(owner.id)'s value for \(value.slot.bid) \(value.slot.criterion) needs a comment")
                }
                if try isConflicted(value.slot.bid, member: owner.id, db: db) {
                    throw StoreError("\(owner.id) declared a conflict for bid \(value.slot.bid), so cannot have values for it")
                }
                if try isSubmitted(value.slot.bid, member: owner.id, db: db) {
                    throw StoreError("\(owner.id) has submitted bid \(value.slot.bid); reopen it first to change their values")
                }
                let text = ScoresCSV.format(value.value, panel: panel)
                let old = try Row.fetchOne(db, sql: """
                    SELECT value, comment FROM member_value WHERE bid = ? AND criterion = ? AND principle = ? AND member = ?
                    """, arguments: [value.slot.bid, value.slot.criterion, value.slot.principle ?? "", owner.id])
                let oldValue: String? = old?["value"], oldComment: String? = old?["comment"]
                if oldValue == text && oldComment == value.comment { continue }
                try db.execute(sql: """
                    INSERT INTO member_value (bid, criterion, principle, member, value, comment, source, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'paper', ?)
                    ON CONFLICT (bid, criterion, principle, member)
                    DO UPDATE SET value = excluded.value, comment = excluded.comment, source = 'paper',
                                  recorded_at = excluded.recorded_at
                    """, arguments: [value.slot.bid, value.slot.criterion, value.slot.principle ?? "", owner.id, text,
                                     value.comment, time])
                // The actor is the member whose sheet it is; the chair typed it in.
                try AuditLog.append(.init(actor: owner.id, action: "record", bid: value.slot.bid,
                                          criterion: value.slot.criterion, principle: value.slot.principle ?? "",
                                          member: owner.id, oldValue: oldValue ?? "", newValue: text,
                                          reason: value.comment, source: "paper"), at: time, in: db)
            }
            try applyModeration(moderated.map { ($0.slot, $0.value, $0.reason) }, source: .paper, db: db)
        }
    }
}
