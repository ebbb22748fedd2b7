import BidpanelCore
import BidpanelStore

/// The chair's board: who has scored and submitted what, bid by bid, and
/// how much the chair has agreed. It follows the evaluation file live.
public struct PanelBoardScreen: Sendable, Equatable {
    public var selected = 0
    public var confirmingSignOff = false
    /// The reason being typed to reopen a signed-off evaluation.
    public var reopenReason: TextField?
    public var problem: String?

    public init() {}

    var isTyping: Bool { reopenReason != nil }

    enum Navigation { case moderate(String), totals, ownScores }

    mutating func update(_ key: Key, chair: ChairData) -> (effects: [Effect], navigation: Navigation?) {
        let bids = chair.panel.bids
        if confirmingSignOff {
            confirmingSignOff = false
            if key == .character("y") || key == .character("Y") { return ([.signOff], nil) }
            problem = nil
            return ([], nil)
        }
        if var field = reopenReason {
            switch key {
            case .escape:
                reopenReason = nil
                problem = nil
            case .enter:
                let reason = field.text.trimmingCharacters(in: .whitespaces)
                guard !reason.isEmpty else {
                    problem = "Type why the evaluation is being reopened, then press Enter."
                    return ([], nil)
                }
                reopenReason = nil
                problem = nil
                return ([.reopenEvaluation(reason: reason)], nil)
            default:
                _ = field.handle(key)
                reopenReason = field
            }
            return ([], nil)
        }
        problem = nil
        switch key {
        case .up: selected = max(0, selected - 1)
        case .down, .tab: selected = min(max(0, bids.count - 1), selected + 1)
        case .home: selected = 0
        case .end: selected = max(0, bids.count - 1)
        case .enter, .character(" "):
            guard bids.indices.contains(selected) else { return ([], nil) }
            return ([], .moderate(bids[selected].id))
        case .character("t"), .character("T"): return ([], .totals)
        case .character("o"), .character("O"): return ([], .ownScores)
        case .character("p"), .character("P"): return ([.printReport], nil)
        case .character("s"), .character("S"):
            if chair.signedOff {
                problem = "It is already signed off. Press R to reopen it, with a reason."
            } else if !chair.result.complete {
                let left = chair.overall()
                problem = chair.panel.scoring.moderation == .consensus
                    ? "Not every value is agreed yet (\(left.slots - left.agreed) to go). Agree them all first."
                    : "Some values are still missing. Sign off when every value is in."
            } else {
                confirmingSignOff = true
            }
        case .character("r"), .character("R"):
            if chair.signedOff { reopenReason = TextField() } else { problem = "It is not signed off, so there is nothing to reopen." }
        default: break
        }
        return ([], nil)
    }

    func render(_ canvas: inout Canvas, state: AppState, session: Session, chair: ChairData) -> Point? {
        let width = canvas.size.width, height = canvas.size.height
        Chrome.memberTitleBar(&canvas, state: state, session: session)
        canvas.put("Panel board", x: 2, y: 2, style: .bold)
        if let when = chair.board.signedOffAt {
            let text = "SIGNED OFF \(ChairWording.time(when)) · read only"
            canvas.put(text, x: width - DisplayWidth.of(text) - 2, y: 2, style: .bold, tint: .good)
        } else {
            let text = "Open · updates as members score"
            canvas.put(text, x: width - DisplayWidth.of(text) - 2, y: 2, style: .dim)
        }
        let counts = chair.overall()
        canvas.put(DisplayWidth.truncate("Values in: \(counts.values) of \(counts.expected) · Agreed: \(counts.agreed) of \(counts.slots) · To discuss: \(counts.discuss)", to: width - 4),
                   x: 2, y: 3)

        let members = chair.panel.members.filter { chair.board.progress[$0.id] != nil }
        let fixed = 2 + 6 + 9 + 9
        let column = max(5, min(10, (width - 2 - fixed) / max(members.count, 1)))
        var header = "  " + DisplayWidth.pad("Bid", to: 6)
        for name in Self.shortNames(members) { header += DisplayWidth.pad(DisplayWidth.truncate(name, to: column - 1), to: column) }
        header += DisplayWidth.pad("Agreed", to: 9) + "Discuss"
        canvas.put(DisplayWidth.truncate(header, to: width - 2), x: 2, y: 5, style: .underline)

        let top = 6
        let rows = max(1, height - top - 5)
        let bids = chair.panel.bids
        let first = max(0, min(selected - rows + 1, bids.count - rows))
        var cursor: Point?
        for (row, bid) in bids.dropFirst(first).prefix(rows).enumerated() {
            let index = first + row, focused = index == selected
            var line = (focused ? "▸ " : "  ") + DisplayWidth.pad(bid.id, to: 6)
            for member in members {
                line += DisplayWidth.pad(Self.cell(chair.board.progress[member.id]?[bid.id]), to: column)
            }
            let moderation = chair.moderation(bid: bid.id)
            line += DisplayWidth.pad("\(moderation.agreed)/\(moderation.slots)", to: 9)
            line += moderation.toDiscuss > 0 ? "\(moderation.toDiscuss) ⚑" : ""
            canvas.put(DisplayWidth.truncate(line, to: width - 2), x: 2, y: top + row, style: focused ? .reverse : [])
            if focused { cursor = Point(x: 4, y: top + row) }
        }
        let legend = "✓ submitted   3/7 values in   – conflict   · nothing yet   ⚑ to discuss"
        canvas.put(DisplayWidth.truncate(legend, to: width - 4), x: 2, y: height - 4, style: .dim)
        if let field = reopenReason {
            let label = "Why reopen it? "
            canvas.put(label, x: 2, y: height - 3, style: .bold)
            cursor = field.draw(on: &canvas, x: 2 + DisplayWidth.of(label), y: height - 3,
                                width: width - 4 - DisplayWidth.of(label))
            if let problem { Chrome.statusLine(&canvas, Status(problem, tone: .problem)) }
        } else if confirmingSignOff {
            canvas.put(DisplayWidth.truncate("Sign off now? The evaluation becomes read-only. Y signs off; any other key goes back.", to: width - 4),
                       x: 2, y: height - 3, style: .bold, tint: .accent)
        } else {
            Chrome.problemLine(&canvas, problem)
        }
        if problem == nil && reopenReason == nil && !confirmingSignOff { Chrome.statusLine(&canvas, state.status) }
        Chrome.keyBar(&canvas, reopenReason != nil
            ? [("Enter", "reopen"), ("Esc", "cancel")]
            : [("Enter", "open"), ("T", "totals"), (chair.signedOff ? "R" : "S", chair.signedOff ? "reopen" : "sign off"),
               ("P", "print"), ("O", "my scores"), ("?", "help"), ("Ctrl+X", "hand over")])
        return cursor
    }

    /// First names where they are enough to tell members apart.
    static func shortNames(_ members: [Member]) -> [String] {
        let first = members.map { String($0.name.split(separator: " ").first ?? Substring($0.name)) }
        return zip(members, first).map { member, name in first.filter { $0 == name }.count == 1 ? name : member.name }
    }

    static func cell(_ progress: BidProgress?) -> String {
        guard let progress else { return "" }
        if progress.conflicted { return "–" }
        if progress.submitted { return "✓" }
        if progress.recorded == 0 { return "·" }
        return "\(progress.recorded)/\(progress.needed)"
    }
}

/// Wording the chair's screens share.
enum ChairWording {
    /// The board before the first read of the file has come back.
    static func loading(_ canvas: inout Canvas, state: AppState, session: Session) -> Point? {
        Chrome.memberTitleBar(&canvas, state: state, session: session)
        canvas.put("Reading the evaluation file…", x: 2, y: 2, style: .bold)
        return Point(x: 2, y: 2)
    }

    /// "2026-11-22T14:02:11.123Z" → "22 Nov 2026 14:02 UTC" (stored in UTC).
    static func time(_ stored: String) -> String {
        let parts = stored.split(whereSeparator: { $0 == "T" || $0 == " " })
        let date = parts.first.map { $0.split(separator: "-") } ?? []
        guard date.count == 3, let month = Int(date[1]), (1...12).contains(month) else { return stored }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let day = Int(date[2]).map(String.init) ?? String(date[2])
        let clock = parts.count > 1 ? " " + parts[1].prefix(5) + " UTC" : ""
        return "\(day) \(months[month - 1]) \(date[0])\(clock)"
    }
}
