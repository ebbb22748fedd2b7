import BidpanelCore
import BidpanelStore

/// Every bid with this member's progress; conflicted bids are shown but
/// cannot be opened.
public struct BidListScreen: Sendable, Equatable {
    public var selected = 0
    public var problem: String?

    public init() {}

    public enum Command: Sendable, Equatable { case move, first, last, open, board, addConflict, jump }

    /// The list's keys. The chair also has B, back to the panel board.
    static func keyMap(chair: Bool) -> KeyMap<Command> {
        var bindings: [KeyBinding<Command>] = [
            KeyBinding([.up, .down, .tab], "↑↓", "choose", help: "move up and down the list of bids.", .move),
            KeyBinding([.enter, .character(" ")], "Enter", "open", help: "opens the bid to score it. A bid you have a conflict with cannot be opened.", .open),
        ]
        if chair { bindings.append(.letter("b", "panel board", help: "goes back to the panel board.", .board)) }
        bindings += [
            .letter("c", "add a conflict", help: "adds a conflict you have only just noticed.", .addConflict),
            KeyBinding([.home], "Home", "first bid", help: "goes to the first bid.", inBar: false, .first),
            KeyBinding([.end], "End", "last bid", help: "goes to the last bid.", inBar: false, .last),
            KeyBinding((0...9).map { .character(Character(String($0))) }, "0–9", "jump",
                       help: "jumps to the bid whose number ends in that digit.", inBar: false, .jump),
        ]
        return KeyMap(bindings)
    }

    static func help(chair: Bool, width: Int) -> [String] {
        ["The bids",
         "Next to each bid you can see how far you have got.",
         ""] + keyMap(chair: chair).helpLines(width: width)
    }

    /// Keys the screen itself handles; B and C open other screens, so
    /// `AppState` carries those out.
    mutating func update(_ command: Command, key: Key, session: Session) -> [Effect] {
        let count = session.bids.count
        switch command {
        case .move:
            selected = key == .up ? max(0, selected - 1) : min(max(0, count - 1), selected + 1)
        case .first: selected = 0
        case .last: selected = max(0, count - 1)
        case .open:
            guard session.bids.indices.contains(selected) else { return [] }
            let bid = session.bids[selected]
            if session.progress[bid.id]?.conflicted == true {
                problem = "You declared a conflict with bid \(bid.id), so it is not available to you."
                return []
            }
            if let stages = session.stages, let why = StageWording.notInStage(bid.id, stages: stages, plain: session.plainWording) {
                problem = why
                return []
            }
            problem = nil
            return [.openBid(bid.id)]
        case .jump:
            if case let .character(digit) = key,
               let index = session.bids.firstIndex(where: { $0.id.hasSuffix(String(digit)) }) { selected = index }
        case .board, .addConflict: break
        }
        return []
    }

    /// A line of the list: a lot's heading, or the bid at that index.
    enum ListLine: Equatable {
        case lot(String)
        case bid(Int)
    }

    /// The bids in order; in lots, each lot's heading ("Lot north: North
    /// locality", shown safely) before its first bid.
    static func listLines(_ bids: [Bid], panel: Panel) -> [ListLine] {
        guard !panel.lots.isEmpty else { return bids.indices.map(ListLine.bid) }
        var lines: [ListLine] = [], lastLot: String?? = .none
        for (index, bid) in bids.enumerated() {
            if lastLot != .some(bid.lot) {
                let title = panel.lots.first { $0.id == bid.lot }?.title
                lines.append(.lot(SafeText.line(bid.lot.map { "Lot \($0)" + (title.map { ": " + $0 } ?? "") } ?? "No lot")))
                lastLot = .some(bid.lot)
            }
            lines.append(.bid(index))
        }
        return lines
    }

    static func progressText(_ progress: BidProgress?, session: Session, bid: String = "", panel: Panel? = nil) -> String {
        guard let progress else { return "" }
        if progress.conflicted { return "conflict: not available" }
        if let stages = session.stages, stages.currentStage != nil, !stages.inCurrentStage(bid: bid) {
            return session.plainWording ? "not picked" : "not shortlisted"
        }
        if !session.scores { return "read only" }
        // A stage whose criteria this member's role does not score (an officer at the young people's interview).
        let nothingNow = panel.flatMap { panel in session.stages.map { StageWording.scoresNothingNow($0, panel: panel, role: session.member.role) } } ?? false
        if session.stages?.currentStage != nil, progress.needed == 0 || nothingNow {
            return session.plainWording ? "nothing for you now" : "nothing to score now"
        }
        if progress.submitted { return "✓ submitted" }
        if progress.recorded == 0 { return "not started" }
        return "\(progress.recorded) of \(progress.needed) scored"
    }

    func render(_ canvas: inout Canvas, state: AppState, session: Session) -> Point? {
        let width = canvas.size.width
        Chrome.memberTitleBar(&canvas, state: state, session: session)
        canvas.put("The bids", x: 2, y: 2, style: .bold)
        let intro = session.signedOff
            ? "The evaluation is signed off. You can read your scores, but not change them."
            : session.stages.flatMap { StageWording.intro($0, plain: session.plainWording, panel: state.panel, role: session.member.role) } ?? (session.scores
            ? "Choose a bid and press Enter to score it. Your scores save as you go."
            : "You are observing: you can read each bid and its questions, but not score.")
        // Row 4 is free above the table's header: a long stage title wraps.
        Chrome.paragraph(&canvas, SafeText.line(intro), x: 2, y: 3, width: width - 4, maxLines: 2)

        let showPrice = session.bids.contains { $0.price != nil }
        let money = Money(currency: state.panel.tender.currency)
        let priceWidth = showPrice ? max(7, session.bids.compactMap { $0.price.map { DisplayWidth.of(money.format($0)) } }.max() ?? 0) + 2 : 0
        let progressWidth = 23
        let bidderWidth = min(max(10, width - 2 - 2 - 5 - priceWidth - progressWidth - 1),
                              max(10, (session.bids.map { DisplayWidth.of($0.bidder) }.max() ?? 10) + 2))
        let header = "  " + DisplayWidth.pad("Bid", to: 5) + DisplayWidth.pad("Bidder", to: bidderWidth)
            + (showPrice ? DisplayWidth.pad("Price", to: priceWidth - 2, right: true) + "  " : "") + "Your progress"
        canvas.put(header, x: 2, y: 5, style: .underline)

        let top = 6
        let rows = max(1, canvas.size.height - top - 3)
        // In lots, a heading before each lot's bids (the list is lot by lot).
        let lines = Self.listLines(session.bids, panel: state.panel)
        let focusLine = lines.firstIndex(of: .bid(selected)) ?? 0
        let first = max(0, min(focusLine - rows + 1, lines.count - rows))
        var cursor: Point? = nil
        for (row, line) in lines.dropFirst(first).prefix(rows).enumerated() {
            guard case let .bid(index) = line else {
                if case let .lot(heading) = line {
                    canvas.put(DisplayWidth.truncate(heading, to: width - 4), x: 2, y: top + row, style: .bold, tint: .accent)
                }
                continue
            }
            let bid = session.bids[index]
            let progress = session.progress[bid.id]
            let focused = index == selected
            let price = showPrice ? DisplayWidth.pad(bid.price.map { money.format($0) } ?? "", to: priceWidth - 2, right: true) + "  " : ""
            let line = (focused ? "▸ " : "  ") + DisplayWidth.pad(bid.id, to: 5) + DisplayWidth.pad(bid.bidder, to: bidderWidth)
                + price + DisplayWidth.pad(Self.progressText(progress, session: session, bid: bid.id, panel: state.panel), to: progressWidth)
            let dim = progress?.conflicted == true || session.stages.map { $0.currentStage != nil && !$0.inCurrentStage(bid: bid.id) } == true
            canvas.put(line, x: 2, y: top + row, style: focused ? .reverse : (dim ? .dim : []),
                       tint: progress?.submitted == true ? .good : .plain)
            if focused { cursor = Point(x: 4, y: top + row) }
        }
        // In a later stage, why the bid in focus is not scored now.
        if problem == nil, let stages = session.stages, session.bids.indices.contains(selected),
           let why = StageWording.notInStage(session.bids[selected].id, stages: stages, plain: session.plainWording) {
            Chrome.message(&canvas, why, x: 2, y: canvas.size.height - 3, width: width - 4, style: .dim)
        }
        Chrome.problemLine(&canvas, problem)
        Chrome.keyBar(&canvas, Self.keyMap(chair: session.member.role == .chair))
        return cursor
    }
}

extension Bid {
    /// "S1 (lot south) · Riverside Youth Arts" in a tender in lots, else
    /// "B1 · Northgate Youth Collective": what a bid's screens are titled.
    var titleWithLot: String { "\(id)\(lot.map { " (lot \($0))" } ?? "") · \(bidder)" }
}
