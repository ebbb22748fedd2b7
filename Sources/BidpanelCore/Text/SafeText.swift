/// Text that someone else wrote (bidders' names and answers, officers' panel
/// files, members' comments and reasons), made safe to show on a terminal or
/// keep in a file. A control character or an escape sequence in a bidder's
/// name must not retitle the chair's window, write to the clipboard or move
/// the cursor over a total, and a bidi override must not make "£229,000" read
/// as something else. Nothing is silently dropped: each unsafe character is
/// replaced by a visible mark, so a reader can see that something was there.
public enum SafeText {
    /// The mark shown for a C1 control or a bidi control.
    public static let replacement: Character = "\u{FFFD}"

    /// Text of many lines (an answer, a comment, a reason): keeps line breaks
    /// and tabs, turns "\r\n" into "\n", and shows every other C0 control
    /// (ESC as ␛, a lone carriage return as ␍), DEL, every C1 control and every
    /// bidi control as a visible mark. `keeping` lets a caller that writes a
    /// whole document keep characters it put there itself (the form feed
    /// between printed pages).
    public static func visible(_ text: String, keeping: Set<Unicode.Scalar> = []) -> String {
        clean(text, singleLine: false, keeping: keeping)
    }

    /// One line (a name, a table cell, a title): as `visible`, and line
    /// breaks and tabs become spaces too.
    public static func line(_ text: String) -> String {
        clean(text, singleLine: true, keeping: [])
    }

    /// Whether bidpanel would change this text when showing it.
    public static func isSafe(_ text: String, singleLine: Bool = false) -> Bool {
        isPlainASCII(text, singleLine: singleLine) || !text.unicodeScalars.contains { unsafe($0, singleLine: singleLine) }
    }

    /// Printable ASCII (with line breaks and tabs, for many lines): most
    /// names, ids, figures and every screen cell of English text. One pass
    /// over the bytes, no decoding: the screens call this for every cell.
    static func isPlainASCII(_ text: String, singleLine: Bool) -> Bool {
        func plain(_ byte: UInt8) -> Bool {
            (byte >= 0x20 && byte < 0x7F) || (!singleLine && (byte == 0x0A || byte == 0x09))
        }
        return text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(plain) } ?? text.utf8.allSatisfy(plain)
    }

    /// C0 (but line breaks and tabs when more than one line), DEL, C1, the
    /// Unicode line and paragraph separators, and the bidi embedding,
    /// override, isolate and mark characters.
    static func unsafe(_ scalar: Unicode.Scalar, singleLine: Bool) -> Bool {
        let v = scalar.value
        if v < 0x20 { return singleLine || (v != 0x0A && v != 0x09) }
        if v < 0x7F { return false }
        if v <= 0x9F { return true }
        if v < 0x61C { return false }
        return v == 0x61C || v == 0x200E || v == 0x200F || (0x2028...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    static func clean(_ text: String, singleLine: Bool, keeping: Set<Unicode.Scalar>) -> String {
        // Nearly all text is plain: leave it untouched without copying.
        if isPlainASCII(text, singleLine: singleLine) { return text }
        if !text.unicodeScalars.contains(where: { unsafe($0, singleLine: singleLine) && !keeping.contains($0) }) {
            return text
        }
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            if keeping.contains(scalar) || !unsafe(scalar, singleLine: singleLine) {
                out.append(scalar)
                continue
            }
            switch scalar.value {
            case 0x0D where pending == "\n":
                // A Windows line ending is a line ending, not a control.
                continue
            case 0x0A, 0x09, 0x2028, 0x2029:
                // Only reached for one line: a break or a tab reads as a space.
                // (U+2028/2029 in many-line text become a real line break.)
                out.append(singleLine ? " " : "\n")
            case 0x00..<0x20:
                out.append(Unicode.Scalar(0x2400 + scalar.value)!)  // ␀ … ␟: ESC shows as ␛
            case 0x7F:
                out.append("\u{2421}")  // ␡
            default:
                out.append(replacement.unicodeScalars.first!)
            }
        }
        return String(out)
    }
}
