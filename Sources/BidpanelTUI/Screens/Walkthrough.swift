import BidpanelCore

/// Scoring one bid, one criterion (or matrix principle) per screen. Every
/// value is saved the moment it is picked; the comment when Enter is
/// pressed or the step is left.
public struct Walkthrough: Sendable, Equatable {
    public enum Focus: Sendable, Equatable { case choices, comment }
    public enum Navigation: Sendable, Equatable { case review, bidList, handOver }
    /// Where the member was going when they tried to leave a pick that
    /// needs a comment without writing one.
    public enum Leaving: Sendable, Equatable { case step(Int), review, bidList, handOver }

    public var bid: Bid
    public var steps: [Step]
    public var index = 0
    public var values: [Slot: SavedValue]
    /// Submitted (or observing): everything shows, nothing changes.
    public var readOnly: Bool
    public var submitted: Bool
    /// The evaluation is signed off (read-only for everyone).
    public var signedOff = false
    public var focus = Focus.choices
    /// The choice the arrow keys are on.
    public var highlighted: Int?
    public var comment = TextField()
    public var answerScroll = 0
    /// Picked but not saved yet: this criterion needs a comment first.
    public var pending: Value?
    /// Picked and on its way to the file: drawn at once, marked "saving…"
    /// until the durable write answers, so no frame waits for the disk.
    public var saving: Value?
    public var problem: String?
    /// Opened from the review to change one value: Enter goes back there.
    public var returnToReview = false
    /// The "read it all" page (M) and how far down it is.
    public var readingAll = false
    public var readAllScroll = 0
    /// Set while asking "write why, or drop the pick?".
    public var leaving: Leaving?
    /// Picks the member chose to drop because their criterion needs a comment
    /// and they wrote none: the review lists them, so none goes unnoticed.
    public var dropped: [Slot: Value] = [:]
    /// The keys that pick on this step's scale, lowest first.
    public var choiceKeys: [Character] = []
    /// Young assessors: the question as the bidders were asked it shows too (Q).
    public var showingAsked = false

    public init(bid: Bid, steps: [Step], values: [Slot: SavedValue], submitted: Bool, readOnly: Bool, panel: Panel, plain: Bool) {
        self.bid = bid
        self.steps = steps
        self.values = values
        self.submitted = submitted
        self.readOnly = readOnly || submitted
        // Start at the first step still to score.
        index = steps.firstIndex { values[$0.slot(bid: bid.id)] == nil } ?? 0
        enterStep(panel: panel, plain: plain)
    }

    public var step: Step { steps[index] }
    var slot: Slot { step.slot(bid: bid.id) }
    var isTyping: Bool { focus == .comment }

    mutating func enterStep(panel: Panel, plain: Bool) {
        let saved = values[slot]
        comment = TextField(saved?.comment ?? "")
        // A dropped pick is where the highlight starts, so picking it again is one key.
        let shown = saved?.value ?? dropped[slot]
        let choices = Steps.choices(for: step, panel: panel, plain: plain)
        choiceKeys = choices.map(\.key)
        highlighted = shown.flatMap { value in choices.firstIndex { $0.value == value } }
        focus = .choices
        answerScroll = 0
        pending = nil
        saving = nil
        problem = nil
        leaving = nil
    }

    /// A pick held for a comment that has not been written: leaving now
    /// would lose it, so the member is asked first.
    public var holdsUnsavedPick: Bool {
        !readOnly && pending != nil && comment.text.trimmingCharacters(in: .whitespaces).isEmpty
    }

    /// Saves a comment typed but not yet saved (leaving the step, a signal, a lock).
    mutating func flush() -> [Effect] {
        guard !readOnly else { return [] }
        let text = comment.text.trimmingCharacters(in: .whitespaces)
        if let value = pending {
            guard !text.isEmpty else { return [] }
            return [.record(slot, SavedValue(value: value, comment: text))]
        }
        guard let saved = values[slot], saved.comment != text else { return [] }
        if step.criterion.commentRequired && text.isEmpty { return [] }
        return [.record(slot, SavedValue(value: saved.value, comment: text))]
    }

    mutating func go(to newIndex: Int, panel: Panel, plain: Bool) -> [Effect] {
        let effects = flush()
        index = min(max(0, newIndex), steps.count - 1)
        enterStep(panel: panel, plain: plain)
        return effects
    }

    mutating func update(_ key: Key, size: Size, panel: Panel, plain: Bool) -> (effects: [Effect], navigation: Navigation?) {
        guard let command = keyMap(plain: plain).command(for: key) else {
            if focus == .comment && leaving == nil && !readingAll {
                _ = comment.handle(key)
            } else if !readingAll, leaving == nil, case let .character(character) = key, character.isNumber, !readOnly,
                      let first = choiceKeys.first, let last = choiceKeys.last {
                problem = "\(character) is not on this scale: use \(first) to \(last)."
            }
            return ([], nil)
        }
        switch command {
        case .readLine, .readPage, .closeReadAll:
            updateReadAll(command, key: key, size: size, panel: panel, plain: plain)
            return ([], nil)
        case .writeWhy, .dropPick:
            guard let leaving else { return ([], nil) }
            return answerLeaving(command, leaving, panel: panel, plain: plain)
        default: break
        }
        let choices = Steps.choices(for: step, panel: panel, plain: plain)
        let atEnd = index == steps.count - 1
        // Scrolling stops where the answer ends, so PgUp always moves at once.
        var lastScroll: Int {
            max(0, answerLines(width: size.width, panel: panel).count - layout(size: size, panel: panel, plain: plain).answerRows)
        }
        switch command {
        case .answerDown: answerScroll = min(lastScroll, answerScroll + 4); return ([], nil)
        case .answerUp: answerScroll = max(0, min(lastScroll, answerScroll) - 4); return ([], nil)
        case .saveComment:
            if step.criterion.commentRequired && comment.text.trimmingCharacters(in: .whitespaces).isEmpty {
                problem = plain ? "Please write why you gave this score." : "This criterion needs a comment: say briefly why."
                return ([], nil)
            }
            if values[slot] == nil && pending == nil {
                problem = plain ? "Pick a score first." : "Pick a score first, then add your comment."
                focus = .choices
                return ([], nil)
            }
            if atEnd || returnToReview {
                let effects = flush()
                focus = .choices
                returnToReview = false
                return (effects, .review)
            }
            return (go(to: index + 1, panel: panel, plain: plain), nil)
        case .backToScore:
            focus = .choices
            return (flush(), nil)
        default: break
        }
        let target: Leaving? = switch command {
        case .step: key == .right ? (atEnd ? .review : .step(index + 1)) : .step(index - 1)
        case .review: .review
        case .bidList: .bidList
        default: nil
        }
        if let target, holdsUnsavedPick {
            leaving = target
            problem = nil
            return ([], nil)
        }
        switch command {
        case .step where key == .right: return (go(to: index + 1, panel: panel, plain: plain), atEnd ? .review : nil)
        case .step: return (go(to: index - 1, panel: panel, plain: plain), nil)
        case .readAll:
            readingAll = true
            readAllScroll = 0
        case .askedQuestion: showingAsked.toggle()
        case .review: return (flush(), .review)
        case .bidList: return (flush(), .bidList)
        case .highlight:
            guard !choices.isEmpty else { break }
            // Ladder rungs are drawn top down, highest first; everything else lowest first.
            let upIsHigher = step.criterion.kind == .ladder
            let delta = (key == .up) == upIsHigher ? 1 : -1
            // Nothing highlighted yet: the cursor is on the top row, so move from there.
            let top = upIsHigher ? choices.count - 1 : 0
            if highlighted == nil && (key == .up) {
                highlighted = top
            } else {
                highlighted = min(max(0, (highlighted ?? top) + delta), choices.count - 1)
            }
        case .comment:
            guard values[slot] != nil || pending != nil else {
                problem = plain ? "Pick a score first. Then you can say why." : "Pick a score first; the comment goes with it."
                break
            }
            focus = .comment
        case .choose:
            if let highlighted, choices.indices.contains(highlighted) {
                return (choose(choices[highlighted], plain: plain), nil)
            }
            if values[slot] != nil { return (go(to: index + 1, panel: panel, plain: plain), atEnd ? .review : nil) }
            problem = plain ? "Pick a number first." : "Pick a score with a key, or with ↑ ↓ and Enter."
        case .pick:
            guard case let .character(character) = key else { break }
            let lowered = Character(character.lowercased())
            if let choice = choices.firstIndex(where: { $0.key == lowered }) {
                if !readOnly { highlighted = choice }
                return (choose(choices[choice], plain: plain), nil)
            }
        default: break
        }
        return ([], nil)
    }

    /// Picks a choice: saved at once (unless a comment must come first),
    /// then the comment line takes the keys.
    mutating func choose(_ choice: Choice, plain: Bool) -> [Effect] {
        guard !readOnly else {
            problem = lockedReason(plain: plain)
            return []
        }
        problem = nil
        focus = .comment
        dropped[slot] = nil
        let text = comment.text.trimmingCharacters(in: .whitespaces)
        if step.criterion.commentRequired && text.isEmpty {
            pending = choice.value
            problem = plain ? "Now write why. Then press Enter." : "This criterion needs a comment before it is saved: say briefly why."
            return []
        }
        pending = nil
        saving = choice.value
        return [.record(slot, SavedValue(value: choice.value, comment: text))]
    }

    mutating func saved(_ savedSlot: Slot, _ value: SavedValue) {
        values[savedSlot] = value
        dropped[savedSlot] = nil
        if savedSlot == slot { pending = nil; saving = nil }
    }

    /// The answer to "write why, or drop the pick?": W (or Enter, Tab, Esc)
    /// goes to the comment; D drops the pick and goes where the member was going.
    mutating func answerLeaving(_ command: Command, _ target: Leaving, panel: Panel, plain: Bool)
        -> (effects: [Effect], navigation: Navigation?) {
        leaving = nil
        guard command == .dropPick else {
            focus = .comment
            return ([], nil)
        }
        if let pending { dropped[slot] = pending }
        pending = nil
        switch target {
        case let .step(newIndex): return (go(to: newIndex, panel: panel, plain: plain), nil)
        case .review: return (go(to: index, panel: panel, plain: plain), .review)
        case .bidList: return (flush(), .bidList)
        case .handOver: return (flush(), .handOver)
        }
    }
}
