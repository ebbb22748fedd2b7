import BidpanelCore
import BidpanelStore

/// Every bid with this member's progress; conflicted bids are shown but
/// cannot be opened.
public struct BidListScreen: Sendable, Equatable {
    public var selected = 0
    public var problem: String?

    public init() {}

    mutating func update(_ key: Key, session: Session) -> [Effect] {
        let count = session.bids.count
        switch key {
        case .up: selected = max(0, selected - 1)
        case .down, .tab: selected = min(max(0, count - 1), selected + 1)
        case .home: selected = 0
        case .end: selected = max(0, count - 1)
        case .enter, .character(" "):
            guard session.bids.indices.contains(selected) else { return [] }
            let bid = session.bids[selected]
            if session.progress[bid.id]?.conflicted == true {
                problem = "You declared a conflict with bid \(bid.id), so it is not available to you."
                return []
            }
            problem = nil
            return [.openBid(bid.id)]
        case let .character(digit) where digit.isNumber:
            if let index = session.bids.firstIndex(where: { $0.id.hasSuffix(String(digit)) }) { selected = index }
        default: break
        }
        return []
    }

    static func progressText(_ progress: BidProgress?, session: Session) -> String {
        guard let progress else { return "" }
        if progress.conflicted { return "conflict: not available" }
        if !session.scores { return "read only" }
        if progress.submitted { return "✓ submitted" }
        if progress.recorded == 0 { return "not started" }
        return "\(progress.recorded) of \(progress.needed) scored"
    }

    func render(_ canvas: inout Canvas, state: AppState, session: Session) -> Point? {
        let width = canvas.size.width
        Chrome.memberTitleBar(&canvas, state: state, session: session)
        canvas.put("The bids", x: 2, y: 2, style: .bold)
        let intro = session.scores
            ? "Choose a bid and press Enter to score it. Your scores save as you go."
            : "You are observing: you can read each bid and its questions, but not score."
        canvas.put(DisplayWidth.truncate(intro, to: width - 4), x: 2, y: 3)

        let showPrice = session.bids.contains { $0.price != nil }
        let money = Money(currency: state.panel.tender.currency)
        let priceWidth = showPrice ? max(7, session.bids.compactMap { $0.price.map { DisplayWidth.of(money.format($0)) } }.max() ?? 0) + 2 : 0
        let progressWidth = 23
        let bidderWidth = min(max(10, width - 2 - 2 - 5 - priceWidth - progressWidth - 1),
                              max(10, (session.bids.map { DisplayWidth.of($0.bidder) }.max() ?? 10) + 2))
        let header = "  " + DisplayWidth.pad("Bid", to: 5) + DisplayWidth.pad("Bidder", to: bidderWidth)
            + (showPrice ? DisplayWidth.pad("Price", to: priceWidth - 2, right: true) + "  " : "") + "Your progress"
        canvas.put(header, x: 2, y: 5, style: .underline)

        let top = 6
        let rows = max(1, canvas.size.height - top - 3)
        let first = max(0, min(selected - rows + 1, session.bids.count - rows))
        var cursor: Point? = nil
        for (row, bid) in session.bids.dropFirst(first).prefix(rows).enumerated() {
            let index = first + row
            let progress = session.progress[bid.id]
            let focused = index == selected
            let price = showPrice ? DisplayWidth.pad(bid.price.map { money.format($0) } ?? "", to: priceWidth - 2, right: true) + "  " : ""
            let line = (focused ? "▸ " : "  ") + DisplayWidth.pad(bid.id, to: 5) + DisplayWidth.pad(bid.bidder, to: bidderWidth)
                + price + DisplayWidth.pad(Self.progressText(progress, session: session), to: progressWidth)
            let dim = progress?.conflicted == true
            canvas.put(line, x: 2, y: top + row, style: focused ? .reverse : (dim ? .dim : []),
                       tint: progress?.submitted == true ? .good : .plain)
            if focused { cursor = Point(x: 4, y: top + row) }
        }
        Chrome.problemLine(&canvas, problem)
        Chrome.keyBar(&canvas, session.member.role == .chair
            ? [("↑↓", "choose"), ("Enter", "open"), ("B", "panel board"), ("C", "add a conflict"), ("?", "help"), ("Ctrl+X", "hand over")]
            : [("↑↓", "choose"), ("Enter", "open"), ("C", "add a conflict"), ("?", "help"), ("Ctrl+X", "hand over")])
        return cursor
    }
}
