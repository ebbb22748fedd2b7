import BidpanelCore
import Foundation
import GRDB

/// What only the chair may do: moderate, reopen, sign off, and read
/// everything (values, results, the audit log).
extension MemberSession {
    /// Records the panel's moderated value for a slot, with the reason.
    /// Members' original values are kept untouched beside it.
    public func moderate(_ slot: Slot, _ value: Value, reason: String, source: ValueSource = .terminal) throws {
        try moderate([(slot, value, reason)], source: source)
    }

    public func moderate(_ values: [(Slot, Value, String)], source: ValueSource) throws {
        try requireChair("moderate")
        try store.write { db in
            try requireOpen(db)
            // Typed in from paper is a record of a meeting held; at a terminal
            // the chair is deciding now, so their own score must come first.
            if source == .terminal {
                for bid in Set(values.map(\.0.bid)).sorted() { try requireIndependentModeration(bid: bid, db: db) }
            }
            try applyModeration(values, source: source, db: db)
        }
    }

    func applyModeration(_ values: [(Slot, Value, String)], source: ValueSource, db: Database) throws {
        let stages = try stageStandingForRules(db)
        for (slot, value, reason) in values {
            guard let criterion = panel.criterion(id: slot.criterion), panel.bid(id: slot.bid) != nil,
                  (criterion.kind == .matrix) == (slot.principle != nil) else {
                throw StoreError("there is no such bid, criterion or principle: \(slot.bid) \(slot.criterion) \(slot.principle ?? "")")
            }
            if let problem = Self.stageProblem(criterion: criterion, bid: slot.bid, standing: stages) { throw StoreError(problem) }
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw StoreError("a moderated value needs a reason: say briefly why the panel agreed it")
            }
            let text = ScoresCSV.format(value, panel: panel)
            guard (try? ScoresCSV.parseValue(text, criterion: criterion, panel: panel)) == value else {
                throw StoreError("that value does not fit \"\(criterion.title)\"")
            }
            let old = try String.fetchOne(db, sql: """
                SELECT value FROM moderated_value WHERE bid = ? AND criterion = ? AND principle = ?
                """, arguments: [slot.bid, slot.criterion, slot.principle ?? ""])
            let time = store.now()
            try db.execute(sql: """
                INSERT INTO moderated_value (bid, criterion, principle, value, reason, recorded_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (bid, criterion, principle)
                DO UPDATE SET value = excluded.value, reason = excluded.reason, recorded_at = excluded.recorded_at
                """, arguments: [slot.bid, slot.criterion, slot.principle ?? "", text, reason, time])
            try AuditLog.append(.init(actor: member.id, action: "moderate", bid: slot.bid, criterion: slot.criterion,
                                      principle: slot.principle ?? "", oldValue: old ?? "", newValue: text,
                                      reason: reason, source: source.rawValue), at: time, in: db)
        }
    }

    /// Unlocks a member's submitted bid so they can change their values.
    public func reopen(bid: String, for memberID: String, reason: String) throws {
        try requireUndo("reopen a member's bid", bid: bid, member: memberID, reason: reason,
                        withoutReason: "reopening a member's bid needs a reason: say briefly why they may change their values")
        try store.write { db in
            try requireOpen(db)
            guard try isSubmitted(bid, member: memberID, db: db) else {
                throw StoreError("\(memberID) has not submitted bid \(bid), so it is open already: they can change their values now")
            }
            try db.execute(sql: "DELETE FROM submission WHERE bid = ? AND member = ?", arguments: [bid, memberID])
            try AuditLog.append(.init(actor: member.id, action: "reopen-bid", bid: bid, member: memberID,
                                      oldValue: "submitted", newValue: "open", reason: reason), at: store.now(), in: db)
        }
    }

    /// Signs the evaluation off: from now on it is read-only. Refused unless
    /// the whole record verifies, and refused while a member present (or not
    /// marked absent) has not submitted a bid they can score, unless the
    /// chair gives a reason to sign off anyway: the reason and who had not
    /// submitted go into the sign-off's audit entry. Returns the seal to
    /// write on paper and, when the file has a witness, appends the new head
    /// there too.
    @discardableResult
    public func signOff(anyway reason: String = "") throws -> SignOffRecord {
        try requireChair("sign off")
        let problems = try store.verifyAudit()
        guard problems.isEmpty else {
            throw StoreError("cannot sign off: the audit log does not verify (\(problems[0])). See every problem with: bidpanel audit \(store.path)")
        }
        let (entry, witness) = try store.write { db -> (AuditEntry, String?) in
            try requireOpen(db)
            try requireLastStage(db)
            let waitedOn = try signOffPanel(db)
            let outstanding = try Self.board(db, panel: waitedOn).outstanding(panel: waitedOn)
            let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            if !outstanding.isEmpty && reason.isEmpty {
                throw StoreError("not every member has submitted the bids they can score: \(Outstanding.line(outstanding)). "
                    + "Wait for them, mark a member absent if they are not at the meeting, or sign off anyway with a reason")
            }
            let time = store.now()
            try db.execute(sql: "UPDATE state SET signed_off_at = ? WHERE id = 1", arguments: [time])
            let entry = try AuditLog.append(.init(actor: member.id, action: "sign-off",
                                                  oldValue: outstanding.isEmpty ? "" : "not submitted: " + Outstanding.line(outstanding),
                                                  newValue: "signed off", reason: outstanding.isEmpty ? "" : reason),
                                            at: time, in: db)
            return (entry, try String.fetchOne(db, sql: "SELECT witness FROM state WHERE id = 1"))
        }
        return witnessed(entry, witness: witness)
    }

    /// The seal a sign-off's entry leaves, appended to the witness file
    /// when the evaluation has one (a stage's sign-off too).
    func witnessed(_ entry: AuditEntry, witness: String?) -> SignOffRecord {
        let seal = RecordSeal(head: entry.hash, count: entry.seq)
        var witnessProblem: String?
        if let witness {
            do {
                try Witness.append(time: entry.at, tender: panel.tender.id, seal: seal, to: witness)
            } catch {
                witnessProblem = "the audit head could not be added to the witness file \(witness) (\(error)): write the seal down instead"
            }
        }
        return SignOffRecord(seal: seal, witnessProblem: witnessProblem)
    }

    /// Reopens a signed-off evaluation; the reason is kept in the audit log.
    public func reopenEvaluation(reason: String) throws {
        try requireChair("reopen the evaluation")
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw StoreError("reopening needs a reason") }
        try store.write { db in
            guard try String.fetchOne(db, sql: "SELECT signed_off_at FROM state WHERE id = 1") != nil else {
                throw StoreError("the evaluation is not signed off")
            }
            try db.execute(sql: "UPDATE state SET signed_off_at = NULL WHERE id = 1")
            try AuditLog.append(.init(actor: member.id, action: "reopen", oldValue: "signed off", newValue: "open",
                                      reason: reason), at: store.now(), in: db)
        }
    }

    public func isSignedOff() throws -> Bool {
        try store.read { db in try String.fetchOne(db, sql: "SELECT signed_off_at FROM state WHERE id = 1") != nil }
    }

    /// When the evaluation was signed off, as a person writes it ("22 November
    /// 2026 at 14:05 (UTC+00:00)", local time with its offset), or nil while
    /// it is not signed off.
    public func signedOffAt() throws -> String? {
        let stored = try store.read { db in try String.fetchOne(db, sql: "SELECT signed_off_at FROM state WHERE id = 1") }
        return stored.map { EvaluationStore.readableTime($0) }
    }

    /// Everything recorded, as the engine takes it. Chair only.
    public func scoreSheet() throws -> ScoreSheet {
        try requireChair("read every member's values", toChange: false)
        return try store.read { db in try Self.sheet(db, panel: panel) }
    }

    /// The same, with where the audit chain stood in that same read (see
    /// `meetingRecordAndHead`).
    public func scoreSheetAndHead() throws -> (sheet: ScoreSheet, head: RecordSeal) {
        try requireChair("read every member's values", toChange: false)
        return try store.read { db in (try Self.sheet(db, panel: panel), try Self.chainHead(db)) }
    }

    /// The engine's result on everything recorded. Chair only.
    public func result() throws -> EvaluationResult {
        ScoringEngine.score(panel, try scoreSheet())
    }

    static func sheet(_ db: Database, panel: Panel) throws -> ScoreSheet {
        var sheet = ScoreSheet()
        var scan = SheetScan(panel: panel)
        try scan.record(db, into: &sheet)
        try addDecisions(db, panel: panel, to: &sheet)
        return sheet
    }

    /// What a sheet holds besides members' values: moderated values,
    /// conflicts and withdrawn or disqualified bids.
    static func addDecisions(_ db: Database, panel: Panel, to sheet: inout ScoreSheet) throws {
        for row in try Row.fetchAll(db, sql: "SELECT * FROM moderated_value") {
            if let value = moderatedValue(row, panel: panel) { sheet.moderate(value) }
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM conflict") {
            sheet.declare(Conflict(bid: row["bid"], member: row["member"], reason: row["reason"]))
        }
        for removal in try BidStatus.removals(db) { sheet.remove(removal) }
    }

    /// Watches everything recorded, by any terminal or process: `onChange`
    /// runs with a fresh sheet once at the start and after every committed
    /// change, within about a quarter of a second. Chair only. Keep the
    /// returned watch alive for as long as you watch; `cancel()` stops it.
    public func observeSheet(onError: @escaping @Sendable (Error) -> Void = { _ in },
                             onChange: @escaping @Sendable (ScoreSheet) -> Void) throws -> StoreWatch {
        try requireChair("watch every member's values", toChange: false)
        let panel = self.panel
        return StoreWatch(store: store, onError: onError) { db in
            onChange(try Self.sheet(db, panel: panel))
        }
    }

    // MARK: - The audit log

    public func auditEntries() throws -> [AuditEntry] {
        try requireChair("read the audit log", toChange: false)
        return try store.read { db in try AuditLog.entries(in: db) }
    }

    /// Each entry of the audit log in order, one at a time, in one read: a
    /// caller that lays them out as they come holds no copy of the log.
    public func forEachAuditEntry(_ body: (AuditEntry) throws -> Void) throws {
        try requireChair("read the audit log", toChange: false)
        try store.read { db in try AuditScan.forEach(in: db, body) }
    }
}

/// What a sign-off leaves to keep outside the file.
public struct SignOffRecord: Sendable {
    /// The audit head and count right after the sign-off entry.
    public var seal: RecordSeal
    /// Why the witness file did not get the head, when it did not.
    public var witnessProblem: String?
}
