import BidpanelCore
import Foundation
import GRDB

/// Where a value came from, as the audit log records it.
public enum ValueSource: String, Sendable {
    /// Typed at a bidpanel terminal by the member.
    case terminal
    /// Typed in from a paper score sheet (`bidpanel import`).
    case paper
}

/// A signed-in member. Every rule about who may record or read what is
/// enforced here, in the store, so no screen or command can get round it.
public struct MemberSession: Sendable {
    public let store: EvaluationStore
    public let member: Member

    var panel: Panel { store.panel }
    public var isChair: Bool { member.role == .chair }

    /// Only the chair, and (unless it only reads) only on a file whose audit
    /// chain and seal verified when it was opened: a role or price edited
    /// outside bidpanel must not open chair commands or be built upon.
    func requireChair(_ what: String, toChange: Bool = true) throws {
        guard store.integrity.sealedRoles != nil else {
            throw StoreError("\(store.path) was changed outside bidpanel and its seal no longer says who the chair is, so nobody can \(what). Restore the file from a backup")
        }
        guard isChair else { throw StoreError("only the chair can \(what)") }
        if toChange { try store.requireIntact(what) }
    }

    // MARK: - Recording a member's own values

    /// Records (or changes) this member's value. Committed to disk before it
    /// returns: a caller may then show it as saved.
    public func record(_ slot: Slot, _ value: Value, comment: String = "", source: ValueSource = .terminal) throws {
        try record([(slot, value, comment)], source: source)
    }

    /// Records several values in one transaction: all or none.
    public func record(_ values: [(Slot, Value, String)], source: ValueSource) throws {
        try store.write { db in
            try requireOpen(db)
            let stages = try stageStandingForRules(db)
            for (slot, value, comment) in values {
                try checkCanRecord(slot, value, db: db)
                if let criterion = panel.criterion(id: slot.criterion),
                   let problem = Self.stageProblem(criterion: criterion, bid: slot.bid, standing: stages) {
                    throw StoreError(problem)
                }
                if panel.criterion(id: slot.criterion)?.commentRequired == true,
                   comment.trimmingCharacters(in: .whitespaces).isEmpty {
                    throw StoreError("\"\(panel.criterion(id: slot.criterion)!.title)\" needs a comment: say briefly why you gave this score")
                }
                try storeValue(slot, value, of: member.id, comment: comment, source: source, db: db)
            }
        }
    }

    /// Writes one member value and its audit row, unless nothing changed.
    /// The caller has checked that the member may record it. `stored` is
    /// the value and comment in the file, when the caller has just read them
    /// in this transaction (an import reads each row once), and `text` the
    /// value as the file keeps it, when the caller has it already.
    func storeValue(_ slot: Slot, _ value: Value, of owner: String, comment: String, source: ValueSource,
                    stored: (value: String, comment: String)?? = nil, text formatted: String? = nil,
                    db: Database) throws {
        let text = formatted ?? ScoresCSV.format(value, panel: panel)
        let old: (value: String, comment: String)?
        if let stored {
            old = stored
        } else {
            old = try Self.storedValue(slot, of: owner, db: db).map { ($0["value"], $0["comment"]) }
        }
        let oldValue = old?.value, oldComment = old?.comment
        if oldValue == text && oldComment == comment { return }
        let time = store.now()
        try db.cachedStatement(sql: """
            INSERT INTO member_value (bid, criterion, principle, member, value, comment, source, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (bid, criterion, principle, member)
            DO UPDATE SET value = excluded.value, comment = excluded.comment, source = excluded.source,
                          recorded_at = excluded.recorded_at
            """).execute(arguments: [slot.bid, slot.criterion, slot.principle ?? "", owner, text, comment, source.rawValue, time])
        // The actor is the member whose value it is, also for paper sheets the
        // chair typed in; for a pair, both people ("amira+jay").
        try AuditLog.append(.init(actor: panel.auditActor(for: owner), action: "record", bid: slot.bid, criterion: slot.criterion,
                                  principle: slot.principle ?? "", member: owner, oldValue: oldValue ?? "",
                                  newValue: text, reason: comment, source: source.rawValue), at: time, in: db)
    }

    /// The stored value and comment of one member's slot, if any.
    static func storedValue(_ slot: Slot, of owner: String, db: Database) throws -> Row? {
        try Row.fetchOne(db.cachedStatement(sql: """
            SELECT value, comment FROM member_value WHERE bid = ? AND criterion = ? AND principle = ? AND member = ?
            """), arguments: [slot.bid, slot.criterion, slot.principle ?? "", owner])
    }

    /// Writes one conflict declaration and its audit row.
    func storeConflict(bid: String, of owner: String, reason: String, source: ValueSource, db: Database) throws {
        let time = store.now()
        try db.execute(sql: """
            INSERT INTO conflict (bid, member, reason, declared_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (bid, member) DO UPDATE SET reason = excluded.reason
            """, arguments: [bid, owner, reason, time])
        try AuditLog.append(.init(actor: panel.auditActor(for: owner), action: "conflict", bid: bid, member: owner, newValue: "conflict",
                                  reason: reason, source: source.rawValue), at: time, in: db)
    }

    private func checkCanRecord(_ slot: Slot, _ value: Value, db: Database) throws {
        guard let criterion = panel.criterion(id: slot.criterion), panel.bid(id: slot.bid) != nil else {
            throw StoreError("there is no bid \"\(slot.bid)\" or criterion \"\(slot.criterion)\" in this evaluation")
        }
        guard criterion.scoredBy.contains(member.role) else {
            throw StoreError("\(member.name) (\(member.role.rawValue)) does not score \"\(criterion.title)\"")
        }
        if criterion.kind == .matrix {
            guard let p = slot.principle, panel.matrix.principle(id: p) != nil else {
                throw StoreError("\"\(criterion.title)\" needs a matrix principle")
            }
        } else if slot.principle != nil {
            throw StoreError("\"\(criterion.title)\" is not split by principle")
        }
        // Values come from the screens already typed; check they fit anyway.
        guard (try? ScoresCSV.parseValue(ScoresCSV.format(value, panel: panel), criterion: criterion, panel: panel)) == value else {
            throw StoreError("that value does not fit \"\(criterion.title)\"")
        }
        if try isConflicted(slot.bid, db: db) {
            throw StoreError("\(member.name) declared a conflict of interest for bid \(slot.bid), so records nothing for it")
        }
        if try isSubmitted(slot.bid, member: member.id, db: db) {
            throw StoreError("\(member.name) has submitted bid \(slot.bid); the chair must reopen it (with a reason) before values change")
        }
        try requireScoringAllowed(bid: slot.bid, db: db)
    }

    func requireOpen(_ db: Database) throws {
        try store.requireIntact("record anything more", db: db)
        if try String.fetchOne(db, sql: "SELECT signed_off_at FROM state WHERE id = 1") != nil {
            throw StoreError("the evaluation is signed off and read-only; the chair can reopen it, with a reason")
        }
    }

    /// Whether the member declared a conflict for the bid; for a pair,
    /// whether either person did (either one's conflict stops the pair).
    func isConflicted(_ bid: String, member memberID: String? = nil, db: Database) throws -> Bool {
        let id = memberID ?? member.id
        for owner in panel.member(id: id).map(panel.conflictIDs) ?? [id] {
            if try Bool.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) > 0 FROM conflict WHERE bid = ? AND member = ?"),
                                 arguments: [bid, owner]) == true { return true }
        }
        return false
    }

    func isSubmitted(_ bid: String, member memberID: String, db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) > 0 FROM submission WHERE bid = ? AND member = ?"),
                          arguments: [bid, memberID]) ?? false
    }

    // MARK: - Conflicts and submission

    /// Declares this member's conflicts of interest before they open any
    /// bid: an empty list means "none". A conflicted member then records and
    /// reads nothing for those bids.
    public func declareConflicts(_ conflicts: [(bid: String, reason: String)], source: ValueSource = .terminal) throws {
        for conflict in conflicts where panel.bid(id: conflict.bid) == nil {
            throw StoreError("there is no bid \"\(conflict.bid)\"")
        }
        for conflict in conflicts where conflict.reason.trimmingCharacters(in: .whitespaces).isEmpty {
            throw StoreError("say briefly why you have a conflict with bid \(conflict.bid)")
        }
        try store.write { db in
            try requireOpen(db)
            let time = store.now()
            for conflict in conflicts {
                try storeConflict(bid: conflict.bid, of: member.id, reason: conflict.reason, source: source, db: db)
            }
            if conflicts.isEmpty {
                try AuditLog.append(.init(actor: panel.auditActor(for: member.id), action: "conflict", member: member.id, newValue: "none",
                                          source: source.rawValue), at: time, in: db)
            }
            try db.execute(sql: "UPDATE member SET conflicts_declared_at = ? WHERE id = ?", arguments: [time, member.id])
        }
    }

    public func hasDeclaredConflicts() throws -> Bool {
        try store.read { db in
            try String.fetchOne(db, sql: "SELECT conflicts_declared_at FROM member WHERE id = ?", arguments: [member.id]) != nil
        }
    }

    /// The slots this member scores for a bid (in a panel in stages, pass
    /// `criteria`: the current stage's).
    public func slots(for bid: String, criteria: [Criterion]? = nil) -> [Slot] {
        (criteria ?? panel.criteria).filter { $0.scoredBy.contains(member.role) }.flatMap { criterion -> [Slot] in
            criterion.kind == .matrix
                ? panel.matrix.principles.map { Slot(bid: bid, criterion: criterion.id, principle: $0.id) }
                : [Slot(bid: bid, criterion: criterion.id)]
        }
    }

    /// Submits a bid: every value this member scores must be in. Their
    /// values for it are then locked until the chair reopens it.
    public func submit(bid: String) throws {
        try store.write { db in
            try requireOpen(db)
            if try isConflicted(bid, db: db) { throw StoreError("\(member.name) has a conflict with bid \(bid)") }
            let recorded = try Set(Row.fetchAll(db, sql: "SELECT criterion, principle FROM member_value WHERE bid = ? AND member = ?",
                                                arguments: [bid, member.id]).map { row -> String in
                let criterion: String = row["criterion"], principle: String = row["principle"]
                return criterion + "/" + principle
            })
            let stages = try stageStandingForRules(db)
            if let stages, !stages.inCurrentStage(bid: bid) {
                throw StoreError("bid \(bid) is not on the shortlist for \(stages.name(stages.current)), so there is nothing to submit")
            }
            let missing = slots(for: bid, criteria: criteriaInPlay(stages)).filter { !recorded.contains($0.criterion + "/" + ($0.principle ?? "")) }
            if !missing.isEmpty {
                let names = missing.map { slot in slot.principle.map { "\(slot.criterion)/\($0)" } ?? slot.criterion }
                throw StoreError("bid \(bid) still needs: \(names.joined(separator: ", "))")
            }
            if try isSubmitted(bid, member: member.id, db: db) { return }
            let time = store.now()
            try db.execute(sql: "INSERT INTO submission (bid, member, submitted_at) VALUES (?, ?, ?)",
                           arguments: [bid, member.id, time])
            try AuditLog.append(.init(actor: panel.auditActor(for: member.id), action: "submit", bid: bid, member: member.id,
                                      newValue: "submitted"), at: time, in: db)
        }
    }
}
