import BidpanelCore

/// Conflicts of interest, declared before any bid opens: "none", or which
/// bids and why.
public struct ConflictScreen: Sendable, Equatable {
    /// 0 is "no conflicts", 1...n the bids, n + 1 "done".
    public var focus = 0
    /// Marked bids and the reason typed for each.
    public var reasons: [String: TextField] = [:]
    /// The bid whose reason is being typed.
    public var editing: String?
    public var problem: String?

    public init() {}

    var isTyping: Bool { editing != nil }

    mutating func update(_ key: Key, bids: [Bid]) -> [Effect] {
        if let bid = editing {
            switch key {
            case .enter, .tab, .escape:
                editing = nil
                if reasons[bid]?.text.trimmingCharacters(in: .whitespaces).isEmpty ?? true {
                    reasons[bid] = nil
                    problem = key == .escape ? nil : "No reason given, so bid \(bid) is not marked."
                } else if key != .escape {
                    focus = min(bids.count + 1, focus + 1)
                }
            default:
                _ = reasons[bid]?.handle(key)
            }
            return []
        }
        let doneRow = bids.count + 1
        switch key {
        case .up: focus = max(0, focus - 1)
        case .down, .tab: focus = min(doneRow, focus + 1)
        case .character(" "), .enter:
            if focus == 0 {
                guard key == .enter || reasons.isEmpty else { return [] }
                if !reasons.isEmpty {
                    problem = "You marked some bids. Unmark them first (Space), or choose Done."
                    return []
                }
                return [.declareConflicts([])]
            }
            if focus == doneRow {
                guard !reasons.isEmpty else {
                    problem = "Mark the bids you have a conflict with, or choose \"I have no conflicts\"."
                    return []
                }
                let declared = bids.compactMap { bid in
                    reasons[bid.id].map { ConflictDeclaration(bid: bid.id, reason: $0.text) }
                }
                return [.declareConflicts(declared)]
            }
            let bid = bids[focus - 1].id
            problem = nil
            if reasons[bid] != nil && key == .character(" ") {
                reasons[bid] = nil
            } else {
                if reasons[bid] == nil { reasons[bid] = TextField() }
                editing = bid
            }
        default: break
        }
        return []
    }

    func render(_ canvas: inout Canvas, state: AppState, session: Session) -> Point? {
        let width = canvas.size.width
        Chrome.memberTitleBar(&canvas, state: state, session: session)
        canvas.put("Before you see any bid: conflicts of interest", x: 2, y: 2, style: .bold)
        let intro = session.plainWording
            ? "Do you know anyone who works for one of these groups, or could you gain from one of them winning? If so, mark it. If not, choose \"I have no conflicts\"."
            : "Mark any bid where you, a relative or a close associate has an interest in the bidder, and say why. You will not score or read a bid you are conflicted on."
        var y = Chrome.paragraph(&canvas, intro, x: 2, y: 3, width: width - 4, maxLines: 3) + 1

        var cursor: Point? = nil
        func row(_ index: Int, _ text: String) {
            let focused = focus == index && editing == nil
            canvas.put(DisplayWidth.truncate((focused ? "▸ " : "  ") + text, to: width - 4), x: 2, y: y, style: focused ? .reverse : [])
            if focused { cursor = Point(x: 4, y: y) }
            y += 1
        }
        row(0, "I have no conflicts")
        y += 1
        let bidderWidth = min(40, session.bids.map { DisplayWidth.of($0.bidder) }.max() ?? 10)
        for (offset, bid) in session.bids.enumerated() {
            let marked = reasons[bid.id] != nil
            row(offset + 1, (marked ? "[x] " : "[ ] ") + DisplayWidth.pad(bid.id, to: 4) + " " + DisplayWidth.pad(bid.bidder, to: bidderWidth))
            if let reason = reasons[bid.id], y < canvas.size.height - 4 {
                canvas.put("Why:", x: 8, y: y)
                let point = reason.draw(on: &canvas, x: 13, y: y, width: width - 16)
                if editing == bid.id { cursor = point }
                y += 1
            }
        }
        y += 1
        row(session.bids.count + 1, "Done: declare the bids marked [x]")
        if let problem {
            canvas.put(DisplayWidth.truncate("! " + problem, to: width - 4), x: 2, y: canvas.size.height - 3, style: .bold, tint: .problem)
        }
        if editing != nil {
            Chrome.keyBar(&canvas, [("Enter", "done"), ("Esc", "cancel")])
        } else {
            Chrome.keyBar(&canvas, [("↑↓", "move"), ("Space", "mark"), ("Enter", "choose"), ("?", "help"), ("Ctrl+X", "hand over")])
        }
        return cursor
    }
}
