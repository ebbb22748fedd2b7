import BidpanelCore
import Foundation
import GRDB

/// Where the chair also scores a bid, the chair's score must be their own:
/// they see the other members' values for it only once they have submitted
/// theirs, or have said "I am not scoring this bid" (issue 11, point 2).
public enum ChairIndependence: Sendable, Equatable {
    /// The chair scores nothing on this bid (their role scores nothing, or
    /// they declared a conflict), so there is nothing to keep apart.
    case notAScorer
    case submitted
    case notScoring
    /// Neither yet: the others' values stay hidden from the chair.
    case pending(recorded: Int, needed: Int)

    public var othersVisible: Bool {
        if case .pending = self { return false }
        return true
    }

    /// The one rule, from the chair's progress on the bid and whether they
    /// said they are not scoring it.
    public static func of(_ progress: BidProgress?, notScoring: Bool) -> ChairIndependence {
        guard let progress, progress.needed > 0, !progress.conflicted else { return .notAScorer }
        if progress.submitted { return .submitted }
        if notScoring { return .notScoring }
        return .pending(recorded: progress.recorded, needed: progress.needed)
    }
}

extension PanelBoard {
    /// How the rule stands for `chair` (the chair's member id) on a bid.
    public func chairIndependence(chair: String, bid: String) -> ChairIndependence {
        .of(progress[chair]?[bid], notScoring: moderationNotes.notScoring[bid] != nil)
    }
}

extension MemberSession {
    /// The chair says they are not scoring a bid they could score, so they
    /// may see the others' values and moderate it. Audited. Any values the
    /// chair had put in for it stay (and count, as any member's do), and
    /// from then on the chair records nothing for it.
    public func declareNotScoring(bid: String) throws {
        try requireChair("say they are not scoring a bid")
        guard panel.bid(id: bid) != nil else { throw StoreError("there is no bid \"\(bid)\"") }
        try store.write { db in
            try requireOpen(db)
            switch try chairIndependence(bid: bid, db: db) {
            case .notAScorer:
                throw StoreError("\(member.name) does not score bid \(bid), so there is nothing to say: the others' values are open to you already")
            case .submitted:
                throw StoreError("\(member.name) has submitted bid \(bid) already, so the others' values are open to you")
            case .notScoring:
                return
            case .pending:
                try AuditLog.append(.init(actor: member.id, action: Self.notScoringAction, bid: bid, member: member.id,
                                          oldValue: "", newValue: "not scoring"), at: store.now(), in: db)
            }
        }
    }

    /// How the rule stands for this chair on a bid.
    public func chairIndependence(bid: String) throws -> ChairIndependence {
        try store.read { db in try chairIndependence(bid: bid, db: db) }
    }

    func chairIndependence(bid: String, db: Database) throws -> ChairIndependence {
        guard isChair else { return .notAScorer }
        // In stages, the stage being scored, as the board counts it.
        let counted = panel.stages.isEmpty ? panel : Self.progressPanel(panel, try stageStandingForRules(db))
        let needed = Self.slotCount(panel: counted, role: member.role)
        let inPlay = Set(counted.criteria.map(\.id))
        let recorded = try String.fetchAll(db, sql: "SELECT criterion FROM member_value WHERE bid = ? AND member = ?",
                                           arguments: [bid, member.id]).filter(inPlay.contains).count
        let progress = BidProgress(recorded: recorded, needed: needed, submitted: try isSubmitted(bid, member: member.id, db: db),
                                   conflicted: try isConflicted(bid, db: db))
        let notScoring = try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM audit WHERE action = ? AND bid = ? AND actor = ?",
                                           arguments: [Self.notScoringAction, bid, member.id]) ?? false
        return .of(progress, notScoring: notScoring)
    }

    /// Refuses the chair the others' values for a bid before the chair has
    /// scored it themselves or said they are not scoring it.
    func requireChairIndependence(bid: String, toDo what: String, db: Database) throws {
        if case let .pending(recorded, needed) = try chairIndependence(bid: bid, db: db) {
            let own = recorded == needed ? "submit your own values for it" : "finish and submit your own values for it"
            throw StoreError("you score bid \(bid) too, so you can \(what) only once you \(own), or say you are not scoring it")
        }
    }

    /// Moderating at a terminal shows the chair the others' values. A chair
    /// who moderates a bid before submitting their own values for it is
    /// recorded (audited) as not scoring it from then on, so the store never
    /// takes a chair's value for a bid after the chair has seen the others'.
    func requireIndependentModeration(bid: String, db: Database) throws {
        guard case .pending = try chairIndependence(bid: bid, db: db) else { return }
        try AuditLog.append(.init(actor: member.id, action: Self.notScoringAction, bid: bid, member: member.id,
                                  oldValue: "", newValue: Self.moderatedFirst), at: store.now(), in: db)
    }

    /// What the audit says when the chair moderated a bid before submitting their own values for it.
    static let moderatedFirst = "not scoring: moderated it before submitting their own values"

    /// A chair who said they are not scoring a bid records nothing for it.
    func requireScoringAllowed(bid: String, db: Database) throws {
        guard isChair, try chairIndependence(bid: bid, db: db) == .notScoring else { return }
        throw StoreError("\(member.name) is not scoring bid \(bid) (they said so, or moderated it before submitting their own values), so records nothing more for it")
    }

    // MARK: - Notes per item

    /// Sets the chair's note on one item of a bid, besides the reason for
    /// its agreed value; an empty note clears it. Audited (old → new).
    public func noteItem(_ slot: Slot, note: String) throws {
        try requireChair("add a note to an item")
        guard let criterion = panel.criterion(id: slot.criterion), panel.bid(id: slot.bid) != nil,
              (criterion.kind == .matrix) == (slot.principle != nil) else {
            throw StoreError("there is no such bid, criterion or principle: \(slot.bid) \(slot.criterion) \(slot.principle ?? "")")
        }
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        try store.write { db in
            try requireOpen(db)
            let old = try Self.moderationNotes(db, time: { $0 }).notes[slot]?.text ?? ""
            guard old != text else { return }
            try AuditLog.append(.init(actor: member.id, action: Self.itemNoteAction, bid: slot.bid, criterion: slot.criterion,
                                      principle: slot.principle ?? "", oldValue: old, newValue: text), at: store.now(), in: db)
        }
    }

    static let itemNoteAction = "item-note"
    static let notScoringAction = "not-scoring"
    /// The audit's actions about moderation, listed together in the audit report.
    static let moderationActions: Set<String> = ["moderate", itemNoteAction, notScoringAction]

    /// Notes and "not scoring" statements, from the audit log (their only
    /// record, so the hash chain protects them); `time` writes the times.
    static func moderationNotes(_ db: Database, time: (String) -> String) throws -> ModerationNotes {
        var notes = ModerationNotes()
        for entry in try AuditLog.entries(in: db, where: "action IN ('\(itemNoteAction)', '\(notScoringAction)')") {
            note(entry, into: &notes, time: time)
        }
        return notes
    }

    /// What one audit entry adds to the notes (nothing unless it is a note
    /// or a "not scoring"); entries are taken oldest first. The chair's
    /// board applies new entries one by one with this, between full reads.
    static func note(_ entry: AuditEntry, into notes: inout ModerationNotes, time: (String) -> String) {
        if entry.action == notScoringAction {
            if notes.notScoring[entry.bid] == nil {
                // Text only when it was not said in so many words (moderated first).
                let why = entry.newValue.hasPrefix("not scoring: ") ? String(entry.newValue.dropFirst(13)) : ""
                notes.notScoring[entry.bid] = .init(text: why, by: entry.actor, at: time(entry.at))
            }
        } else if entry.action == itemNoteAction {
            let slot = Slot(bid: entry.bid, criterion: entry.criterion, principle: entry.principle.isEmpty ? nil : entry.principle)
            notes.notes[slot] = entry.newValue.isEmpty ? nil : .init(text: entry.newValue, by: entry.actor, at: time(entry.at))
        }
    }
}
