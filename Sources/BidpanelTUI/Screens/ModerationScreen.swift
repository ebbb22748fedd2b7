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

    /// "0-5", "0-6" or "P/F": the keys that choose on this item.
    static func keyRange(_ choices: [Choice], step: Step) -> String {
        step.criterion.kind == .passFail
            ? "P/F" : "\(choices.first.map { String($0.key) } ?? "")-\(choices.last.map { String($0.key) } ?? "")"
    }
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
        reason.cursor = 0 // a saved reason reads from its start
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
                problem = nil
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
            if let picked = choices.firstIndex(where: { $0.key == lower }) {
                choose(picked, chair: chair)
            } else if let step = step(panel: chair.panel) {
                problem = "Choose with \(Self.keyRange(choices, step: step)), or ↑ ↓ and Enter."
            }
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
        reason.cursor = reason.text.count
        let waiting = SlotReview.of(slot, panel: chair.panel, sheet: chair.board.sheet).entries
            .filter { $0.value == nil && $0.leftOut == nil }.count
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

    /// What the members' values come to, in the item's own terms.
    static func membersSummary(_ review: SlotReview, step: Step) -> String {
        let counted = review.entries.filter { $0.leftOut == nil }.compactMap(\.value)
        guard !counted.isEmpty, let mean = review.mean else { return "" }
        switch step.criterion.kind {
        case .passFail:
            let passes = counted.filter { $0 == .pass(true) }.count
            return " Members: \(passes) pass, \(counted.count - passes) fail."
        case .ladder:
            // Rungs are numbered from 0 on screen, as the engine and the docs count them.
            return " Members' mean: rung \(mean.formatted(places: 2))."
        default:
            return " Members' mean: \(mean.formatted(places: 2))."
        }
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
        let bottom = height - 8 - choicesRows // first row below the members' block
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
        let counted = review.entries.filter { $0.leftOut == nil && $0.value != nil }.count
        if let spread = review.spread, counted >= 2 {
            let share = review.range.isZero ? Exact.zero : spread / review.range * Exact(100)
            let label = { (number: Exact) in
                choices.first { $0.value.number == number }.map { "\($0.key) \($0.label)" } ?? number.formatted(places: 2)
            }
            let spreadText = spread.isInteger ? spread.description : spread.formatted(places: 2)
            let unit = step.criterion.kind == .ladder ? (spread == .one ? " rung" : " rungs")
                : step.criterion.kind == .matrix ? (spread == .one ? " level" : " levels") : ""
            var text = step.criterion.kind == .passFail
                ? (spread.isZero ? "Members agree." : "Members differ: some said pass, some fail.")
                : spread.isZero ? "Spread: none. Every member gave \(label(review.low!))."
                : "Spread: \(spreadText)\(unit), from \(label(review.low!)) to \(label(review.high!)) (\(share.formatted(places: 0))% of the scale)"
            if review.discuss { text += " ⚑ DISCUSS" }
            canvas.put(DisplayWidth.truncate(text, to: width - 4), x: 2, y: y, style: review.discuss ? .bold : [],
                       tint: review.discuss ? .problem : .plain)
        } else {
            canvas.put("Spread: too few values to compare yet.", x: 2, y: y, style: .dim)
        }
        let agreed: String
        if let moderated = review.moderated {
            agreed = "Agreed: \(Steps.describe(moderated.value, for: step, panel: panel)). Reason: \(moderated.reason)"
        } else {
            agreed = "Agreed: not yet." + Self.membersSummary(review, step: step)
        }
        Chrome.paragraph(&canvas, agreed, x: 2, y: y + 1, width: width - 4, maxLines: 2,
                         style: review.moderated == nil ? .dim : [], tint: review.moderated == nil ? .plain : .good)
        y += 1

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
            : [(Self.keyRange(choices, step: step), "choose"), ("←→", "item"), ("D", "next to discuss"), ("Esc", "board"),
               ("?", "help"), ("Ctrl+X", "hand over")])
        return cursor
    }
}
