import BidpanelCore
import Foundation
import GRDB

/// Everything the chair's screens show, read in one transaction so the
/// progress, the values and the sign-off always agree with each other.
public struct PanelBoard: Sendable, Equatable {
    /// Every member value, moderated value and conflict.
    public var sheet: ScoreSheet
    /// Member id → bid id → how far that member has got. Only members whose
    /// role scores something are listed.
    public var progress: [String: [String: BidProgress]]
    /// When the evaluation was signed off, as stored; nil while open.
    public var signedOffAt: String?
    /// Who the chair has marked present at or absent from the meeting.
    public var attendance: [String: Attendance]
    /// The chair's notes per item and the bids they said they are not scoring.
    public var moderationNotes = ModerationNotes()
    /// In a tender in stages, where the stages stand; progress then counts
    /// the current stage's criteria only.
    public var stages: StageStanding?
    /// In a tender in lots, the chair's decisions on tied lots (`TieDecisions`).
    public var tieDecisions: [TieDecision] = []

    public init(sheet: ScoreSheet, progress: [String: [String: BidProgress]], signedOffAt: String?,
                attendance: [String: Attendance] = [:]) {
        self.sheet = sheet
        self.progress = progress
        self.signedOffAt = signedOffAt
        self.attendance = attendance
    }
}

extension MemberSession {
    /// The board as it is now. Chair only.
    public func board() throws -> PanelBoard {
        try requireChair("see every member's progress", toChange: false)
        return try store.read { db in try Self.board(db, panel: panel) }
    }

    static func board(_ db: Database, panel: Panel) throws -> PanelBoard {
        let sheet = try Self.sheet(db, panel: panel)
        // Member id → bid id → …, so no key is built per value.
        var submitted: [String: Set<String>] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT bid, member FROM submission") {
            submitted[row[1], default: []].insert(row[0])
        }
        let stages = panel.stages.isEmpty ? nil : try stageStanding(db, panel: panel)
        let counted = progressPanel(panel, stages)
        let inStage = Set(counted.criteria.map(\.id))
        // Values come bid by bid: a bid's count per member is added up on its
        // own, then filed (half a million values in a grants round).
        var counts: [String: [String: Int]] = [:]
        var bid: String?, perMember: [String: Int] = [:]
        func file() {
            if let bid { for (member, count) in perMember { counts[member, default: [:]][bid, default: 0] += count } }
            perMember.removeAll(keepingCapacity: true)
        }
        for value in sheet.memberValues where stages == nil || inStage.contains(value.slot.criterion) {
            if value.slot.bid != bid {
                file()
                bid = value.slot.bid
            }
            perMember[value.member, default: 0] += 1
        }
        file()
        let conflicted = conflictedBids(panel, sheet)
        var progress: [String: [String: BidProgress]] = [:]
        for member in panel.members where !panel.isPaired(member.id) { // a pair's people score as the pair
            let needed = slotCount(panel: counted, role: member.role)
            guard needed > 0 else { continue }
            let recorded = counts[member.id] ?? [:], done = submitted[member.id] ?? [], declared = conflicted[member.id] ?? []
            progress[member.id] = Dictionary(uniqueKeysWithValues: panel.bids.map { bid in
                (bid.id, BidProgress(recorded: recorded[bid.id] ?? 0, needed: needed, submitted: done.contains(bid.id),
                                     conflicted: declared.contains(bid.id)))
            })
        }
        let signedOff = try String.fetchOne(db, sql: "SELECT signed_off_at FROM state WHERE id = 1")
        var board = PanelBoard(sheet: sheet, progress: progress, signedOffAt: signedOff, attendance: try attendance(db))
        board.moderationNotes = try moderationNotes(db, time: { $0 })
        board.stages = stages
        if !panel.lots.isEmpty { board.tieDecisions = try tieDecisions(db) }
        return board
    }

    /// Member id → the bids their declared conflicts stop them scoring
    /// (either person of a pair stops the pair).
    static func conflictedBids(_ panel: Panel, _ sheet: ScoreSheet) -> [String: Set<String>] {
        var conflicted: [String: Set<String>] = [:]
        for conflict in sheet.conflicts {
            for member in panel.stoppedByConflict(of: conflict.member) { conflicted[member, default: []].insert(conflict.bid) }
        }
        return conflicted
    }

    /// How many values a member in this role records per bid.
    static func slotCount(panel: Panel, role: Role) -> Int {
        panel.criteria.filter { $0.scoredBy.contains(role) }.reduce(0) { count, criterion in
            count + (criterion.kind == .matrix ? panel.matrix.principles.count : 1)
        }
    }
}
