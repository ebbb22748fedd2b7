import BidpanelCore

/// The chair's decision on a tied lot, from the totals: D picks one of the
/// tied bids and asks why; U takes a decision back, also with a reason.
/// The store checks the lot is still tied (`MemberSession.decideTie`).
extension TotalsScreen {
    /// A decision being made (or undone): which lot, which of its tied bids, and why.
    public struct TieChoice: Sendable, Equatable {
        public var lot: String
        public var bids: [String]
        public var choice = 0
        public var undo = false
        public var reason = TextField()
    }

    public enum TieCommand: Sendable, Equatable { case nextBid, otherLot, confirm, cancel }

    static func tieKeyMap(_ choice: TieChoice) -> KeyMap<TieCommand> {
        var bindings: [KeyBinding<TieCommand>] = [
            KeyBinding([.enter], "Enter", choice.undo ? "undo it" : "record",
                       help: "records it once you have typed why. The reason goes into the audit log and the report.", .confirm),
            KeyBinding([.escape], "Esc", "cancel", help: "goes back to the totals; nothing changes.", .cancel),
        ]
        if !choice.undo {
            bindings.insert(KeyBinding([.tab], "Tab", "next bid", help: "chooses the next of the tied bids.", .nextBid), at: 0)
        }
        bindings.insert(KeyBinding([.up, .down], "↑↓", "other lot", help: "moves to another lot to decide.", .otherLot), at: 0)
        return KeyMap(bindings, common: [])
    }

    /// The lots D can decide: tied now, or decided by the chair already
    /// (deciding again changes it). In the panel file's order.
    static func tiedLots(_ chair: ChairData) -> [(lot: String, bids: [String])] {
        guard let awards = awards(chair) else { return [] }
        return awards.decisions.compactMap { $0.outcome.tiedBids.isEmpty ? nil : ($0.lot, $0.outcome.tiedBids) }
    }

    /// The awards the totals show (in stages, on each lot's final result).
    static func awards(_ chair: ChairData) -> LotAwards? {
        guard !chair.panel.lots.isEmpty else { return nil }
        return StageBoard.tender(chair)?.awards ?? chair.tender?.awards
    }

    /// D or U: starts deciding, or says why there is nothing to decide.
    mutating func startTie(undo: Bool, chair: ChairData) -> String? {
        guard !chair.panel.lots.isEmpty else { return "This tender is not split into lots, so no lot can be tied." }
        if chair.signedOff { return "The evaluation is signed off: reopen it first to change a decision." }
        if undo {
            let decided = chair.board.tieDecisions
            guard let first = decided.first else { return "You have not decided any tied lot, so there is nothing to undo." }
            tie = TieChoice(lot: first.lot, bids: [first.bid], undo: true)
            return nil
        }
        let lots = Self.tiedLots(chair)
        guard let first = lots.first else { return "No lot is tied, so there is nothing to decide." }
        tie = TieChoice(lot: first.lot, bids: first.bids)
        let earlier = chair.board.tieDecisions.first { $0.lot == first.lot }
        if let earlier, let index = first.bids.firstIndex(of: earlier.bid) { tie?.choice = index }
        return nil
    }

    /// A key while deciding: the effect to carry out, if any, and a problem to show.
    mutating func updateTie(_ key: Key, chair: ChairData) -> (effects: [Effect], problem: String?) {
        guard var choice = tie else { return ([], nil) }
        guard let command = Self.tieKeyMap(choice).command(for: key) else {
            _ = choice.reason.handle(key)
            tie = choice
            return ([], nil)
        }
        switch command {
        case .cancel:
            tie = nil
        case .nextBid:
            choice.choice = (choice.choice + 1) % max(1, choice.bids.count)
            tie = choice
        case .otherLot:
            let lots: [(lot: String, bids: [String])] = choice.undo
                ? chair.board.tieDecisions.map { ($0.lot, [$0.bid]) } : Self.tiedLots(chair)
            guard let here = lots.firstIndex(where: { $0.lot == choice.lot }), lots.count > 1 else { return ([], nil) }
            let next = lots[(here + (key == .up ? lots.count - 1 : 1)) % lots.count]
            choice.lot = next.lot
            choice.bids = next.bids
            choice.choice = 0
            tie = choice
        case .confirm:
            let reason = choice.reason.text.trimmingCharacters(in: .whitespaces)
            guard !reason.isEmpty else { return ([], "Type why, then press Enter. Esc goes back.") }
            tie = nil
            return (choice.undo ? [.undoTieDecision(lot: choice.lot, reason: reason)]
                : [.decideTie(lot: choice.lot, bid: choice.bids[choice.choice], reason: reason)], nil)
        }
        return ([], nil)
    }

    /// The question on the prompt line, with the reason's field.
    func renderTie(_ canvas: inout Canvas, _ choice: TieChoice) -> Point {
        let width = canvas.size.width, y = canvas.size.height - 4
        let question = choice.undo
            ? "Undo your decision on lot \(choice.lot) (\(choice.bids.first ?? ""))? Why:"
            : "Lot \(choice.lot) is tied: \(choice.bids.enumerated().map { $0.offset == choice.choice ? "[\($0.element)]" : $0.element }.joined(separator: " ")) · "
                + "\(choice.bids[choice.choice]) wins. Why:"
        canvas.put(DisplayWidth.truncate(SafeText.line(question), to: width - 4), x: 2, y: y, style: .bold, tint: .accent)
        canvas.put(DisplayWidth.pad("", to: width - 4), x: 2, y: y + 1)
        return choice.reason.draw(on: &canvas, x: 2, y: y + 1, width: width - 4)
    }

    static func tieDecidedStatus(lot: String, bid: String?) -> String {
        bid.map { "Lot \(lot) goes to \($0), your decision. The reason is kept in the audit log and the report." }
            ?? "Your decision on lot \(lot) is undone. The reason is kept in the audit log."
    }
}
