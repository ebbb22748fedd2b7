import BidpanelCore

/// Every value this member gave a bid, before they submit it. Submitting
/// locks the bid for them until the chair reopens it.
public struct ReviewScreen: Sendable, Equatable {
    public var walkthrough: Walkthrough
    public var selected = 0
    public var confirming = false
    public var problem: String?

    public init(walkthrough: Walkthrough) {
        self.walkthrough = walkthrough
        selected = walkthrough.index
    }

    var missing: [Step] {
        walkthrough.steps.filter { walkthrough.values[$0.slot(bid: walkthrough.bid.id)] == nil }
    }

    enum Navigation { case step(Int), bidList }

    /// Beside a step whose pick was dropped for want of a comment, and in
    /// full under the list when it is the focused step.
    static let droppedNote = "dropped: say why"
    static func droppedDetail(_ picked: String) -> String {
        "You dropped your pick \(picked): this one needs a comment to be saved. Press Enter to pick it again and say why."
    }

    public enum Command: Sendable, Equatable { case move, first, last, change, submit, bids, yes, no }

    /// The keys: the list, or the Y/N question before submitting.
    static func keyMap(confirming: Bool, readOnly: Bool) -> KeyMap<Command> {
        if confirming {
            return KeyMap([
                .letter("y", "yes, submit", help: "yes: the bid is submitted and your values lock, until the chair reopens it.", .yes),
                KeyBinding([.character("n"), .character("N"), .escape], "N", "no, go back", help: "no: nothing changes.", .no),
            ], common: [])
        }
        var bindings: [KeyBinding<Command>] = [
            KeyBinding([.up, .down, .tab], "↑↓", "choose", help: "moves up and down your scores.", .move),
            KeyBinding([.enter], "Enter", "change", help: "goes back to that step to change it; Enter there comes back here.", .change),
        ]
        bindings.append(.letter("s", "submit", help: readOnly ? "says why this bid cannot be submitted now."
                                    : "submits the bid once every step is scored. A Y/N question comes first. After that the bid is locked for you; only the chair can open it again.",
                                inBar: !readOnly, .submit))
        bindings += [
            KeyBinding([.escape], "Esc", "all bids", help: "goes back to the list of bids.", .bids),
            KeyBinding([.home], "Home", "first", help: "goes to the first step.", inBar: false, .first),
            KeyBinding([.end], "End", "last", help: "goes to the last step.", inBar: false, .last),
        ]
        return KeyMap(bindings)
    }

    var keyMap: KeyMap<Command> { Self.keyMap(confirming: confirming, readOnly: walkthrough.readOnly) }

    func help(width: Int) -> [String] {
        HelpIntro.lines("Checking your scores", "This lists every score you gave this bid, with anything not scored yet.",
                        width: width) + Self.keyMap(confirming: false, readOnly: walkthrough.readOnly).helpLines(width: width)
    }

    mutating func update(_ key: Key, plain: Bool) -> (effects: [Effect], navigation: Navigation?) {
        let steps = walkthrough.steps
        guard let command = keyMap.command(for: key) else { return ([], nil) }
        switch command {
        case .yes:
            confirming = false
            return ([.submit(bid: walkthrough.bid.id)], nil)
        case .no: confirming = false
        case .move: selected = key == .up ? max(0, selected - 1) : min(steps.count - 1, selected + 1)
        case .first: selected = 0
        case .last: selected = steps.count - 1
        case .change: return ([], .step(selected))
        case .bids: return ([], .bidList)
        case .submit:
            if walkthrough.readOnly {
                problem = walkthrough.signedOff || !walkthrough.submitted
                    ? walkthrough.lockedReason(plain: plain) : "You have already submitted this bid."
            } else if let first = missing.first {
                problem = (plain ? "Still to score: " : "Not scored yet: ") + missing.map(\.title).joined(separator: ", ")
                selected = steps.firstIndex(of: first) ?? selected
            } else {
                problem = nil
                confirming = true
            }
        }
        return ([], nil)
    }

    func render(_ canvas: inout Canvas, state: AppState, session: Session) -> Point? {
        let width = canvas.size.width, height = canvas.size.height
        let bid = walkthrough.bid
        Chrome.titleBar(&canvas, left: "Bid \(bid.titleWithLot)", right: "Review")
        let intro = walkthrough.signedOff
            ? "The evaluation is signed off. These are the values you gave; they cannot change now."
            : walkthrough.submitted
            ? "You have submitted this bid. These are the values you gave."
            : session.plainWording
                ? "Check your scores. Press Enter on one to change it. Press S to send them in."
                : "Check your values. Enter opens a step to change it; S submits the bid."
        canvas.put(DisplayWidth.truncate(intro, to: width - 2), x: 1, y: 2)

        let valueWidth = min(24, walkthrough.steps.map { step in
            walkthrough.values[step.slot(bid: bid.id)].map { DisplayWidth.of(Steps.describe($0.value, for: step, panel: state.panel)) }
                ?? DisplayWidth.of("not scored")
        }.max() ?? 12)
        // Titles give way so that comments, when there are any, keep at least 20 columns.
        let anyComment = !walkthrough.dropped.isEmpty
            || walkthrough.steps.contains { walkthrough.values[$0.slot(bid: bid.id)]?.comment.isEmpty == false }
        let titleWidth = min(walkthrough.steps.map { DisplayWidth.of($0.title) }.max() ?? 10,
                             width - 2 - 2 - valueWidth - 2 - (anyComment ? 2 + 20 : 0))
        let top = 4
        let rows = max(1, height - top - 5)
        let first = max(0, min(selected - rows + 1, walkthrough.steps.count - rows))
        var cursor: Point? = nil
        for (row, step) in walkthrough.steps.enumerated().dropFirst(first).prefix(rows) {
            let y = top + row - first
            let saved = walkthrough.values[step.slot(bid: bid.id)]
            let focused = row == selected && !confirming
            let value = saved.map { Steps.describe($0.value, for: step, panel: state.panel) } ?? "not scored"
            var line = (focused ? "▸ " : "  ") + DisplayWidth.pad(step.title, to: titleWidth) + "  " + DisplayWidth.pad(value, to: valueWidth)
            if let comment = saved?.comment, !comment.isEmpty { line += "  " + comment }
            if saved == nil, walkthrough.dropped[step.slot(bid: bid.id)] != nil { line += "  " + Self.droppedNote }
            canvas.put(DisplayWidth.truncate(line, to: width - 2), x: 1, y: y,
                       style: focused ? .reverse : (saved == nil ? .bold : []), tint: saved == nil ? .warning : .plain)
            if focused { cursor = Point(x: 3, y: y) }
        }

        let scored = walkthrough.steps.count - missing.count
        var summary = "\(scored) of \(walkthrough.steps.count) scored"
        if missing.isEmpty && !walkthrough.readOnly {
            summary += session.plainWording ? ". All done: press S to send them in." : ". Complete: press S to submit."
        }
        canvas.put(summary, x: 1, y: height - 4, style: .bold)
        // The focused value's whole comment, which the list may cut short.
        let focusedStep = walkthrough.steps[min(selected, walkthrough.steps.count - 1)]
        let focusedSaved = walkthrough.values[focusedStep.slot(bid: bid.id)]
        let detail = focusedSaved.flatMap { $0.comment.isEmpty ? nil : "Comment: " + $0.comment }
            ?? (focusedSaved == nil ? walkthrough.dropped[focusedStep.slot(bid: bid.id)].map {
                Self.droppedDetail(Steps.describe($0, for: focusedStep, panel: state.panel))
            } : nil)
        if !confirming, let detail {
            let listEnd = top + min(rows, walkthrough.steps.count)
            let free = height - 4 - listEnd - 1
            if free >= 1 {
                Chrome.paragraph(&canvas, detail, x: 3, y: listEnd + 1, width: width - 5, maxLines: min(3, free), style: .dim)
            }
        }
        if confirming {
            let question = session.plainWording
                ? "Send in your scores for bid \(bid.id)? Then only the chair can undo it. Y yes, N no"
                : "Submit bid \(bid.id)? Your values lock until the chair reopens it. Y yes, N no"
            canvas.put(DisplayWidth.truncate(question, to: width - 2), x: 1, y: height - 3, style: .bold, tint: .warning)
            cursor = Point(x: min(width - 1, 1 + DisplayWidth.of(question)), y: height - 3)
        } else {
            Chrome.problemLine(&canvas, problem, x: 1)
            Chrome.statusLine(&canvas, problem == nil ? state.status : nil)
        }
        Chrome.keyBar(&canvas, keyMap)
        return cursor
    }
}
