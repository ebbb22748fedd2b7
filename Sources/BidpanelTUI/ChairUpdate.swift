import BidpanelCore
import BidpanelStore

/// The chair's screens in `update`: the board, moderation and totals.
extension AppState {
    var isChair: Bool { session?.member.role == .chair }

    /// Where a chair lands after signing in and declaring conflicts.
    mutating func showBoard(selecting bid: String? = nil) {
        var board = PanelBoardScreen()
        board.signedOff = chair?.signedOff ?? false
        if case let .board(old) = screen { board.column = old.column; board.selected = old.selected }
        if let bid, let index = chair?.boardBids.firstIndex(where: { $0.id == bid }) { board.selected = index }
        screen = .board(board)
    }

    mutating func handleChairKey(_ key: Key) -> [Effect] {
        guard let chair else { return [] }
        switch screen {
        case var .board(board):
            let (effects, navigation) = board.update(key, chair: chair)
            screen = .board(board)
            switch navigation {
            case let .moderate(bid)?:
                guard let found = chair.panel.bids.first(where: { $0.id == bid }) else { return effects }
                screen = .moderation(ModerationScreen(bid: found, chair: chair, size: size))
                status = chair.board.sheet.isConflicted(member: session?.member.id ?? "", bid: bid)
                    ? Status("You declared a conflict with bid \(bid). Let the panel agree these values, and say so in each reason.", tone: .problem)
                    : nil
            case .totals?:
                screen = .totals(TotalsScreen())
                status = nil
            case .ownScores?:
                status = nil
                return effects + showBidList(selecting: session?.bids.first?.id ?? "")
            case nil: break
            }
            return effects
        case var .moderation(moderation):
            let before = moderation.index
            let (effects, navigation) = moderation.update(key, chair: chair, size: size)
            screen = .moderation(moderation)
            if moderation.index != before { status = nil } // a message about the last item no longer applies
            if navigation == .board { showBoard(selecting: moderation.bid.id); status = nil }
            return effects
        case var .totals(totals):
            if totals.tie != nil {
                let (effects, problem) = totals.updateTie(key, chair: chair)
                totals.problem = problem
                screen = .totals(totals)
                return effects
            }
            guard let command = TotalsScreen.keyMap().command(for: key) else { return [] }
            let (effects, navigation) = totals.update(command, key: key, chair: chair, size: size, background: workInBackground)
            screen = .totals(totals)
            if navigation == .board { showBoard(); status = nil }
            return effects
        default:
            return []
        }
    }

    /// The answers to the chair's effects.
    mutating func applyChairResult(_ action: Action) {
        switch action {
        case let .boardChanged(board):
            followBoard(board, change: BoardChange(seq: 0, everything: true))
        case let .boardUpdated(board, change):
            followBoard(board, change: change)
        case let .moderated(slot, value):
            guard let chair, case var .moderation(moderation) = screen else { return }
            let title = moderation.step(panel: chair.panel).map { step in
                "\(step.title): \(Steps.describe(value, for: step, panel: chair.panel))"
            } ?? slot.criterion
            moderation.saved(chair: chair)
            screen = .moderation(moderation)
            status = Status("Agreed and saved. \(title).", tone: .good)
        case let .signedOff(seal, witnessProblem):
            showBoard()
            // The seal goes on paper: it is what ties a printed report to this file.
            status = witnessProblem == nil
                ? Status("Signed off. Write down: \(seal).", tone: .good)
                : Status("Signed off. Witness file not written: write down \(seal).", tone: .info)
        case let .stageSignedOff(stage, seal, witnessProblem):
            showBoard()
            // The stage line above the board names the new stage; the seal goes on paper.
            _ = stage
            status = witnessProblem == nil
                ? Status("Stage signed off. Write down: \(seal).", tone: .good)
                : Status("Stage signed off. Witness file not written: write down \(seal).", tone: .info)
        case let .tieDecided(lot, bid):
            if case var .totals(totals) = screen { totals.tie = nil; totals.problem = nil; screen = .totals(totals) }
            status = Status(TotalsScreen.tieDecidedStatus(lot: lot, bid: bid), tone: .good)
        case let .shortlistChanged(bid, goesOn):
            showBoard()
            status = Status("\(bid) is now \(goesOn ? "on" : "off") the shortlist. The reason is kept in the audit log.", tone: .good)
        case .reopened:
            showBoard()
            status = Status("Reopened. The reason is kept in the audit log.", tone: .good)
        case let .bidReopened(bid, member):
            let name = chair?.panel.member(id: member)?.name ?? member
            status = Status("Reopened \(bid) for \(SafeText.line(name)). They can change their values and submit again.", tone: .good)
        case let .attendanceMarked(member, present):
            let name = chair?.panel.member(id: member)?.name ?? member
            status = Status("\(SafeText.line(name)) is marked \(present ? "present" : "absent"). The time is kept in the audit log.", tone: .good)
        case let .printed(message, ok):
            status = Status(message, tone: ok ? .good : .info)
        case let .itemNoted(_, note):
            status = Status(note.isEmpty ? "Note removed. The audit log keeps what it said." : "Note saved. It goes in the audit log and the printed report.", tone: .good)
        case let .saidNotScoring(bid):
            status = Status("You are not scoring bid \(bid): saved in the audit log.", tone: .good)
        default: break
        }
    }

    /// The chair's data brought up to the board: worked out afresh, or only
    /// what the change touched when there is data to start from.
    private mutating func followBoard(_ board: PanelBoard, change: BoardChange) {
        guard let session, session.member.role == .chair, !change.isEmpty else { return }
        let data: ChairData
        if var kept = chair, !change.everything {
            kept.apply(board, change: change)
            data = kept
        } else {
            var panel = self.panel
            panel.bids = session.bids
            data = ChairData(board: board, panel: panel)
        }
        chair = data
        if case var .board(screen) = screen {
            let signedOff = board.signedOffAt != nil
            // Signed off or reopened meanwhile: a question about the old state no longer applies.
            if signedOff != screen.signedOff { screen.mode = .browse }
            screen.signedOff = signedOff
            self.screen = .board(screen)
        } else if case var .moderation(moderation) = screen {
            moderation.refresh(chair: data)
            screen = .moderation(moderation)
        }
    }
}
