import BidpanelCore

/// `?` opens help for the screen underneath; any key closes it.
/// A screen declares its keys once (`KeyMap`); its help is a few lines of
/// what the screen is for, then the lines its key map writes. Long help
/// scrolls with ↓ and ↑; any other key closes it.
enum HelpScreen {
    /// The text width inside the help box at this window size.
    static func textWidth(_ size: Size) -> Int { max(20, size.width - 8) }

    static func lines(for screen: Screen, plain: Bool, chair: Bool = false, width: Int = 72) -> [String] {
        var lines: [String]
        switch screen {
        case .signIn:
            return SignInScreen.help(width: width) + closing
        case .conflicts:
            return ConflictScreen.help(plain: plain, width: width) + closing
        case .bidList:
            return BidListScreen.help(chair: chair, width: width) + closing
        case let .walkthrough(walk):
            return walk.help(plain: plain, width: width) + closing
        case let .board(board):
            return PanelBoardScreen.help(board, width: width) + closing
        case let .moderation(moderation):
            return moderation.help(width: width) + closing
        case .totals:
            return TotalsScreen.help(width: width) + closing
        case let .review(review):
            return review.help(width: width) + closing
        }
        lines += [
            "",
            "Ctrl+X hands the terminal to the next person: you are signed out and",
            "your work stays saved. Ctrl+L redraws the screen.",
        ] + closing
        return lines
    }

    static let closing = ["", "The screen locks itself after a while with no keys pressed.", "Press any key to close this help."]

    /// How far the help can scroll at this size (0 when it all fits).
    static func lastScroll(for state: AppState) -> Int {
        let count = lines(for: state.screen, plain: state.plainWording, chair: state.isChair,
                          width: textWidth(state.size)).count
        return max(0, count - (state.size.height - 4))
    }

    static func render(_ canvas: inout Canvas, screen: Screen, plain: Bool, chair: Bool = false, scroll: Int = 0) -> Point? {
        let all = lines(for: screen, plain: plain, chair: chair, width: textWidth(canvas.size))
        let rows = canvas.size.height - 4
        let first = max(0, min(scroll, all.count - rows))
        var lines = Array(all.dropFirst(first).prefix(rows))
        // A help longer than the window says there is more, rather than cutting it off unseen.
        if first + rows < all.count, !lines.isEmpty { lines[lines.count - 1] = "↓ more (↑ ↓ scroll; any other key closes)" }
        let width = min(canvas.size.width - 4, (lines.map(DisplayWidth.of).max() ?? 40) + 4)
        let height = min(canvas.size.height - 2, lines.count + 2)
        let left = (canvas.size.width - width) / 2, top = max(1, (canvas.size.height - height) / 2)
        for y in top..<(top + height) { canvas.fill(y: y, from: left, to: left + width) }
        canvas.put("┌" + String(repeating: "─", count: width - 2) + "┐", x: left, y: top)
        canvas.put("└" + String(repeating: "─", count: width - 2) + "┘", x: left, y: top + height - 1)
        for y in (top + 1)..<(top + height - 1) {
            canvas.put("│", x: left, y: y)
            canvas.put("│", x: left + width - 1, y: y)
        }
        canvas.put(" Help ", x: left + 2, y: top, style: .bold)
        for (offset, line) in lines.prefix(height - 2).enumerated() {
            canvas.put(DisplayWidth.truncate(line, to: width - 4), x: left + 2, y: top + 1 + offset,
                       style: offset == 0 && first == 0 ? .bold : [])
        }
        return Point(x: left + 2, y: top + 1)
    }
}

/// Below 80×24 nothing else is drawn: the screens would not fit.
enum TooSmallScreen {
    static func render(_ canvas: inout Canvas) -> Point? {
        let size = canvas.size
        let lines = ["Please make the window bigger.",
                     "bidpanel needs at least 80 × 24.",
                     "It is now \(size.width) × \(size.height)."]
        let top = max(0, size.height / 2 - 1)
        for (offset, line) in lines.enumerated() {
            let shown = DisplayWidth.truncate(line, to: size.width)
            canvas.put(shown, x: max(0, (size.width - DisplayWidth.of(shown)) / 2), y: top + offset, style: offset == 0 ? .bold : [])
        }
        return Point(x: max(0, (size.width - DisplayWidth.of(lines[0])) / 2), y: top)
    }
}
