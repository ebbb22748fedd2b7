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
    /// Bids already declared (coming back from the bid list to add more).
    public var declared: Set<String> = []
    /// Waiting for Y/N after "I have no conflicts".
    public var confirmingNone = false

    public init(declared: Set<String> = []) { self.declared = declared }

    /// Coming back later: the first row returns to the bids instead.
    var isLater: Bool { !declared.isEmpty || returnsToBids }
    public var returnsToBids = false
    /// Set when the member leaves without declaring anything new.
    var backToBids = false

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
        if confirmingNone {
            switch key {
            case .character("y"), .character("Y"):
                confirmingNone = false
                return [.declareConflicts([])]
            case .character("n"), .character("N"), .escape:
                confirmingNone = false
            default: break
            }
            return []
        }
        let doneRow = bids.count + 1
        switch key {
        case .up: focus = max(0, focus - 1); problem = nil
        case .down, .tab: focus = min(doneRow, focus + 1); problem = nil
        case .escape where isLater:
            backToBids = true
            return []
        case .character(" "), .enter:
            if focus == 0 {
                // A declaration: Enter and a yes, never a stray Space.
                guard key == .enter else { return [] }
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
            if declared.contains(bid) {
                problem = "Bid \(bid) is already declared. Only the chair can change that."
                return []
            }
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
        canvas.put(isLater ? "A conflict of interest you have just noticed" : "Before you see any bid: conflicts of interest",
                   x: 2, y: 2, style: .bold)
        let intro = isLater
            ? "Mark the bid and say why. You will not score it or read it after this. Your answer cannot be taken back, except by the chair."
            : session.plainWording
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
        row(0, isLater ? "No new conflicts: back to the bids" : "I have no conflicts")
        y += 1
        let bidderWidth = min(40, session.bids.map { DisplayWidth.of($0.bidder) }.max() ?? 10)
        for (offset, bid) in session.bids.enumerated() {
            let marked = reasons[bid.id] != nil || declared.contains(bid.id)
            row(offset + 1, (marked ? "[x] " : "[ ] ") + DisplayWidth.pad(bid.id, to: 4) + " " + DisplayWidth.pad(bid.bidder, to: bidderWidth)
                + (declared.contains(bid.id) ? "  declared" : ""))
            if let reason = reasons[bid.id], y < canvas.size.height - 4 {
                canvas.put("Why:", x: 8, y: y)
                // Not being typed: show the start, so a long reason reads from its beginning.
                var shown = reason
                if editing != bid.id { shown.cursor = 0 }
                let point = shown.draw(on: &canvas, x: 13, y: y, width: width - 16)
                if editing == bid.id { cursor = point }
                y += 1
            }
        }
        y += 1
        row(session.bids.count + 1, "Done: declare the bids marked [x]")
        Chrome.problemLine(&canvas, problem)
        if confirmingNone {
            let question = "No conflicts with any of these bids? Y yes, N no"
            canvas.put(question, x: 2, y: canvas.size.height - 3, style: .bold, tint: .warning)
            cursor = Point(x: 2 + DisplayWidth.of(question), y: canvas.size.height - 3)
            Chrome.keyBar(&canvas, [("Y", "yes, no conflicts"), ("N", "no, go back")])
        } else if editing != nil {
            Chrome.keyBar(&canvas, [("Enter", "done"), ("Esc", "cancel")])
        } else {
            Chrome.keyBar(&canvas, [("↑↓", "move"), ("Space", "mark"), ("Enter", "choose"), ("?", "help"), ("Ctrl+X", "hand over")])
        }
        return cursor
    }
}
