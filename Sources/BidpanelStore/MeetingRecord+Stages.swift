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
        var conflicted: [String: Set<String>] = [:]
        for conflict in board.sheet.conflicts {
            for member in panel.stoppedByConflict(of: conflict.member) { conflicted[member, default: []].insert(conflict.bid) }
        }

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
                    let state: MeetingRecord.Progress
                    if declared.contains(bid) {
                        state = .conflict
                    } else if let at = submissions[[bid, member.id]] {
                        state = .submitted(at: time(at))
                    } else {
                        state = (recorded[bid] ?? 0) > 0 ? .recorded(recorded[bid] ?? 0, of: needed) : .nothing
                    }
                    progress[bid, default: [:]][member.id] = state
                }
            }
            return MeetingRecord.StageProgress(stage: stage.id, bids: bids, progress: progress)
        }
    }
}
