import BidpanelCore

/// The parts every screen shares: a title bar on the first row, a status
/// line and a key bar on the last two. Screens draw their body in between.
enum Chrome {
    static func titleBar(_ canvas: inout Canvas, left: String, right: String) {
        canvas.fill(y: 0, style: .reverse)
        let rightWidth = DisplayWidth.of(right)
        canvas.put(DisplayWidth.truncate(" " + left, to: canvas.size.width - rightWidth - 2), x: 0, y: 0, style: .reverse)
        canvas.put(right, x: canvas.size.width - rightWidth - 1, y: 0, style: .reverse)
    }

    /// The tender on the left, who is signed in on the right.
    static func memberTitleBar(_ canvas: inout Canvas, state: AppState, session: Session) {
        titleBar(&canvas, left: "bidpanel · \(state.panel.tender.id)",
                 right: "\(session.member.name) · \(session.member.role.name)")
    }

    /// The keys that work on this screen, in the order they matter.
    static func keyBar(_ canvas: inout Canvas, _ keys: [(String, String)]) {
        let y = canvas.size.height - 1
        var x = 0
        for (key, meaning) in keys {
            let width = DisplayWidth.of(key) + 1 + DisplayWidth.of(meaning)
            if x + width > canvas.size.width { break }
            x = canvas.put(key, x: x, y: y, style: .reverse)
            x = canvas.put(" " + meaning, x: x, y: y) + 2
        }
    }

    /// What just happened, with a word or mark that says how it went, so
    /// the meaning never rests on colour alone.
    static func statusLine(_ canvas: inout Canvas, _ status: Status?) {
        guard let status else { return }
        let y = canvas.size.height - 2
        let (mark, tint, style): (String, Tint, CellStyle) = switch status.tone {
        case .info: ("", .accent, [])
        case .good: ("✓ ", .good, .bold)
        case .problem: ("! ", .problem, .bold)
        }
        message(&canvas, mark + status.text, x: 0, y: y, width: canvas.size.width - 1, lead: " ", style: style, tint: tint)
    }

    /// A problem the person can act on, above the status line, marked "!"
    /// so it does not rest on colour.
    static func problemLine(_ canvas: inout Canvas, _ problem: String?, x: Int = 2) {
        guard let problem else { return }
        message(&canvas, "! " + problem, x: x, y: canvas.size.height - 3, width: canvas.size.width - 2 * x,
                style: .bold, tint: .problem)
    }

    /// A message on row y that may be longer than the row (bidder-written
    /// names, a chair's reason): it wraps at whole words upward into the
    /// rows above that are still blank (at most `above` of them), and when
    /// it still does not fit, its last line ends with "…" after a whole word,
    /// so a message is never cut mid-word by the edge of the screen.
    static func message(_ canvas: inout Canvas, _ text: String, x: Int, y: Int, width: Int, above: Int = 1,
                        lead: String = "", style: CellStyle = [], tint: Tint = .plain) {
        guard width > 1 else { return }
        var room = 1
        while room <= above, y - room >= 0, canvas.line(y - room).isEmpty { room += 1 }
        let lines = fitted(SafeText.line(text), width: width, maxLines: room)
        for (offset, line) in lines.enumerated() {
            canvas.put(lead + line, x: x, y: y - lines.count + 1 + offset, style: style, tint: tint)
        }
    }

    /// Text wrapped at whole words into at most `maxLines` lines of `width`;
    /// when it needs more, the last line drops words until " …" fits after it.
    static func fitted(_ text: String, width: Int, maxLines: Int) -> [String] {
        var lines = DisplayWidth.wrap(text, width: width)
        guard lines.count > maxLines, maxLines > 0 else { return lines }
        lines = Array(lines.prefix(maxLines))
        var words = lines[maxLines - 1].split(separator: " ").map(String.init)
        while !words.isEmpty, DisplayWidth.of(words.joined(separator: " ") + " …") > width { words.removeLast() }
        // A single word wider than the line (a long name): cut it, marked.
        lines[maxLines - 1] = words.isEmpty ? DisplayWidth.truncate(lines[maxLines - 1], to: width) : words.joined(separator: " ") + " …"
        return lines
    }

    /// Writes wrapped text from row y, at most `maxLines` lines; returns the next free row.
    @discardableResult
    static func paragraph(_ canvas: inout Canvas, _ text: String, x: Int, y: Int, width: Int, maxLines: Int,
                          style: CellStyle = [], tint: Tint = .plain) -> Int {
        let lines = fitted(text, width: width, maxLines: maxLines)
        for (offset, line) in lines.enumerated() {
            canvas.put(line, x: x, y: y + offset, style: style, tint: tint)
        }
        return y + lines.count
    }

    /// A horizontal rule with a label: "── Their answer ─────".
    static func rule(_ canvas: inout Canvas, y: Int, label: String, right: String = "") {
        canvas.put(String(repeating: "─", count: canvas.size.width), x: 0, y: y, style: .dim)
        canvas.put(" " + label + " ", x: 2, y: y, style: .bold)
        if !right.isEmpty {
            canvas.put(" " + right + " ", x: canvas.size.width - DisplayWidth.of(right) - 4, y: y, style: .dim)
        }
    }
}
