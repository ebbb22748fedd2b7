import BidpanelCore
import BidpanelStore

/// The chair's board: who has scored and submitted what, bid by bid, and
/// how much the chair has agreed. It follows the evaluation file live.
/// From here the chair reopens a member's submitted bid, marks who is at
/// the meeting, and signs off (or reopens a signed-off evaluation).
public struct PanelBoardScreen: Sendable, Equatable {
    /// The bid row in focus.
    public var selected = 0
    /// The member column in focus, an index into the scoring members.
    public var column = 0
    public var mode: Mode = .browse
    /// Whether the evaluation was signed off when last seen, so the keys
    /// (and help) are the ones that work now. Kept in step by `AppState`.
    public var signedOff = false
    public var problem: String?
    /// The stage "sign off" asks about, in a tender in stages (not the
    /// last stage, which is signed off with the evaluation).
    public var stageSigningOff: String?

    public init() {}

    public enum Mode: Sendable, Equatable {
        case browse
        /// "Sign off now?" when every member has submitted.
        case confirmSignOff
        /// Someone has not submitted: the list, scrolled, and the reason to sign off anyway.
        case signOffAnyway(reason: TextField, scroll: Int)
        /// The reason being typed to reopen a signed-off evaluation.
        case reopenEvaluation(reason: TextField)
        /// The reason being typed to reopen one member's submitted bid.
        case reopenBid(bid: String, member: String, reason: TextField)
        /// Marking who is at the meeting; the member in focus.
        case attendance(selected: Int)
        /// The reason being typed to put a bid on the shortlist into this
        /// stage, or take it off (a tender in stages).
        case shortlist(stage: String, bid: String, goesOn: Bool, reason: TextField)
    }

    public enum Command: Sendable, Equatable {
        case moveBid, moveMember, first, last, open, totals, ownScores, print
        case signOff, reopenEvaluation, reopenBid, attendance, shortlist
        case confirm, cancel, scroll, markPresent, markAbsent
    }

    var isTyping: Bool { reason != nil }

    var reason: TextField? {
        switch mode {
        case let .signOffAnyway(reason, _), let .reopenEvaluation(reason), let .reopenBid(_, _, reason),
             let .shortlist(_, _, _, reason): reason
        case .browse, .confirmSignOff, .attendance: nil
        }
    }

    enum Navigation { case moderate(String), totals, ownScores }

    /// The board's keys in the mode it is in.
    static func keyMap(_ mode: Mode, signedOff: Bool) -> KeyMap<Command> {
        let reasonKeys: (String) -> [KeyBinding<Command>] = { what in [
            KeyBinding([.enter], "Enter", what, help: "\(what) once you have typed why. The reason goes into the audit log.", .confirm),
            KeyBinding([.escape], "Esc", "cancel", help: "goes back to the board; nothing changes.", .cancel),
        ] }
        switch mode {
        case .confirmSignOff:
            return KeyMap([
                KeyBinding([.character("y"), .character("Y")], "Y", "sign off", help: "signs off: the evaluation becomes read-only.", .confirm),
                KeyBinding([.character("n"), .character("N"), .escape], "N", "go back", help: "goes back without signing off (so does any other key).", .cancel),
            ], common: [])
        case .signOffAnyway:
            return KeyMap([
                KeyBinding([.up, .down, .pageUp, .pageDown], "↑↓", "scroll", help: "scrolls the list of members who have not submitted.", .scroll),
            ] + reasonKeys("sign off anyway"), common: [])
        case .reopenEvaluation:
            return KeyMap(reasonKeys("reopen"), common: [])
        case .reopenBid:
            return KeyMap(reasonKeys("reopen the bid"), common: [])
        case .shortlist:
            return KeyMap(reasonKeys("change the shortlist"), common: [])
        case .attendance:
            return KeyMap([
                KeyBinding([.up, .down, .tab], "↑↓", "choose", help: "moves up and down the list of members.", .moveBid),
                .letter("p", "present", help: "marks the member present at the meeting, now. The time goes into the audit log and the report.", .markPresent),
                .letter("a", "absent", help: "marks the member absent: sign-off does not wait for their bids.", .markAbsent),
                KeyBinding([.escape], "Esc", "board", help: "goes back to the board.", .cancel),
            ])
        case .browse:
            var bindings: [KeyBinding<Command>] = [
                KeyBinding([.enter, .character(" ")], "Enter", "open", help: "opens the bid in focus to agree its values.", .open),
            ]
            if signedOff {
                bindings += [
                    .letter("r", "reopen", help: "reopens the signed-off evaluation; it asks why and keeps the reason.", .reopenEvaluation),
                    .letter("t", "totals", help: "shows the totals.", .totals),
                    .letter("p", "print", help: "prints the report.", .print),
                ]
            } else {
                bindings += [
                    .letter("r", "reopen", help: "reopens the bid in focus for the member in focus, once they have submitted it, so they can change their values. It asks why and keeps the reason.", .reopenBid),
                    .letter("s", "sign off", help: "signs off when every value is agreed: then nothing can change. It lists any member who has not submitted a bid they can score; to sign off anyway you type why. In a tender in stages it signs off the stage being scored: its shortlist is drawn up and the panel moves to the next stage.", .signOff),
                    .letter("l", "shortlist", help: "in a tender in stages, after the first: puts the bid in focus on the shortlist into this stage, or takes it off, against the rule. It asks why and keeps the reason.", inBar: false, .shortlist),
                    .letter("a", "present", help: "marks who is at the meeting, and when. A member marked absent is not waited for at sign-off.", .attendance),
                    .letter("t", "totals", help: "shows the totals.", .totals),
                    .letter("p", "print", help: "prints the report.", inBar: false, .print),
                ]
            }
            bindings += [
                KeyBinding([.up, .down, .tab], "↑↓", "bid", help: "moves between bids (rows).", inBar: false, .moveBid),
                KeyBinding([.left, .right, .backTab], "←→", "member", help: "moves between members (columns); the line above the table names the member in focus. With many members the columns scroll.", inBar: false, .moveMember),
                KeyBinding([.home], "Home", "first bid", help: "goes to the first bid.", inBar: false, .first),
                KeyBinding([.end], "End", "last bid", help: "goes to the last bid.", inBar: false, .last),
                // Signed off, the bar has room for it.
                .letter("o", "my scores", help: "opens your own scoring; B on your list of bids comes back here.", inBar: signedOff, .ownScores),
            ]
            return KeyMap(bindings)
        }
    }

    static func help(_ board: PanelBoardScreen, width: Int) -> [String] {
        let intro: [String]
        switch board.mode {
        case .attendance:
            intro = ["Who is at the meeting (chair)",
                     "Mark each member present as they arrive, or absent. Each mark is kept with its time."]
        case .signOffAnyway:
            intro = ["Signing off (chair)",
                     "These members have not submitted every bid they can score. Wait for them, mark them absent, or type why you sign off anyway."]
        case .confirmSignOff, .reopenEvaluation, .reopenBid, .browse, .shortlist:
            intro = ["The panel board (chair)",
                     "Each row is a bid; each column is a member. ✓ means submitted, 3/7 means three of seven values in, – means a conflict (left out), · nothing yet.",
                     "Agreed: how many of the bid's values you have agreed. Discuss: values not yet agreed where members differ widely (⚑).",
                     "The board follows the evaluation file: it changes as members score."]
        }
        return intro.flatMap { DisplayWidth.wrap($0, width: width) } + [""]
            + keyMap(board.mode, signedOff: board.signedOff).helpLines(width: width)
    }

    mutating func update(_ key: Key, chair: ChairData) -> (effects: [Effect], navigation: Navigation?) {
        signedOff = chair.signedOff
        let scorers = Self.scorers(chair)
        guard let command = Self.keyMap(mode, signedOff: signedOff).command(for: key) else {
            switch mode {
            case .confirmSignOff:
                mode = .browse // any other key goes back, as the question says
            case .signOffAnyway, .reopenEvaluation, .reopenBid, .shortlist:
                editReason(key)
            case .browse, .attendance: break
            }
            return ([], nil)
        }
        if command != .confirm { problem = nil }
        switch command {
        case .moveBid:
            if case let .attendance(row) = mode {
                let last = max(0, chair.panel.members.count - 1)
                mode = .attendance(selected: key == .up ? max(0, row - 1) : min(last, row + 1))
            } else {
                selected = key == .up ? max(0, selected - 1) : min(max(0, chair.boardBids.count - 1), selected + 1)
            }
        case .moveMember:
            column = key == .right ? min(max(0, scorers.count - 1), column + 1) : max(0, column - 1)
        case .first: selected = 0
        case .last: selected = max(0, chair.boardBids.count - 1)
        case .open:
            guard chair.boardBids.indices.contains(selected) else { return ([], nil) }
            let bid = chair.boardBids[selected].id
            // In stages the chair agrees the stage being scored: a bid not in it has nothing to agree now.
            if let stage = chair.countedStage, chair.slots(bid: bid).isEmpty || !chair.countedBids.contains(bid) {
                problem = "\(bid) is not in \(stage), so there is nothing to agree for it now. Its earlier marks are fixed."
                return ([], nil)
            }
            return ([], .moderate(bid))
        case .totals: return ([], .totals)
        case .ownScores: return ([], .ownScores)
        case .print: return ([.printReport], nil)
        case .signOff: startSignOff(chair)
        case .reopenEvaluation: mode = .reopenEvaluation(reason: TextField())
        case .reopenBid: startReopenBid(chair, scorers: scorers)
        case .attendance: mode = .attendance(selected: 0)
        case .shortlist: startShortlist(chair)
        case .scroll:
            if case let .signOffAnyway(reason, scroll) = mode {
                let step = [Key.up: -1, .down: 1, .pageUp: -10, .pageDown: 10][key] ?? 0
                let last = max(0, StageBoard.outstanding(chair).count - 1)
                mode = .signOffAnyway(reason: reason, scroll: min(last, max(0, scroll + step)))
            }
        case .markPresent, .markAbsent:
            guard case let .attendance(row) = mode, chair.panel.members.indices.contains(row) else { break }
            let member = chair.panel.members[row], present = command == .markPresent
            if chair.board.attendance[member.id]?.present == present {
                problem = "\(member.name) is already marked \(present ? "present" : "absent")."
                return ([], nil)
            }
            return ([.markAttendance(member: member.id, present: present)], nil)
        case .cancel:
            mode = .browse
        case .confirm:
            return (confirm(), nil)
        }
        return ([], nil)
    }

    private mutating func editReason(_ key: Key) {
        switch mode {
        case .signOffAnyway(var reason, let scroll):
            _ = reason.handle(key)
            mode = .signOffAnyway(reason: reason, scroll: scroll)
        case var .reopenEvaluation(reason):
            _ = reason.handle(key)
            mode = .reopenEvaluation(reason: reason)
        case .reopenBid(let bid, let member, var reason):
            _ = reason.handle(key)
            mode = .reopenBid(bid: bid, member: member, reason: reason)
        case .shortlist(let stage, let bid, let goesOn, var reason):
            _ = reason.handle(key)
            mode = .shortlist(stage: stage, bid: bid, goesOn: goesOn, reason: reason)
        case .browse, .confirmSignOff, .attendance: break
        }
    }

    private mutating func startSignOff(_ chair: ChairData) {
        if let stage = StageBoard.stageToSignOff(chair) {
            // A stage: the store checks its results are complete (the
            // chair's totals are over every stage); members are waited for.
            stageSigningOff = stage
            mode = StageBoard.outstanding(chair).isEmpty ? .confirmSignOff : .signOffAnyway(reason: TextField(), scroll: 0)
            return
        }
        stageSigningOff = nil
        if !(StageBoard.complete(chair) ?? chair.result.complete) {
            let left = chair.overall()
            problem = chair.panel.scoring.moderation == .consensus
                ? "Not every value is agreed yet (\(left.slots - left.agreed) to go). Agree them all first."
                : "Some values are still missing. Sign off when every value is in."
        } else if StageBoard.outstanding(chair).isEmpty {
            mode = .confirmSignOff
        } else {
            mode = .signOffAnyway(reason: TextField(), scroll: 0)
        }
    }

    private mutating func startShortlist(_ chair: ChairData) {
        guard chair.boardBids.indices.contains(selected) else { return }
        let bid = chair.boardBids[selected].id
        guard let stages = chair.board.stages, stages.current > 0, let decision = stages.decisionIntoCurrent(bid: bid) else {
            problem = chair.board.stages == nil ? "This tender is not scored in stages, so there is no shortlist."
                : "There is no shortlist to change yet: sign off the first stage (S) to draw it up."
            return
        }
        mode = .shortlist(stage: stages.stages[stages.current - 1].id, bid: bid, goesOn: !decision.goesOn, reason: TextField())
    }

    private mutating func startReopenBid(_ chair: ChairData, scorers: [Member]) {
        guard chair.boardBids.indices.contains(selected), scorers.indices.contains(column) else { return }
        let bid = chair.boardBids[selected].id, member = scorers[column]
        let progress = chair.board.progress[member.id]?[bid]
        if progress?.conflicted == true {
            problem = "\(member.name) declared a conflict with \(bid), so there is nothing to reopen."
        } else if progress?.submitted != true {
            problem = "\(member.name) has not submitted \(bid), so it is open already. Choose a ✓ with ←→ and ↑↓."
        } else {
            mode = .reopenBid(bid: bid, member: member.id, reason: TextField())
        }
    }

    /// Enter (or Y) in a mode that asks: carries it out once it has what it needs.
    private mutating func confirm() -> [Effect] {
        guard let reason = reason?.text.trimmingCharacters(in: .whitespaces) else {
            mode = .browse // "Sign off now?" answered Y
            return [stageSigningOff.map { .signOffStage(stage: $0, anyway: "") } ?? .signOff(anyway: "")]
        }
        guard !reason.isEmpty else {
            problem = "Type why, then press Enter. Esc goes back."
            return []
        }
        let effect: Effect
        switch mode {
        case .signOffAnyway: effect = stageSigningOff.map { .signOffStage(stage: $0, anyway: reason) } ?? .signOff(anyway: reason)
        case let .shortlist(stage, bid, goesOn, _): effect = .overrideShortlist(stage: stage, bid: bid, goesOn: goesOn, reason: reason)
        case let .reopenBid(bid, member, _): effect = .reopenBid(bid: bid, member: member, reason: reason)
        default: effect = .reopenEvaluation(reason: reason)
        }
        mode = .browse
        problem = nil
        return [effect]
    }

    /// The members the board has a column for: those whose role scores.
    static func scorers(_ chair: ChairData) -> [Member] {
        chair.panel.members.filter { chair.board.progress[$0.id] != nil }
    }
}
