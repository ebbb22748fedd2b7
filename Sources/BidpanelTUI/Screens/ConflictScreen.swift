import BidpanelCore

/// Conflicts of interest, declared before any bid opens: "none", or which
/// bids and why. Either way a Y/N question comes first, since only the
/// chair can take a declaration back.
public struct ConflictScreen: Sendable, Equatable {
    /// 0 is "no conflicts", 1...n the bids, n + 1 "done".
    public var focus = 0
    /// Marked bids and the reason typed for each.
    public var reasons: [String: TextField] = [:]
    /// The bid whose reason is being typed.
    public var editing: String?
    public var problem: String?
    /// Bids already declared (coming back from the bid list to add more).
    public var declared: Set<String> = []
    /// Waiting for Y/N after "I have no conflicts".
    public var confirmingNone = false
    /// Waiting for Y/N after "Done": the declarations that Y sends.
    public var confirmingDeclared: [ConflictDeclaration]?

    public init(declared: Set<String> = []) { self.declared = declared }

    /// Coming back later: the first row returns to the bids instead.
    var isLater: Bool { !declared.isEmpty || returnsToBids }
    public var returnsToBids = false
    /// Set when the member leaves without declaring anything new.
    var backToBids = false

    var isTyping: Bool { editing != nil }

    public enum Command: Sendable, Equatable {
        case move, first, last, mark, choose, back
        case reasonDone, reasonCancel
        case yes, no
    }

    /// Who can undo a declaration, and how: said before Y and in help.
    static func undoNote(plain: Bool) -> String {
        plain ? "Only the chair can undo this."
              : "Only the chair can take it back, with bidpanel conflicts withdraw."
    }

    /// The keys for the state the screen is in: typing a reason, a Y/N
    /// question, or moving down the list.
    static func keyMap(editing: Bool, confirming: Bool, later: Bool) -> KeyMap<Command> {
        if editing {
            return KeyMap([
                KeyBinding([.enter, .tab], "Enter", "done", help: "keeps the reason you typed and marks the bid.", .reasonDone),
                KeyBinding([.escape], "Esc", "cancel", help: "stops typing; a bid with no reason is not marked.", .reasonCancel),
            ], common: [])
        }
        if confirming {
            return KeyMap([
                .letter("y", "yes, declare", help: "yes: your answer is saved. " + undoNote(plain: false), .yes),
                KeyBinding([.character("n"), .character("N"), .escape], "N", "no, go back",
                           help: "no: nothing is saved, and you can change what you marked.", .no),
            ], common: [])
        }
        var bindings: [KeyBinding<Command>] = [
            KeyBinding([.up, .down, .tab], "↑↓", "move", help: "moves up and down the list.", .move),
            KeyBinding([.character(" ")], "Space", "mark", help: "marks a bid you have a conflict with (then type why), or unmarks it.", .mark),
            KeyBinding([.enter], "Enter", "choose",
                       help: "chooses the line you are on: \"I have no conflicts\", a bid (to type why), or \"Done\". A Y/N question comes before anything is saved.",
                       .choose),
            KeyBinding([.home], "Home", "top", help: "goes to the top of the list.", inBar: false, .first),
            KeyBinding([.end], "End", "Done", help: "goes to \"Done\", at the bottom of the list.", inBar: false, .last),
        ]
        if later { bindings.append(KeyBinding([.escape], "Esc", "back to bids", help: "goes back to the list of bids without declaring anything.", .back)) }
        return KeyMap(bindings)
    }

    var keyMap: KeyMap<Command> {
        Self.keyMap(editing: editing != nil, confirming: confirmingNone || confirmingDeclared != nil, later: isLater)
    }

    static func help(plain: Bool, width: Int) -> [String] {
        HelpIntro.lines("Conflicts of interest",
                        "A conflict means you could gain, or someone close to you could, if a bid wins. "
                            + "If you have one, you do not score or read that bid. " + undoNote(plain: plain)
                            + " If you find a conflict later, press C on the list of bids.",
                        width: width) + keyMap(editing: false, confirming: false, later: false).helpLines(width: width)
    }

    mutating func update(_ key: Key, bids: [Bid]) -> [Effect] {
        guard let command = keyMap.command(for: key) else {
            if let bid = editing { _ = reasons[bid]?.handle(key) }
            return []
        }
        let doneRow = bids.count + 1
        switch command {
        case .reasonDone, .reasonCancel:
            guard let bid = editing else { return [] }
            editing = nil
            if reasons[bid]?.text.trimmingCharacters(in: .whitespaces).isEmpty ?? true {
                reasons[bid] = nil
                problem = command == .reasonCancel ? nil : "No reason given, so bid \(bid) is not marked."
            } else if command == .reasonDone {
                focus = min(doneRow, focus + 1)
            }
        case .yes:
            let declared = confirmingDeclared ?? []
            confirmingNone = false
            confirmingDeclared = nil
            return [.declareConflicts(declared)]
        case .no:
            confirmingNone = false
            confirmingDeclared = nil
        case .move:
            focus = key == .up ? max(0, focus - 1) : min(doneRow, focus + 1)
            problem = nil
        case .first: focus = 0; problem = nil
        case .last: focus = doneRow; problem = nil
        case .back: backToBids = true
        case .mark, .choose:
            return choose(command, bids: bids)
        }
        return []
    }

    private mutating func choose(_ command: Command, bids: [Bid]) -> [Effect] {
        if focus == 0 {
            // A declaration: Enter and a yes, never a stray Space.
            guard command == .choose else { return [] }
            if isLater {
                backToBids = true
                return []
            }
            if !reasons.isEmpty {
                problem = "You marked some bids. Unmark them first (Space), or choose Done."
                return []
            }
            confirmingNone = true
            return []
        }
        if focus == bids.count + 1 {
            guard command == .choose else { return [] }
            guard !reasons.isEmpty else {
                problem = "Mark the bids you have a conflict with, or choose \"I have no conflicts\"."
                return []
            }
            problem = nil
            confirmingDeclared = bids.compactMap { bid in
                reasons[bid.id].map { ConflictDeclaration(bid: bid.id, reason: $0.text) }
            }
            return []
        }
        let bid = bids[focus - 1].id
        problem = nil
        if declared.contains(bid) {
            problem = "Bid \(bid) is already declared. Only the chair can withdraw it."
            return []
        }
        if reasons[bid] != nil && command == .mark {
            reasons[bid] = nil
        } else {
            if reasons[bid] == nil { reasons[bid] = TextField() }
            editing = bid
        }
        return []
    }

    /// The question before Y saves anything.
    func question(plain: Bool) -> String? {
        if confirmingNone { return "No conflicts with any of these bids? Y yes, N no" }
        guard let declared = confirmingDeclared else { return nil }
        let ids = declared.map(\.bid)
        let which = ids.count <= 4 ? "bid" + (ids.count == 1 ? " " : "s ") + ids.joined(separator: ", ")
                                   : "\(ids.count) bids"
        return plain ? "Say you have a conflict with \(which)? Y yes, N no"
                     : "Declare a conflict with \(which)? Y yes, N no"
    }
}
