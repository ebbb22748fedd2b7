import BidpanelCore
import GRDB

/// Score sheets and declaration forms typed in from paper, each row with the
/// file and line it came from.
public struct PaperSheets: Sendable {
    public var values: [Located<MemberValue>]
    public var moderated: [Located<ModeratedValue>]
    public var conflicts: [Located<Conflict>]
    /// Members whose paper declaration says they have no conflicts.
    public var noConflicts: [Located<String>]

    public init(values: [Located<MemberValue>] = [], moderated: [Located<ModeratedValue>] = [],
                conflicts: [Located<Conflict>] = [], noConflicts: [Located<String>] = []) {
        self.values = values
        self.moderated = moderated
        self.conflicts = conflicts
        self.noConflicts = noConflicts
    }
}

/// One member's slot, to notice a slot a sheet lists twice.
private struct PaperSlot: Hashable {
    var slot: Slot
    var member: String
}

/// What an import did.
public struct PaperImportResult: Sendable, Equatable {
    /// Member values new to the file, replaced (with --replace), and already
    /// there exactly as on paper.
    public var added = 0, replaced = 0, unchanged = 0
    public var moderatedAdded = 0, moderatedReplaced = 0, moderatedUnchanged = 0
    public var conflicts = 0
    /// Members whose declaration (conflicts or none) came in on paper.
    public var declared: [String] = []
}

extension MemberSession {
    /// Records sheets typed in from paper, under each member's own id and
    /// marked "paper" in the audit log. Chair only. One transaction: every
    /// row, or (on any problem) none.
    ///
    /// Nothing a member typed is overwritten unnoticed: a row that would
    /// change a stored value (or its comment, or a moderated value or its
    /// reason) is refused with its file and line, old → new, unless
    /// `replace`, and then each replacement is an audit entry that keeps the
    /// old value. And a member's values count only once they have declared
    /// their conflicts of interest, on screen or on paper in the same import.
    @discardableResult
    public func importPaper(_ sheets: PaperSheets, replace: Bool = false) throws -> PaperImportResult {
        try requireChair("import score sheets")
        return try store.write { db in
            try requireOpen(db)
            var result = PaperImportResult()
            var problems: [String] = []
            try declarePaperConflicts(sheets, result: &result, db: db)

            var undeclared: [String: (first: String, rows: Int)] = [:]
            // Each with the value as the file keeps it (formatted once) and,
            // for a change, what the file holds now.
            var valueChanges: [(Located<MemberValue>, old: String, text: String, stored: (value: String, comment: String))] = []
            var newValues: [(Located<MemberValue>, text: String)] = []
            // Whether each member has declared: read once each, not once a row.
            var declared: [String: Bool] = [:]
            func hasDeclared(_ id: String) throws -> Bool {
                if let known = declared[id] { return known }
                let known = try String.fetchOne(db, sql: "SELECT conflicts_declared_at FROM member WHERE id = ?", arguments: [id]) != nil
                declared[id] = known
                return known
            }
            let stages = try stageStandingForRules(db)
            // One refusal shared by many rows (a whole stage's rows, too
            // early) is said once, with its first row and how many more.
            var stageRefusals: [(problem: String, first: String, rows: Int)] = []
            var refusalIndex: [String: Int] = [:]
            func refuse(_ row: String, _ problem: String) {
                if let index = refusalIndex[problem] { stageRefusals[index].rows += 1; return }
                refusalIndex[problem] = stageRefusals.count
                stageRefusals.append((problem, row, 1))
            }
            for row in sheets.values {
                let value = row.item, slot = value.slot
                guard let owner = panel.member(id: value.member) else {
                    problems.append("\(row.place): unknown member \(value.member)")
                    continue
                }
                if let pair = panel.pair(of: owner.id) {
                    problems.append("\(row.place): \(owner.id) scores in the pair \(pair.id) (\(pair.name)), so the pair's value is recorded under \(pair.id): write \(pair.id) in the member column")
                    continue
                }
                if let problem = stageProblem(slot, stages) {
                    refuse(row.place, problem)
                    continue
                }
                if try !hasDeclared(owner.id) {
                    undeclared[owner.id, default: (row.place, 0)].rows += 1
                    continue
                }
                if panel.criterion(id: slot.criterion)?.commentRequired == true,
                   value.comment.trimmingCharacters(in: .whitespaces).isEmpty {
                    problems.append("\(row.place): \(owner.id)'s value for \(slot.bid) \(Self.name(slot)) needs a comment")
                }
                if try isConflicted(slot.bid, member: owner.id, db: db) {
                    problems.append("\(row.place): \(owner.id) declared a conflict for bid \(slot.bid), so cannot have values for it")
                }
                if try isSubmitted(slot.bid, member: owner.id, db: db) {
                    problems.append("\(row.place): \(owner.id) has submitted bid \(slot.bid); reopen it first to change their values")
                }
                let text = ScoresCSV.format(value.value, panel: panel)
                if let stored = try Self.storedValue(slot, of: owner.id, db: db) {
                    let oldValue: String = stored["value"], oldComment: String = stored["comment"]
                    if oldValue == text && oldComment == value.comment {
                        result.unchanged += 1
                    } else {
                        valueChanges.append((row, Self.shown(oldValue, oldComment), text, (oldValue, oldComment)))
                    }
                } else {
                    newValues.append((row, text))
                }
            }
            for (member, seen) in undeclared.sorted(by: { $0.value.first < $1.value.first }) {
                let more = seen.rows > 1 ? " and \(seen.rows - 1) more row\(seen.rows == 2 ? "" : "s")" : ""
                problems.append("\(seen.first)\(more): \(member) has not declared conflicts of interest, so their values cannot count yet. "
                    + "They declare on screen (bidpanel open), or give the chair their paper declaration: add their conflicts "
                    + "to the conflicts CSV (bid,member,reason), or the row \"\(ScoresCSV.noConflicts),\(member),\" if they have none, "
                    + "and import again with --conflicts")
            }

            var moderatedChanges: [(Located<ModeratedValue>, old: String)] = []
            var newModerated: [Located<ModeratedValue>] = []
            for row in sheets.moderated {
                let slot = row.item.slot
                if let problem = stageProblem(slot, stages) {
                    refuse(row.place, problem)
                    continue
                }
                let text = ScoresCSV.format(row.item.value, panel: panel)
                if let stored = try Row.fetchOne(db, sql: """
                    SELECT value, reason FROM moderated_value WHERE bid = ? AND criterion = ? AND principle = ?
                    """, arguments: [slot.bid, slot.criterion, slot.principle ?? ""]) {
                    let oldValue: String = stored["value"], oldReason: String = stored["reason"]
                    if oldValue == text && oldReason == row.item.reason {
                        result.moderatedUnchanged += 1
                    } else {
                        moderatedChanges.append((row, Self.shown(oldValue, oldReason)))
                    }
                } else {
                    newModerated.append(row)
                }
            }
            for refusal in stageRefusals {
                let more = refusal.rows > 1 ? " and \(refusal.rows - 1) more row\(refusal.rows == 2 ? "" : "s")" : ""
                problems.append("\(refusal.first)\(more): \(refusal.problem). "
                    + "Take \(refusal.rows == 1 ? "this row" : "these rows") out of the file and import again")
            }
            if !problems.isEmpty {
                throw StoreError("nothing was recorded:\n  " + problems.map(SafeText.line).joined(separator: "\n  "))
            }
            let changes = valueChanges.map { row, old, _, _ in
                "\(row.place): \(row.item.member), bid \(row.item.slot.bid), \(Self.name(row.item.slot)): \(old) → "
                    + Self.shown(ScoresCSV.format(row.item.value, panel: panel), row.item.comment)
            } + moderatedChanges.map { row, old in
                "\(row.place): moderated, bid \(row.item.slot.bid), \(Self.name(row.item.slot)): \(old) → "
                    + Self.shown(ScoresCSV.format(row.item.value, panel: panel), row.item.reason)
            }
            if !changes.isEmpty && !replace {
                throw StoreError("""
                    \(changes.count) row\(changes.count == 1 ? "" : "s") would change \(changes.count == 1 ? "a value" : "values") \
                    already in the file (perhaps typed on screen), so nothing was recorded:
                      \(changes.map(SafeText.line).joined(separator: "\n  "))
                    Check each with the member who gave it (or, for a moderated value, with the chair's notes). \
                    If the paper is right, run the same command with --replace: \
                    each replaced value goes in the audit log with its old value.
                    """)
            }

            for (row, old, _, _) in valueChanges {
                try auditReplacement(row.item.slot, member: row.item.member, old: old,
                                     new: Self.shown(ScoresCSV.format(row.item.value, panel: panel), row.item.comment),
                                     place: row.place, db: db)
            }
            // What each row replaces was read above, in this transaction: nothing, or the old value.
            let writes = newValues.map { ($0.0, $0.text, (value: String, comment: String)?.none) }
                + valueChanges.map { ($0.0, $0.text, Optional($0.stored)) }
            // A slot listed twice is read again: its first row has changed it.
            var seen = Set<PaperSlot>()
            for (row, text, stored) in writes {
                let value = row.item
                let first = seen.insert(PaperSlot(slot: value.slot, member: value.member)).inserted
                try storeValue(value.slot, value.value, of: value.member, comment: value.comment, source: .paper,
                               stored: first ? .some(stored) : nil, text: text, db: db)
            }
            for (row, old) in moderatedChanges {
                try auditReplacement(row.item.slot, member: "", old: old,
                                     new: Self.shown(ScoresCSV.format(row.item.value, panel: panel), row.item.reason),
                                     place: row.place, db: db)
            }
            try applyModeration((newModerated + moderatedChanges.map(\.0)).map { ($0.item.slot, $0.item.value, $0.item.reason) },
                                source: .paper, db: db)
            result.added = newValues.count
            result.replaced = valueChanges.count
            result.moderatedAdded = newModerated.count
            result.moderatedReplaced = moderatedChanges.count
            return result
        }
    }

    /// The old signature, for rows that did not come from a file.
    public func importPaper(values: [MemberValue], moderated: [ModeratedValue], conflicts: [Conflict],
                            noConflicts: [String] = []) throws {
        func located<T>(_ items: [T], _ what: String) -> [Located<T>] {
            items.enumerated().map { Located($1, file: what, line: $0 + 1) }
        }
        try importPaper(PaperSheets(values: located(values, "value"), moderated: located(moderated, "moderated value"),
                                    conflicts: located(conflicts, "conflict"), noConflicts: located(noConflicts, "declaration")))
    }

    /// Stores the conflicts and "none" declarations that came on paper, and
    /// marks those members as having declared.
    private func declarePaperConflicts(_ sheets: PaperSheets, result: inout PaperImportResult, db: Database) throws {
        for row in sheets.conflicts {
            try storeConflict(bid: row.item.bid, of: row.item.member, reason: row.item.reason, source: .paper, db: db)
        }
        result.conflicts = sheets.conflicts.count
        var declaring: [String] = []
        for member in sheets.conflicts.map(\.item.member) + sheets.noConflicts.map(\.item) where !declaring.contains(member) {
            declaring.append(member)
        }
        let time = store.now()
        for member in declaring {
            guard try String.fetchOne(db, sql: "SELECT conflicts_declared_at FROM member WHERE id = ?", arguments: [member]) == nil
            else { continue }
            if sheets.noConflicts.contains(where: { $0.item == member }) {
                try AuditLog.append(.init(actor: panel.auditActor(for: member), action: "conflict", member: member, newValue: "none",
                                          source: ValueSource.paper.rawValue), at: time, in: db)
            }
            try db.execute(sql: "UPDATE member SET conflicts_declared_at = ? WHERE id = ?", arguments: [time, member])
            result.declared.append(member)
        }
    }

    /// The audit entry for a stored value replaced from paper: who replaced
    /// it (the chair), the old value and comment, and the row it came from.
    private func auditReplacement(_ slot: Slot, member owner: String, old: String, new: String, place: String,
                                  db: Database) throws {
        try AuditLog.append(.init(actor: member.id, action: "replace", bid: slot.bid, criterion: slot.criterion,
                                  principle: slot.principle ?? "", member: owner, oldValue: old, newValue: new,
                                  reason: "replaced from paper (\(place)) with --replace", source: ValueSource.paper.rawValue),
                            at: store.now(), in: db)
    }

    /// A row for a stage that is not being scored now: where, what, and to
    /// take the row out (the rest of the file can then be imported).
    private func stageProblem(_ slot: Slot, _ stages: StageStanding?) -> String? {
        guard let criterion = panel.criterion(id: slot.criterion) else { return nil }
        return Self.stageProblem(criterion: criterion, bid: slot.bid, standing: stages)
    }

    /// `experience`, or `coproduction/capabilities`.
    static func name(_ slot: Slot) -> String { slot.principle.map { "\(slot.criterion)/\($0)" } ?? slot.criterion }

    /// A value with its comment or reason: `3 "Clear plan"`, or `3`.
    static func shown(_ value: String, _ note: String) -> String {
        note.isEmpty ? value : "\(value) \"\(note)\""
    }
}

extension MemberSession {
    /// The members who declared they have no conflicts of interest (declared,
    /// with no conflict recorded), as export writes them: `none,MEMBER,`.
    public func membersDeclaringNoConflicts() throws -> [String] {
        try requireChair("read the members' declarations", toChange: false)
        return try store.read { db in
            try String.fetchAll(db, sql: """
                SELECT id FROM member WHERE conflicts_declared_at IS NOT NULL
                AND id NOT IN (SELECT member FROM conflict) ORDER BY id
                """)
        }
    }
}
