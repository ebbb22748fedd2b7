import BidpanelCore

/// The chair agrees one value at a time for a bid: every member's value and
/// comment side by side, the spread and a discuss mark, then the agreed
/// value with a reason. Members' own values are never changed.
public struct ModerationScreen: Sendable, Equatable {
    public enum Focus: Sendable, Equatable { case choices, reason }

    public var bid: Bid
    public var slots: [Slot]
    public var index = 0
    public var focus = Focus.choices
    /// The highlighted choice, by position in the step's choices.
    public var highlighted: Int?
    public var reason = TextField()
    public var problem: String?

    public init(bid: Bid, chair: ChairData) {
        self.bid = bid
        slots = chair.slots(bid: bid.id)
        enter(chair: chair)
    }

    var slot: Slot { slots[index] }
    var isTyping: Bool { focus == .reason }

    func step(panel: Panel) -> Step? {
        guard let criterion = panel.criterion(id: slot.criterion) else { return nil }
        let principle = slot.principle.flatMap { id in panel.matrix.principles.first { $0.id == id } }
        return Step(criterion: criterion, principle: principle, scored: true)
    }

    /// Starts an item where the file stands: the agreed value and its reason
    /// if there is one.
    mutating func enter(chair: ChairData) {
        focus = .choices
        problem = nil
        let moderated = chair.board.sheet.moderatedValue(at: slot)
        let choices = step(panel: chair.panel).map { Steps.choices(for: $0, panel: chair.panel, plain: false) } ?? []
        highlighted = moderated.flatMap { value in choices.firstIndex { $0.value == value.value } }
        reason = TextField(moderated?.reason ?? "")
    }

    enum Navigation { case board }

    mutating func update(_ key: Key, chair: ChairData) -> (effects: [Effect], navigation: Navigation?) {
        let choices = step(panel: chair.panel).map { Steps.choices(for: $0, panel: chair.panel, plain: false) } ?? []
        if focus == .reason {
            switch key {
            case .escape:
                focus = .choices
                problem = nil
            case .enter:
                let text = reason.text.trimmingCharacters(in: .whitespaces)
                guard let highlighted, choices.indices.contains(highlighted) else { focus = .choices; return ([], nil) }
                guard !text.isEmpty else {
                    problem = "Give a reason: say briefly why the panel agreed this value."
                    return ([], nil)
                }
                problem = nil
                return ([.moderate(slot, choices[highlighted].value, reason: text)], nil)
            default:
                _ = reason.handle(key)
            }
            return ([], nil)
        }
        problem = nil
        switch key {
        case .escape: return ([], .board)
        case .left, .pageUp: move(to: index - 1, chair: chair)
        case .right, .pageDown: move(to: index + 1, chair: chair)
        case .character("d"), .character("D"):
            let order = slots.indices.map { (index + 1 + $0) % slots.count }
            let next = order.first { i in
                chair.board.sheet.moderatedValue(at: slots[i]) == nil
                    && SlotReview.of(slots[i], panel: chair.panel, sheet: chair.board.sheet).discuss
            }
            if let next { move(to: next, chair: chair) } else { problem = "Nothing in this bid is left to discuss." }
        case .up: highlighted = max(0, (highlighted ?? choices.count) - 1)
        case .down: highlighted = min(choices.count - 1, (highlighted ?? -1) + 1)
        case .enter: choose(highlighted, chair: chair)
        case let .character(character):
            let lower = Character(character.lowercased())
            if let picked = choices.firstIndex(where: { $0.key == lower }) { choose(picked, chair: chair) }
        default: break
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

    func render(_ canvas: inout Canvas, state: AppState, chair: ChairData) -> Point? {
        let width = canvas.size.width, height = canvas.size.height
        let panel = chair.panel
        Chrome.titleBar(&canvas, left: "Moderate · Bid \(bid.id) · \(bid.bidder)", right: "Item \(index + 1) of \(slots.count)")
        guard let step = step(panel: panel) else { return nil }
        let review = SlotReview.of(slot, panel: panel, sheet: chair.board.sheet)
        let choices = Steps.choices(for: step, panel: panel, plain: false)
        let weight = step.criterion.kind == .passFail ? "pass or fail" : "weight \(step.criterion.weight)"
        canvas.put(DisplayWidth.truncate(step.title, to: width - DisplayWidth.of(weight) - 6), x: 2, y: 2, style: .bold)
        canvas.put(weight, x: width - DisplayWidth.of(weight) - 2, y: 2, style: .dim)

        // Members' values, originals as recorded.
        let nameWidth = min(16, max(8, (review.entries.map { DisplayWidth.of($0.member.name) }.max() ?? 8) + 2))
        let valueWidth = min(22, max(8, (choices.map { DisplayWidth.of("\($0.key) \($0.label)") }.max() ?? 8) + 2))
        let commentX = 2 + nameWidth + valueWidth, commentWidth = width - commentX - 2
        canvas.put(DisplayWidth.pad("Member", to: nameWidth) + DisplayWidth.pad("Value", to: valueWidth) + "Comment",
                   x: 2, y: 4, style: .underline)
        let choicesRows = (choices.count + 1) / 2
        let bottom = height - 7 - choicesRows // first row below the members' block
        var spare = max(0, bottom - 5 - review.entries.count)
        var y = 5
        for entry in review.entries where y < bottom {
            canvas.put(DisplayWidth.truncate(entry.member.name, to: nameWidth - 1), x: 2, y: y)
            switch (entry.value, entry.leftOut) {
            case (_, .conflict?):
                canvas.put("conflict: left out", x: 2 + nameWidth, y: y, style: .dim)
            case (nil, nil):
                canvas.put("not yet", x: 2 + nameWidth, y: y, style: .dim)
            case let (value?, nil):
                canvas.put(Steps.describe(value, for: step, panel: panel), x: 2 + nameWidth, y: y)
                var lines = DisplayWidth.wrap(entry.comment, width: commentWidth)
                let extra = min(max(0, lines.count - 1), spare)
                if lines.count > extra + 1 {
                    lines = Array(lines.prefix(extra + 1))
                    lines[extra] = DisplayWidth.truncate(lines[extra] + " …", to: commentWidth)
                }
                spare -= extra
                for line in lines where y < bottom {
                    canvas.put(line, x: commentX, y: y)
                    y += 1
                }
                continue
            }
            y += 1
        }
        y = bottom
        if let spread = review.spread {
            let share = review.range.isZero ? Exact.zero : spread / review.range * Exact(100)
            let number = { (value: Exact) in value.isInteger ? value.description : value.formatted(places: 2) }
            var text = step.criterion.kind == .passFail
                ? (spread.isZero ? "Members agree." : "Members differ: some said pass, some fail.")
                : "Spread: \(number(spread)) (from \(number(review.low!)) to \(number(review.high!))), \(share.formatted(places: 0))% of the scale"
            if review.discuss { text += " · ⚑ DISCUSS: members differ widely" }
            canvas.put(DisplayWidth.truncate(text, to: width - 4), x: 2, y: y, style: review.discuss ? .bold : [],
                       tint: review.discuss ? .problem : .plain)
        } else {
            canvas.put("Spread: too few values to compare yet.", x: 2, y: y, style: .dim)
        }
        let agreed: String
        if let moderated = review.moderated {
            agreed = "Agreed: \(Steps.describe(moderated.value, for: step, panel: panel)). Reason: \(moderated.reason)"
        } else {
            agreed = "Agreed: not yet." + (review.mean.map { " Members' mean: \($0.formatted(places: 2))." } ?? "")
        }
        canvas.put(DisplayWidth.truncate(agreed, to: width - 4), x: 2, y: y + 1, style: review.moderated == nil ? .dim : [],
                   tint: review.moderated == nil ? .plain : .good)

        canvas.put(chair.signedOff ? "Signed off: read only." : "The agreed value:", x: 2, y: y + 2, style: .bold)
        var cursor: Point?
        let columnWidth = (width - 4) / 2
        for (offset, choice) in choices.enumerated() {
            let column = offset / choicesRows, row = offset % choicesRows
            let focused = offset == highlighted
            let text = DisplayWidth.truncate("\(choice.key)  \(choice.label)", to: columnWidth - 4)
            let x = 2 + column * columnWidth, cy = y + 3 + row
            canvas.put((focused ? "▸ " : "  ") + text, x: x, y: cy, style: focused ? .reverse : [])
            if focused && focus == .choices { cursor = Point(x: x + 2, y: cy) }
        }
        let reasonY = y + 3 + choicesRows
        canvas.put("Reason: ", x: 2, y: reasonY, style: focus == .reason ? .bold : .dim)
        let field = reason.draw(on: &canvas, x: 10, y: reasonY, width: width - 12, style: focus == .reason ? .underline : [])
        if focus == .reason { cursor = field }
        if cursor == nil { cursor = Point(x: 2, y: y + 2) }

        Chrome.problemLine(&canvas, problem)
        if problem == nil { Chrome.statusLine(&canvas, state.status) }
        Chrome.keyBar(&canvas, focus == .reason
            ? [("Enter", "save agreed value"), ("Esc", "back to choices"), ("Ctrl+U", "clear")]
            : [("0-9", "choose"), ("←→", "item"), ("D", "next to discuss"), ("Esc", "board"), ("?", "help"), ("Ctrl+X", "hand over")])
        return cursor
    }
}
