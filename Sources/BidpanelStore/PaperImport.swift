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
            for conflict in conflicts {
                try storeConflict(bid: conflict.bid, of: conflict.member, reason: conflict.reason, source: .paper, db: db)
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
                try storeValue(value.slot, value.value, of: owner.id, comment: value.comment, source: .paper, db: db)
            }
            try applyModeration(moderated.map { ($0.slot, $0.value, $0.reason) }, source: .paper, db: db)
        }
    }
}
