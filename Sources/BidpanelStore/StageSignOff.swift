import BidpanelCore
import GRDB

/// Where a panel in stages stands: which stages the chair has signed off,
/// the stage being scored now, and who is on each shortlist and why.
/// Worked out from the file each time (StageScoring on the stage's values,
/// with the chair's overrides), so the store's rules, the screens and the
/// report always agree. A signed-off stage's shortlist is the one drawn up
/// at sign-off (its values are fixed, and it is scored with the bids that
/// were out then: `StageAtSignOff`): a bid withdrawn or disqualified later
/// leaves it, no bid joins it by itself, and only the chair's override, with
/// a reason, puts one on.
public struct StageStanding: Sendable, Equatable {
    public var stages: [Stage]
    /// The index of the stage being scored: the first not signed off
    /// (`stages.count` once the last is signed off with the evaluation).
    public var current: Int
    /// When each signed-off stage was signed off (stored time), by stage id.
    public var signedOffAt: [String: String]
    /// For each signed-off stage before the last, every bid of that stage
    /// and whether it goes on (StageScoring's decisions, overrides applied).
    public var decisions: [String: [ShortlistDecision]]
    /// For each signed-off stage, the bids that have left its shortlist
    /// since sign-off (withdrawn or disqualified), by stage id.
    public var leftSince: [String: [BidRemoval]] = [:]
    /// The signed-off stages with the bids out at each sign-off, as
    /// StageScoring and LotScoring take them (`signedOff:`), so that a
    /// screen scoring the stages draws the same shortlists.
    public var atSignOff: [StageAtSignOff] = []

    public var currentStage: Stage? { stages.indices.contains(current) ? stages[current] : nil }
    public var isLastStage: Bool { current >= stages.count - 1 }

    /// The decision about a bid on the shortlist that leads into the
    /// current stage; nil in the first stage (every bid is in it).
    public func decisionIntoCurrent(bid: String) -> ShortlistDecision? {
        guard current > 0, stages.indices.contains(current - 1) else { return nil }
        return decisions[stages[current - 1].id]?.first { $0.bid == bid }
    }

    /// Whether a bid is scored in the current stage: every bid in the first
    /// stage; after that, the bids on the shortlist before it.
    public func inCurrentStage(bid: String) -> Bool {
        guard current > 0 else { return true }
        return decisionIntoCurrent(bid: bid)?.goesOn ?? false
    }

    /// What to say about a signed-off stage's shortlist: that it holds as
    /// drawn up at sign-off, and who has left it since.
    public func shortlistNote(stage stageID: String) -> String? {
        guard decisions[stageID] != nil else { return nil }
        return StageText.heldAtSignOff(leftSince: leftSince[stageID] ?? [])
    }

    /// The position (0-based) of a stage by id.
    public func index(of stageID: String) -> Int? { stages.firstIndex { $0.id == stageID } }

    /// "stage 1 (Written bids)"
    public func name(_ index: Int) -> String {
        guard stages.indices.contains(index) else { return "the last stage" }
        return "stage \(index + 1) (\(SafeText.line(stages[index].title)))"
    }
}

extension MemberSession {
    // MARK: - Reading where the stages stand

    /// Where the stages stand now; nil when the panel is not in stages.
    /// Any member may read it: it shows the shortlist, not anyone's values.
    public func stageStanding() throws -> StageStanding? {
        guard !panel.stages.isEmpty else { return nil }
        return try store.read { db in try Self.stageStanding(db, panel: panel) }
    }

    static func stageStanding(_ db: Database, panel: Panel) throws -> StageStanding {
        let signed = Dictionary(try Row.fetchAll(db, sql: "SELECT stage, signed_off_at FROM stage_sign_off").map { row in
            (row.lenient("stage") ?? "", row.lenient("signed_off_at") ?? "")
        }, uniquingKeysWith: { first, _ in first })
        let finalSigned = try String.fetchOne(db, sql: "SELECT signed_off_at FROM state WHERE id = 1")
        var current = panel.stages.firstIndex { signed[$0.id] == nil } ?? panel.stages.count
        var signedOffAt = signed
        // The last stage's sign-off is the evaluation's own.
        if let last = panel.stages.last, current == panel.stages.count - 1, let finalSigned {
            signedOffAt[last.id] = finalSigned
            current = panel.stages.count
        }
        var decisions: [String: [ShortlistDecision]] = [:], leftSince: [String: [BidRemoval]] = [:]
        let atSignOff = current > 0 ? try stagesAtSignOff(db) : []
        if current > 0 {
            let competitions = StagedCompetition.all(panel, try sheet(db, panel: panel), overrides: try shortlistOverrides(db),
                                                     signedOff: atSignOff)
            for (index, stage) in panel.stages.enumerated() where index < min(current, panel.stages.count - 1) {
                decisions[stage.id] = StagedCompetition.decisions(competitions, stage: index)
                leftSince[stage.id] = competitions.flatMap { $0.staged.stages.indices.contains(index) ? $0.staged.stages[index].leftSince : [] }
            }
        }
        return StageStanding(stages: panel.stages, current: current, signedOffAt: signedOffAt, decisions: decisions, leftSince: leftSince,
                             atSignOff: atSignOff)
    }

    /// The stages signed off, each with the bids out of the competition at
    /// that moment, so that their shortlists are scored as drawn up then.
    /// Read from the audit log (withdrawals, disqualifications and
    /// reinstatements in order, up to each stage's sign-off entry), so a
    /// replay of the log draws the same shortlists. The report, export and
    /// summaries pass it to StageScoring with the overrides.
    public func stagesAtSignOff() throws -> [StageAtSignOff] {
        guard !panel.stages.isEmpty else { return [] }
        return try store.read { db in try Self.stagesAtSignOff(db) }
    }

    static func stagesAtSignOff(_ db: Database) throws -> [StageAtSignOff] {
        guard try Int.fetchOne(db, sql: "SELECT count(*) FROM stage_sign_off") ?? 0 > 0 else { return [] }
        var out: [String: BidRemoval] = [:], stages: [StageAtSignOff] = []
        let actions = ["withdraw-bid", "disqualify-bid", "reinstate-bid", stageSignOffAction]
        for entry in try AuditLog.entries(in: db, where: AuditScan.actions(actions)) {
            switch entry.action {
            case "withdraw-bid", "disqualify-bid":
                if let standing = BidStanding(rawValue: entry.newValue) {
                    out[entry.bid] = BidRemoval(bid: entry.bid, standing: standing, reason: entry.reason)
                }
            case "reinstate-bid": out[entry.bid] = nil
            case stageSignOffAction:
                stages.append(StageAtSignOff(stage: entry.criterion, removals: out.values.sorted { $0.bid < $1.bid }))
            default: break
            }
        }
        return stages
    }

    /// The chair's overrides of the shortlists, as StageScoring takes them
    /// (the report, export and summaries score the stages with them).
    public func shortlistOverrides() throws -> [ShortlistOverride] {
        guard !panel.stages.isEmpty else { return [] }
        return try store.read { db in try Self.shortlistOverrides(db) }
    }

    /// The chair's shortlist overrides, as StageScoring takes them.
    static func shortlistOverrides(_ db: Database) throws -> [ShortlistOverride] {
        try Row.fetchAll(db, sql: "SELECT stage, bid, goes_on, reason FROM shortlist_override ORDER BY stage, bid").map { row in
            ShortlistOverride(stage: row.lenient("stage") ?? "", bid: row.lenient("bid") ?? "",
                              goesOn: (row.lenient("goes_on", as: Int.self) ?? 0) != 0, reason: row.lenient("reason") ?? "")
        }
    }

    // MARK: - The rules every value follows

    /// Refuses a value (a member's or a moderated one) for a slot outside
    /// the current stage: a stage signed off is fixed, a later stage has not
    /// started, and a later stage is scored only for shortlisted bids.
    /// Nil when the slot may be recorded; otherwise what to say.
    static func stageProblem(criterion: Criterion, bid: String, standing: StageStanding?) -> String? {
        guard let standing, let stageID = criterion.stage, let index = standing.index(of: stageID) else { return nil }
        let title = SafeText.line(criterion.title)
        if index < standing.current {
            return "\"\(title)\" is scored in \(standing.name(index)), which the chair has signed off, so its values are fixed. "
                + "If a mark there was wrong, the chair can still put a bid on the shortlist or take it off, with a reason"
        }
        if index > standing.current {
            return "\"\(title)\" is scored in \(standing.name(index)), which has not started yet: "
                + "the chair signs off \(standing.name(standing.current)) first"
        }
        if !standing.inCurrentStage(bid: bid) {
            let why = standing.decisionIntoCurrent(bid: bid).map { " (\(StageText.why($0.why)))" } ?? ""
            return "bid \(bid) is not on the shortlist for \(standing.name(index))\(why), so nobody scores it in this stage"
        }
        return nil
    }

    /// The standing to check values against, read once per transaction;
    /// nil for a panel not in stages.
    func stageStandingForRules(_ db: Database) throws -> StageStanding? {
        panel.stages.isEmpty ? nil : try Self.stageStanding(db, panel: panel)
    }

    /// The criteria members score now: the current stage's (all of them
    /// for a panel not in stages).
    func criteriaInPlay(_ standing: StageStanding?) -> [Criterion] {
        guard let standing else { return panel.criteria }
        guard let stage = standing.currentStage else { return [] }
        return panel.criteria.filter { $0.stage == stage.id }
    }

    /// The panel whose criteria progress counts: in stages, the current
    /// stage's (the chair's board, like a member's own progress).
    static func progressPanel(_ panel: Panel, _ stages: StageStanding?) -> Panel {
        guard let stages else { return panel }
        var counted = panel
        counted.criteria = panel.criteria.filter { $0.stage != nil && $0.stage == stages.currentStage?.id }
        return counted
    }

    // MARK: - Signing a stage off

    /// Signs off one stage: its values are then fixed, its shortlist is
    /// worked out (and kept in the audit entry with its rule), and the
    /// panel moves on to the next stage. Only the current stage, and only
    /// when its results are complete (every value in, and agreed where the
    /// panel's rule needs it). As for the evaluation's sign-off, a member
    /// who has not submitted a bid of the stage is waited for unless the
    /// chair gives a reason. Members' submissions of the stage are closed
    /// with it: in the next stage each member submits each bid again. The
    /// last stage is signed off with the evaluation itself (`signOff`).
    @discardableResult
    public func signOffStage(_ stageID: String, anyway reason: String = "") throws -> SignOffRecord {
        try requireChair("sign off a stage")
        guard let index = panel.stages.firstIndex(where: { $0.id == stageID }) else {
            throw StoreError(panel.stages.isEmpty
                ? "this evaluation is not in stages, so there is no stage to sign off"
                : "there is no stage \"\(SafeText.line(stageID))\" in this evaluation: "
                    + Suggest.hint(for: stageID, in: panel.stages.map(\.id)))
        }
        if index == panel.stages.count - 1 { return try signOff(anyway: reason) }
        let problems = try store.verifyAudit()
        guard problems.isEmpty else {
            throw StoreError("cannot sign off: the audit log does not verify (\(problems[0])). See every problem with: bidpanel audit \(store.path)")
        }
        let (entry, witness) = try store.write { db -> (AuditEntry, String?) in
            try requireOpen(db)
            let standing = try Self.stageStanding(db, panel: panel)
            if index < standing.current {
                throw StoreError("\(standing.name(index)) is already signed off (\(EvaluationStore.readableTime(standing.signedOffAt[stageID] ?? ""))), so nothing was changed")
            }
            if index > standing.current {
                throw StoreError("\(standing.name(index)) has not started: sign off \(standing.name(standing.current)) first")
            }
            let stagePanel = panel.stagePanel(panel.stages[index], bids: panel.bids.filter { standing.inCurrentStage(bid: $0.id) })
            let outstanding = try Self.board(db, panel: stagePanel).outstanding(panel: stagePanel)
            let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            if !outstanding.isEmpty && reason.isEmpty {
                throw StoreError("not every member has submitted the bids they can score in \(standing.name(index)): \(Outstanding.line(outstanding)). "
                    + "Wait for them, mark a member absent if they are not at the meeting, or sign the stage off anyway with a reason")
            }
            // In lots, every lot's results of the stage must be complete.
            let competitions = StagedCompetition.all(panel, try Self.sheet(db, panel: panel), overrides: try Self.shortlistOverrides(db),
                                                     signedOff: try Self.stagesAtSignOff(db))
            let open = StagedCompetition.provisional(competitions, stage: index)
            if !open.isEmpty {
                throw StoreError("the results of \(standing.name(index)) are still provisional (bid\(open.count == 1 ? "" : "s") \(open.joined(separator: ", ")): "
                    + "a value is missing, or not yet agreed), so its shortlist cannot be drawn up. Agree the values on the moderation screen first")
            }
            let time = store.now()
            try db.execute(sql: "INSERT INTO stage_sign_off (stage, signed_off_at) VALUES (?, ?)", arguments: [stageID, time])
            let submissions = try Int.fetchOne(db, sql: "SELECT count(*) FROM submission") ?? 0
            try db.execute(sql: "DELETE FROM submission")
            let text = "stage \(stageID) signed off. " + StageText.ruleText(panel.stages[index].shortlist, quality: panel.scoring.quality)
                + " " + StagedCompetition.shortlistText(competitions, stage: index)
                + (submissions > 0 ? " Submissions of the stage closed: \(submissions)." : "")
            // For a stage's entries the criterion column names the stage.
            let entry = try AuditLog.append(.init(actor: member.id, action: Self.stageSignOffAction, criterion: stageID,
                                                  oldValue: outstanding.isEmpty ? "" : "not submitted: " + Outstanding.line(outstanding),
                                                  newValue: text, reason: outstanding.isEmpty ? "" : reason),
                                            at: time, in: db)
            return (entry, try String.fetchOne(db, sql: "SELECT witness FROM state WHERE id = 1"))
        }
        return witnessed(entry, witness: witness)
    }

    static let stageSignOffAction = "sign-off-stage"
    static let shortlistAction = "shortlist"
    /// How an override's entry begins and ends, which the audit replay reads.
    static let onTheShortlist = "on the shortlist", asTheRuleSays = " (as the rule says)"

    /// "Goes on: B1, B2. Not shortlisted: B3 (outside the top places)."
    static func shortlistLine(_ decisions: [ShortlistDecision]) -> String {
        let on = decisions.filter(\.goesOn).map(\.bid)
        let off = decisions.filter { !$0.goesOn }.map { "\($0.bid) (\(StageText.why($0.why)))" }
        return "Goes on: \(on.isEmpty ? "none" : on.joined(separator: ", "))."
            + (off.isEmpty ? "" : " Not shortlisted: \(off.joined(separator: "; ")).")
    }

    /// Refuses the evaluation's own sign-off while an earlier stage is open.
    func requireLastStage(_ db: Database) throws {
        guard !panel.stages.isEmpty else { return }
        let standing = try Self.stageStanding(db, panel: panel)
        if standing.current < panel.stages.count - 1 {
            throw StoreError("\(standing.name(standing.current)) is not signed off yet: sign it off first; the evaluation is signed off with its last stage")
        }
    }

    /// The panel the evaluation's sign-off waits on: in stages, the last
    /// stage's criteria and the bids shortlisted for it.
    func signOffPanel(_ db: Database) throws -> Panel {
        guard let last = panel.stages.last else { return panel }
        let standing = try Self.stageStanding(db, panel: panel)
        return panel.stagePanel(last, bids: panel.bids.filter { standing.inCurrentStage(bid: $0.id) })
    }

    // MARK: - The chair's override

    /// Puts a bid on the shortlist after a stage, or takes it off, against
    /// the rule; only with a reason, which the audit log keeps. Only on the
    /// shortlist into the stage being scored now (the stage before it is
    /// signed off, this one is not). Setting a bid back to what the rule
    /// says removes the override; that needs a reason too.
    public func overrideShortlist(stage stageID: String, bid: String, goesOn: Bool, reason: String) throws {
        try requireChair(goesOn ? "put a bid on a shortlist" : "take a bid off a shortlist")
        try requireKnown(bid: bid)
        guard panel.stages.contains(where: { $0.id == stageID }) else {
            throw StoreError("there is no stage \"\(SafeText.line(stageID))\" in this evaluation: "
                + Suggest.hint(for: stageID, in: panel.stages.map(\.id)))
        }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw StoreError("changing the shortlist needs a reason: say briefly why bid \(bid) should \(goesOn ? "go on" : "not go on") against the rule")
        }
        try store.write { db in
            try requireOpen(db)
            let standing = try Self.stageStanding(db, panel: panel)
            let index = standing.index(of: stageID)!
            guard index == standing.current - 1, index < panel.stages.count - 1 else {
                throw StoreError(index >= standing.current
                    ? "\(standing.name(index)) is not signed off yet, so its shortlist is not drawn up: sign it off first"
                    : "the shortlist after \(standing.name(index)) can no longer change: \(standing.name(index + 1)) is signed off too")
            }
            guard let decision = standing.decisions[stageID]?.first(where: { $0.bid == bid }) else {
                throw StoreError("bid \(bid) was not in \(standing.name(index)), so it cannot go on from it")
            }
            guard decision.goesOn != goesOn else {
                throw StoreError("bid \(bid) is already \(goesOn ? "on" : "off") the shortlist after \(standing.name(index)), so nothing was changed")
            }
            let ruleSaid: Bool
            if case let .overridden(_, _, rule) = decision.why { ruleSaid = rule } else { ruleSaid = decision.goesOn }
            let time = store.now()
            if goesOn == ruleSaid {
                try db.execute(sql: "DELETE FROM shortlist_override WHERE stage = ? AND bid = ?", arguments: [stageID, bid])
            } else {
                try db.execute(sql: """
                    INSERT INTO shortlist_override (stage, bid, goes_on, reason, recorded_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (stage, bid) DO UPDATE SET goes_on = excluded.goes_on, reason = excluded.reason,
                                                           recorded_at = excluded.recorded_at
                    """, arguments: [stageID, bid, goesOn ? 1 : 0, reason, time])
            }
            // In lots, the bid's lot is named: each lot has its own shortlist.
            let lot = panel.lots.isEmpty ? "" : panel.bids.first { $0.id == bid }.flatMap(\.lot).map { " in lot \($0)" } ?? ""
            func said(_ on: Bool) -> String { (on ? Self.onTheShortlist : "not on the shortlist") + " after stage \(stageID)" + lot }
            try AuditLog.append(.init(actor: member.id, action: Self.shortlistAction, bid: bid, criterion: stageID,
                                      oldValue: said(decision.goesOn) + " (\(StageText.why(decision.why)))",
                                      newValue: said(goesOn) + (goesOn == ruleSaid ? Self.asTheRuleSays : " (the chair's decision)"),
                                      reason: reason, source: "command"), at: time, in: db)
        }
    }

    static func register(stagesIn migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8: stages") { db in
            // One row per stage the chair has signed off, but the last: the
            // last stage is signed off with the evaluation (state.signed_off_at).
            try db.create(table: "stage_sign_off") { t in
                t.column("stage", .text).primaryKey()
                t.column("signed_off_at", .text).notNull()
            }
            // The chair's decisions against a shortlist's rule (goes_on 1 or 0).
            try db.create(table: "shortlist_override") { t in
                t.column("stage", .text).notNull()
                t.column("bid", .text).notNull()
                t.column("goes_on", .integer).notNull()
                t.column("reason", .text).notNull()
                t.column("recorded_at", .text).notNull()
                t.primaryKey(["stage", "bid"])
            }
        }
    }
}
