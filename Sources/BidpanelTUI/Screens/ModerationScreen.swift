import BidpanelCore
import BidpanelStore

/// The chair agrees one value at a time for a bid: every member's value and
/// comment side by side (scrolling, however many there are), the spread and
/// a discuss mark, then the agreed value with a reason and, if the chair
/// likes, a note. Members' own values are never changed. Where the chair
/// scores the bid too, the others' values stay hidden until the chair has
/// submitted their own or said they are not scoring it.
public struct ModerationScreen: Sendable, Equatable {
    /// What keys go to: the choices, a text being typed, the bidder's
    /// answer, or a yes/no question.
    public enum Focus: Sendable, Equatable { case choices, reason, note, answer, confirmExclude, confirmNotScoring }

    public var bid: Bid
    public var slots: [Slot]
    public var index = 0
    public var focus = Focus.choices
    /// The highlighted choice, by position in the step's choices.
    public var highlighted: Int?
    public var reason = TextField()
    public var note = TextField()
    public var problem: String?
    /// The first member shown in the members' block: it pages by whole
    /// members, so a page never starts with the tail of a wrapped name.
    public var memberScroll = 0
    /// The window the screen was last laid out for: whether the members'
    /// list needs PgDn at all depends on it.
    public var size = Size(width: 80, height: 24)
    /// The first line of the bidder's answer shown.
    public var answerScroll = 0
    /// The others' values are hidden from the chair (see `ChairIndependence`).
    public var hidden = false
    /// The keys that choose on this item ("0"…"5", or "f" and "p").
    public var chooseKeys: [Character] = []

    public init(bid: Bid, chair: ChairData, size: Size = Size(width: 80, height: 24)) {
        self.bid = bid
        self.size = size
        slots = chair.slots(bid: bid.id)
        enter(chair: chair)
    }

    var slot: Slot { slots[index] }
    var isTyping: Bool { focus == .reason || focus == .note }

    func step(panel: Panel) -> Step? {
        guard let criterion = panel.criterion(id: slot.criterion) else { return nil }
        let principle = slot.principle.flatMap { id in panel.matrix.principles.first { $0.id == id } }
        return Step(criterion: criterion, principle: principle, scored: true)
    }

    func choices(_ chair: ChairData) -> [Choice] {
        step(panel: chair.panel).map { Steps.choices(for: $0, panel: chair.panel, plain: false) } ?? []
    }

    // MARK: - Keys

    public enum Command: Sendable, Equatable {
        case choose, highlight, pick, changeItem, nextToDiscuss, scrollMembers
        case showAnswer, scrollAnswer, closeAnswer, writeNote, scoreOwn, notScoring
        case save, cancel, edit, yes, no, board
    }

    /// The keys for the mode the screen is in: with the others' values
    /// hidden, typing a reason or a note, reading the answer, or a Y/N question.
    static func keyMap(focus: Focus, hidden: Bool, chooseKeys: [Character], membersScroll: Bool = true) -> KeyMap<Command> {
        let text = KeyBinding<Command>([.backspace, .delete, .left, .right, .home, .end, .control("a"), .control("e"), .control("u")],
                                       "Ctrl+U", "clear", help: "clears what you typed; ← → Home End move in the text.", .edit)
        switch focus {
        case .reason:
            return KeyMap([
                KeyBinding([.enter], "Enter", "save agreed value", help: "saves the agreed value with this reason. A reason is always needed.", .save),
                KeyBinding([.escape], "Esc", "back to choices", help: "goes back to the choices without saving.", .cancel),
                text,
            ], common: [])
        case .note:
            return KeyMap([
                KeyBinding([.enter], "Enter", "save note", help: "saves the note on this item. An empty note removes it.", .save),
                KeyBinding([.escape], "Esc", "back", help: "goes back without saving the note.", .cancel),
                text,
            ], common: [])
        case .confirmExclude:
            return KeyMap([
                .letter("y", "agree it", help: "agrees the value even though it excludes the bid.", .yes),
                KeyBinding([.character("n"), .character("N"), .escape], "N", "no", help: "goes back to the reason without saving.", .no),
            ], common: [])
        case .confirmNotScoring:
            return KeyMap([
                .letter("y", "not scoring it", help: "records that you are not scoring this bid. You then record nothing for it.", .yes),
                KeyBinding([.character("n"), .character("N"), .escape], "N", "no", help: "goes back without recording anything.", .no),
            ], common: [])
        case .answer:
            return KeyMap([
                KeyBinding([.down, .pageDown, .character(" ")], "↓ PgDn", "more", help: "shows more of the bidder's answer.", .scrollAnswer),
                KeyBinding([.up, .pageUp], "↑ PgUp", "back", help: "goes back up the answer.", .scrollAnswer),
                KeyBinding([.escape, .character("a"), .character("A")], "Esc", "close", help: "closes the answer (A does too).", .closeAnswer),
            ], common: [.help])
        case .choices:
            var bindings: [KeyBinding<Command>] = []
            if hidden {
                bindings += [
                    .letter("o", "score it", help: "opens your own scoring of this bid. Submit it to see the others' values.", .scoreOwn),
                    .letter("i", "not scoring it", help: "\"I am not scoring this bid\": says you are not scoring this bid (it asks first, and is kept in the audit log). The others' values then show.", .notScoring),
                ]
            } else {
                bindings += [
                    KeyBinding(chooseKeys.flatMap { [Key.character($0), .character(Character($0.uppercased()))] }.uniqued(),
                               Steps.keyRange(chooseKeys), "choose",
                               help: "chooses the agreed value by its number (or P or F); then type the reason.", .choose),
                    KeyBinding([.up, .down], "↑↓", "highlight", help: "move along the choices; Enter chooses the highlighted one.", inBar: false, .highlight),
                    KeyBinding([.enter], "Enter", "choose", help: "chooses the highlighted value.", inBar: false, .pick),
                ]
            }
            bindings += [
                KeyBinding([.left, .right], "←→", "item", help: "go to the previous or the next item of this bid.", .changeItem),
                .letter("a", "answer", help: "shows the bidder's answer for this item.", .showAnswer),
            ]
            if !hidden {
                bindings += [
                    .letter("d", "discuss", help: "jumps to the next item not agreed yet where members differ widely (⚑).", .nextToDiscuss),
                    .letter("n", "note", help: "writes a note on this item, besides the reason: it goes in the audit log and the printed report.", .writeNote),
                ]
                if membersScroll {
                    bindings.append(KeyBinding([.pageDown, .pageUp], "PgDn", "members",
                                               help: "shows the next page of members (PgUp goes back up).", .scrollMembers))
                }
            }
            bindings.append(KeyBinding([.escape], "Esc", "board", help: "goes back to the panel board.", .board))
            // Ctrl+X works here too (help lists it); the bar has no room for it.
            return KeyMap(bindings, common: [.help])
        }
    }

    /// "0–5", "1–7" or "P/F": how the bar names the keys that choose.
    var keyMap: KeyMap<Command> {
        Self.keyMap(focus: focus, hidden: hidden, chooseKeys: chooseKeys, membersScroll: membersScroll)
    }

    /// Set from the layout whenever the screen changes: the list is longer than its rows.
    public var membersScroll = true

    func help(width: Int) -> [String] {
        var lines = ["Agreeing values (chair)",
                     "You see every member's value and comment; they are never changed.",
                     "⚑ DISCUSS means members differ by at least the panel's set spread.",
                     "A warning shows before you agree a value that would exclude the bid."]
        if hidden {
            lines += ["You score this bid too. So that your score is your own, the others'",
                      "values stay hidden until you submit yours or say you are not scoring it."]
        }
        return lines + [""] + keyMap.helpLines(width: width)
    }

    // MARK: - Update

    /// Starts an item where the file stands: the agreed value, its reason and note.
    mutating func enter(chair: ChairData) {
        focus = .choices
        problem = nil
        answerScroll = 0
        let moderated = chair.board.sheet.moderatedValue(at: slot)
        let choices = choices(chair)
        highlighted = moderated.flatMap { value in choices.firstIndex { $0.value == value.value } }
        reason = TextField(moderated?.reason ?? "")
        reason.cursor = 0 // a saved reason reads from its start
        note = TextField(chair.board.moderationNotes.notes[slot]?.text ?? "")
        note.cursor = 0
        refresh(chair: chair)
    }

    /// After the file changed: whether the others' values may show now.
    mutating func refresh(chair: ChairData) {
        hidden = !independence(chair).othersVisible
        chooseKeys = choices(chair).map(\.key)
        if hidden, focus != .answer, focus != .confirmNotScoring { focus = .choices }
        membersScroll = memberPage(chair: chair).scrolls
    }

    func independence(_ chair: ChairData) -> ChairIndependence {
        chair.independence(bid: bid.id)
    }

    enum Navigation { case board }

    mutating func update(_ key: Key, chair: ChairData, size: Size? = nil) -> (effects: [Effect], navigation: Navigation?) {
        if let size { self.size = size }
        defer { membersScroll = memberPage(chair: chair).scrolls }
        guard let command = keyMap.command(for: key) else {
            if isTyping {
                _ = focus == .reason ? reason.handle(key) : note.handle(key)
                if focus == .reason, problem?.hasPrefix("Give a reason") == true { problem = nil }
            } else if focus == .choices, !hidden, case .character = key {
                problem = "Choose with \(Steps.keyRange(chooseKeys)), or ↑ ↓ and Enter."
            }
            return ([], nil)
        }
        let choices = choices(chair)
        switch command {
        case .edit:
            _ = focus == .reason ? reason.handle(key) : note.handle(key)
        case .save where focus == .note:
            focus = .choices
            problem = nil
            return ([.noteItem(slot, note: note.text.trimmingCharacters(in: .whitespaces))], nil)
        case .save:
            let text = reason.text.trimmingCharacters(in: .whitespaces)
            guard let highlighted, choices.indices.contains(highlighted) else { focus = .choices; return ([], nil) }
            guard !text.isEmpty else {
                problem = "Give a reason: say briefly why the panel agreed this value."
                return ([], nil)
            }
            if step(panel: chair.panel)?.criterion.excludes(choices[highlighted].value) == true {
                focus = .confirmExclude
                problem = nil
                return ([], nil)
            }
            problem = nil
            return ([.moderate(slot, choices[highlighted].value, reason: text)], nil)
        case .cancel:
            focus = .choices
            problem = nil
        case .yes where focus == .confirmExclude:
            guard let highlighted, choices.indices.contains(highlighted) else { focus = .choices; return ([], nil) }
            focus = .reason
            return ([.moderate(slot, choices[highlighted].value, reason: reason.text.trimmingCharacters(in: .whitespaces))], nil)
        case .no where focus == .confirmExclude:
            focus = .reason
        case .yes:
            focus = .choices
            return ([.declareNotScoring(bid: bid.id)], nil)
        case .no:
            focus = .choices
        case .showAnswer:
            focus = .answer
            answerScroll = 0
        case .scrollAnswer:
            answerScroll = max(0, answerScroll + (key == .up ? -1 : key == .pageUp ? -10 : key == .down ? 1 : 10))
        case .closeAnswer:
            focus = .choices
        case .board:
            return ([], .board)
        case .changeItem:
            problem = nil
            move(to: index + (key == .left ? -1 : 1), chair: chair)
        case .scrollMembers:
            memberScroll = key == .pageUp ? previousMemberPage(chair: chair) : nextMemberPage(chair: chair)
        case .nextToDiscuss:
            let order = slots.indices.map { (index + 1 + $0) % slots.count }
            let next = order.first { i in
                chair.board.sheet.moderatedValue(at: slots[i]) == nil
                    && SlotReview.of(slots[i], panel: chair.panel, sheet: chair.board.sheet).discuss
            }
            if let next { move(to: next, chair: chair) } else { problem = "Nothing in this bid is left to discuss." }
        case .highlight:
            problem = nil
            highlighted = key == .up ? max(0, (highlighted ?? choices.count) - 1) : min(choices.count - 1, (highlighted ?? -1) + 1)
        case .pick:
            choose(highlighted, chair: chair)
        case .choose:
            guard case let .character(character) = key else { break }
            let lower = Character(character.lowercased())
            choose(choices.firstIndex { $0.key == lower }, chair: chair)
        case .writeNote:
            if chair.signedOff {
                problem = "The evaluation is signed off, so notes cannot change. Reopen it from the board (R)."
            } else {
                focus = .note
                note.cursor = note.text.count
                problem = nil
            }
        case .scoreOwn:
            return ([.openBid(bid.id)], nil)
        case .notScoring:
            focus = .confirmNotScoring
            problem = nil
        }
        return ([], nil)
    }

    private mutating func choose(_ picked: Int?, chair: ChairData) {
        guard let picked else { problem = "Choose the agreed value first: its number, or ↑ ↓ and Enter."; return }
        if chair.signedOff {
            problem = "The evaluation is signed off, so values cannot change. Reopen it from the board (R)."
            return
        }
        highlighted = picked
        focus = .reason
        reason.cursor = reason.text.count
        problem = nil
        let notScoring = chair.board.moderationNotes.notScoring[bid.id]?.by
        let waiting = SlotReview.of(slot, panel: chair.panel, sheet: chair.board.sheet).entries
            .filter { $0.value == nil && $0.leftOut == nil && $0.member.id != notScoring }.count
        if waiting > 0 {
            problem = "Note: \(waiting) member\(waiting == 1 ? " has" : "s have") not scored this yet."
        }
    }

    mutating func move(to newIndex: Int, chair: ChairData) {
        guard slots.indices.contains(newIndex) else { return }
        index = newIndex
        enter(chair: chair)
    }

    /// After a save: on to the next value still to agree, or stay if none.
    mutating func saved(chair: ChairData) {
        let order = slots.indices.map { (index + 1 + $0) % slots.count }
        let next = order.first { chair.board.sheet.moderatedValue(at: slots[$0]) == nil }
        move(to: next ?? index, chair: chair)
    }

    /// What the members' values come to, in the item's own terms, over
    /// every member whose value counts (not only those on screen).
    static func membersSummary(_ review: SlotReview, step: Step) -> String {
        let counted = review.entries.filter { $0.leftOut == nil }.compactMap(\.value)
        guard !counted.isEmpty, let mean = review.mean else { return "" }
        let over = "over all \(counted.count) value\(counted.count == 1 ? "" : "s") in"
        switch step.criterion.kind {
        case .passFail:
            let passes = counted.filter { $0 == .pass(true) }.count
            return " Members: \(passes) pass, \(counted.count - passes) fail."
        case .ladder:
            return " Members' mean: rung \(mean.formatted(places: 2)), \(over)."
        default:
            return " Members' mean: \(mean.formatted(places: 2)), \(over)."
        }
    }
}

extension ChairData {
    /// The chair's independence on a bid, from the live board.
    func independence(bid: String) -> ChairIndependence {
        guard let chairID = panel.members.first(where: { $0.role == .chair })?.id else { return .notAScorer }
        return board.chairIndependence(chair: chairID, bid: bid)
    }
}

fileprivate extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
