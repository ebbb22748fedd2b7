import BidpanelCore
import GRDB

extension MemberSession {
    /// Who scored each bid in each stage reached so far, for the printed
    /// record. A stage's sign-off deletes its submissions (members submit
    /// again in the next stage), so a closed stage's are replayed from the
    /// audit log: each submit and reopening up to that stage's sign-off.
    /// The stage being scored, and the last, read the submission table.
    static func stageProgress(_ db: Database, panel: Panel, board: PanelBoard, submittedAt: [[String]: String],
                              time: (String) -> String) throws -> [MeetingRecord.StageProgress] {
        guard !panel.stages.isEmpty else { return [] }
        let standing = try board.stages ?? stageStanding(db, panel: panel)

        var closed: [String: [[String]: String]] = [:], open: [[String]: String] = [:]
        for entry in try AuditLog.entries(in: db, where: AuditScan.actions(["submit", "reopen-bid", stageSignOffAction])) {
            switch entry.action {
            case "submit": open[[entry.bid, entry.member]] = entry.at
            case "reopen-bid": open[[entry.bid, entry.member]] = nil
            default: // a stage's entry names the stage in its criterion column
                closed[entry.criterion] = open
                open = [:]
            }
        }

        let stageOf = Dictionary(panel.criteria.compactMap { criterion in criterion.stage.map { (criterion.id, $0) } },
                                 uniquingKeysWith: { first, _ in first })
        // Stage → member → bid → values recorded.
        var counts: [String: [String: [String: Int]]] = [:]
        for value in board.sheet.memberValues {
            guard let stage = stageOf[value.slot.criterion] else { continue }
            counts[stage, default: [:]][value.member, default: [:]][value.slot.bid, default: 0] += 1
        }
        let conflicted = conflictedBids(panel, board.sheet)

        let last = panel.stages.count - 1
        return panel.stages.enumerated().prefix(min(standing.current, last) + 1).map { index, stage in
            let bids = index == 0 ? panel.bids.map(\.id)
                : panel.bids.map(\.id).filter { bid in
                    standing.decisions[panel.stages[index - 1].id]?.first { $0.bid == bid }?.goesOn ?? false
                }
            let submissions = index < standing.current && index < last ? closed[stage.id] ?? [:] : submittedAt
            let stagePanel = panel.stagePanel(stage, bids: [])
            var progress: [String: [String: MeetingRecord.Progress]] = [:]
            for member in panel.members where !panel.isPaired(member.id) { // a pair's people score as the pair
                let needed = slotCount(panel: stagePanel, role: member.role)
                guard needed > 0 else { continue }
                let recorded = counts[stage.id]?[member.id] ?? [:], declared = conflicted[member.id] ?? []
                for bid in bids {
                    progress[bid, default: [:]][member.id] = printedProgress(
                        conflicted: declared.contains(bid), submittedAt: submissions[[bid, member.id]].map(time),
                        recorded: recorded[bid] ?? 0, needed: needed)
                }
            }
            return MeetingRecord.StageProgress(stage: stage.id, bids: bids, progress: progress)
        }
    }

    /// One member's line for one bid in "who scored each bid": a conflict
    /// first, then a submission (its time, as people read it), then how
    /// many values are in.
    static func printedProgress(conflicted: Bool, submittedAt: String?, recorded: Int, needed: Int) -> MeetingRecord.Progress {
        if conflicted { return .conflict }
        if let submittedAt { return .submitted(at: submittedAt) }
        return recorded > 0 ? .recorded(recorded, of: needed) : .nothing
    }
}
