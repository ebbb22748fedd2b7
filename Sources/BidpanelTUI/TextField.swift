import BidpanelCore

/// A one-line text entry: comments, reasons, the name filter, the PIN.
public struct TextField: Sendable, Equatable {
    public var text: String = ""
    /// The insertion point, in characters.
    public var cursor: Int = 0
    public var limit: Int = 500

    public init(_ text: String = "") {
        self.text = text
        cursor = text.count
    }

    /// Applies an editing key; false when the key is not an editing key.
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case let .character(character):
            guard text.count < limit, !character.isNewline else { return true }
            text.insert(character, at: index(cursor))
            cursor += 1
        case .backspace:
            guard cursor > 0 else { return true }
            text.remove(at: index(cursor - 1))
            cursor -= 1
        case .delete:
            guard cursor < text.count else { return true }
            text.remove(at: index(cursor))
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = text.count
        case .control("u"): text = ""; cursor = 0
        default: return false
        }
        return true
    }

    private func index(_ offset: Int) -> String.Index { text.index(text.startIndex, offsetBy: offset) }

    /// Draws the field in `width` columns from (x, y), scrolled so the
    /// insertion point shows; returns where the cursor goes.
    func draw(on canvas: inout Canvas, x: Int, y: Int, width: Int, masked: Bool = false,
              style: CellStyle = .underline) -> Point {
        let shown = masked ? String(repeating: "•", count: text.count) : text
        let characters = Array(shown)
        var start = 0
        while DisplayWidth.of(String(characters[start..<cursor])) > width - 1 { start += 1 }
        var visible = ""
        for character in characters[start...] {
            if DisplayWidth.of(visible + String(character)) > width { break }
            visible.append(character)
        }
        canvas.fill(y: y, from: x, to: x + width, style: style)
        canvas.put(visible, x: x, y: y, style: style)
        return Point(x: x + DisplayWidth.of(String(characters[start..<cursor])), y: y)
    }
}
