import BidpanelCore

/// Drawing the conflicts screen: the list scrolls, so "Done" and every bid
/// can be reached however many bids there are.
extension ConflictScreen {
    func render(_ canvas: inout Canvas, state: AppState, session: Session) -> Point? {
        let width = canvas.size.width, height = canvas.size.height
        let plain = session.plainWording
        Chrome.memberTitleBar(&canvas, state: state, session: session)
        canvas.put(isLater ? "A conflict of interest you have just noticed" : "Before you see any bid: conflicts of interest",
                   x: 2, y: 2, style: .bold)
        let intro = isLater
            ? "Mark the bid and say why. You will not score it or read it after this. " + Self.undoNote(plain: plain)
            : plain
            ? "Do you know anyone who works for one of these groups, or could you gain from one of them winning? If so, mark it. If not, choose \"I have no conflicts\"."
            : "Mark any bid where you, a relative or a close associate has an interest in the bidder, and say why. You will not score or read a bid you are conflicted on."
        // A pair declares as one: either person's conflict stops the pair.
        let pairNote = session.member.isPair ? "You two score together. If either of you has a conflict with a bid, mark it: then the pair does not score that bid. " : ""
        let top = Chrome.paragraph(&canvas, pairNote + intro, x: 2, y: 3, width: width - 4, maxLines: pairNote.isEmpty ? 3 : 5) + 1

        // Every line of the list, with the row (focus) it belongs to.
        var lines: [(text: String, row: Int?, reasonOf: String?)] = []
        lines.append(((isLater ? "No new conflicts: back to the bids" : "I have no conflicts"), 0, nil))
        lines.append(("", nil, nil))
        // Who the bidder is decides a conflict: their name gets all the room
        // the list has (the box, the id and "  declared" aside).
        let room = width - 4 - 8 - 4 - 5 - 10
        let bidderWidth = max(10, min(room, session.bids.map { DisplayWidth.of(SafeText.line($0.bidder)) }.max() ?? 10))
        for (offset, bid) in session.bids.enumerated() {
            let marked = reasons[bid.id] != nil || declared.contains(bid.id)
            lines.append(((marked ? "[x] " : "[ ] ") + DisplayWidth.pad(bid.id, to: 4) + " "
                          + DisplayWidth.pad(DisplayWidth.truncate(SafeText.line(bid.bidder), to: bidderWidth), to: bidderWidth)
                          + (declared.contains(bid.id) ? "  declared" : ""), offset + 1, nil))
            if reasons[bid.id] != nil { lines.append(("", nil, bid.id)) }
        }
        lines.append(("", nil, nil))
        lines.append(("Done: declare the bids marked [x]", session.bids.count + 1, nil))

        let asking = question(plain: plain) != nil
        let rows = max(1, height - 4 - top - (asking ? 1 : 0))
        let focusLine = editing.flatMap { bid in lines.firstIndex { $0.reasonOf == bid } }
            ?? lines.firstIndex { $0.row == focus } ?? 0
        let first = max(0, min(focusLine - rows + 1, lines.count - rows))
        let scrolls = lines.count > rows
        let textWidth = width - 4 - (scrolls ? 8 : 0)
        var cursor: Point? = nil
        for (offset, line) in lines.dropFirst(first).prefix(rows).enumerated() {
            let y = top + offset
            if let bid = line.reasonOf, let reason = reasons[bid] {
                canvas.put("Why:", x: 8, y: y)
                // Not being typed: show the start, so a long reason reads from its beginning.
                var shown = reason
                if editing != bid { shown.cursor = 0 }
                let point = shown.draw(on: &canvas, x: 13, y: y, width: textWidth - 11)
                if editing == bid { cursor = point }
                continue
            }
            guard let row = line.row else { continue }
            let focused = focus == row && editing == nil
            canvas.put(DisplayWidth.truncate((focused ? "▸ " : "  ") + line.text, to: textWidth), x: 2, y: y,
                       style: focused ? .reverse : [])
            if focused { cursor = Point(x: 4, y: y) }
        }
        // Where the list goes on, say so at its edge.
        if first > 0 { canvas.put("↑ more", x: width - 8, y: top, style: .dim) }
        if first + rows < lines.count { canvas.put("↓ more", x: width - 8, y: top + rows - 1, style: .dim) }

        Chrome.problemLine(&canvas, problem)
        if let question = question(plain: plain) {
            let note = Self.undoNote(plain: plain)
            canvas.put(DisplayWidth.truncate(note, to: width - 4), x: 2, y: height - 4, style: .bold)
            canvas.put(DisplayWidth.truncate(question, to: width - 4), x: 2, y: height - 3, style: .bold, tint: .warning)
            cursor = Point(x: min(width - 1, 2 + DisplayWidth.of(question)), y: height - 3)
        }
        Chrome.keyBar(&canvas, keyMap)
        return cursor
    }
}
