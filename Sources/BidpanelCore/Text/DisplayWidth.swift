/// How many terminal columns text takes: names may carry accents (one
/// column), combining marks (none) or emoji and CJK (two). Tables and screens
/// pad with this so columns line up.
public enum DisplayWidth {
    public static func of(_ text: String) -> Int {
        // Plain ASCII (most text) is one column a character, controls none.
        var ascii = true
        var width = 0
        for byte in text.utf8 {
            if byte >= 0x80 { ascii = false; break }
            if byte >= 0x20 && byte != 0x7F { width += 1 }
        }
        return ascii ? width : text.reduce(0) { $0 + of($1) }
    }

    public static func of(_ character: Character) -> Int {
        if let ascii = character.asciiValue { return ascii >= 0x20 && ascii != 0x7F ? 1 : 0 }
        guard let first = character.unicodeScalars.first else { return 0 }
        if first.properties.generalCategory == .control { return 0 }
        if character.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation || $0 == "\u{FE0F}" }) { return 2 }
        if isWide(first.value) { return 2 }
        return 1
    }

    /// East Asian wide and full-width ranges.
    static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    /// Cuts text to at most `width` columns, ending with "…" when cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        var result = ""
        var used = 0
        for ch in text {
            let w = of(ch)
            if used + w > width - 1 { break }
            result.append(ch)
            used += w
        }
        return result + "…"
    }

    /// Pads on the right (or left, for numbers) to exactly `width` columns,
    /// truncating first if needed.
    public static func pad(_ text: String, to width: Int, right: Bool = false) -> String {
        let cut = truncate(text, to: width)
        let fill = String(repeating: " ", count: max(0, width - of(cut)))
        return right ? fill + cut : cut + fill
    }

    /// Splits text into lines of at most `width` columns at spaces, and at
    /// every line break in the text. Nothing is ever lost: a word wider than
    /// a line (a URL, a long name) starts a new line and is broken across
    /// lines between characters as the reader sees them, so an accent stays
    /// on its letter and a wide character is never split in half. Runs of
    /// spaces close up to one. `firstWidth` is the room on the very first
    /// line, when it differs (a label or a hanging indent beside it).
    public static func wrap(_ text: String, width: Int, firstWidth: Int? = nil) -> [String] {
        // The totals of a grants round wrap thousands of notes on every change.
        if let lines = wrapPrintableASCII(text, width: width, firstWidth: firstWidth) { return lines }
        return wrapCharacters(text, width: width, firstWidth: firstWidth)
    }

    /// `wrap` for text of printable ASCII and line breaks only, where a
    /// character is one byte and one column: the same lines, worked on bytes.
    /// Nil for any other text.
    static func wrapPrintableASCII(_ text: String, width: Int, firstWidth: Int?) -> [String]? {
        var lines: [String] = []
        var line: [UInt8] = []
        var printable = true
        text.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A }) else { printable = false; return }
            func room() -> Int { max(1, lines.isEmpty ? firstWidth ?? width : width) }
            func endLine() {
                lines.append(String(decoding: line, as: UTF8.self))
                line.removeAll(keepingCapacity: true)
            }
            for paragraph in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
                for word in paragraph.split(separator: 0x20) {
                    if !line.isEmpty, line.count + 1 + word.count <= room() {
                        line.append(0x20)
                        line.append(contentsOf: word)
                        continue
                    }
                    if !line.isEmpty { endLine() }
                    guard word.count > room() else { line.append(contentsOf: word); continue }
                    for byte in word {
                        if !line.isEmpty, line.count + 1 > room() { endLine() }
                        line.append(byte)
                    }
                }
                endLine()
            }
        } ?? { printable = false }()
        return printable ? lines : nil
    }

    /// `wrap` for any text, character by character as the reader sees them.
    static func wrapCharacters(_ text: String, width: Int, firstWidth: Int? = nil) -> [String] {
        var lines: [String] = []
        var line = ""
        // The line's width is kept as it grows, and each word measured once.
        var used = 0
        func room() -> Int { max(1, lines.isEmpty ? firstWidth ?? width : width) }
        func endLine() {
            lines.append(line)
            line = ""
            used = 0
        }
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            for word in paragraph.split(separator: " ") {
                let wordWidth = of(String(word))
                if !line.isEmpty, used + 1 + wordWidth <= room() {
                    line += " " + word
                    used += 1 + wordWidth
                    continue
                }
                if !line.isEmpty { endLine() }
                guard wordWidth > room() else {
                    line = String(word)
                    used = wordWidth
                    continue
                }
                for character in word {
                    let characterWidth = of(character)
                    // A line always takes at least one character, however narrow.
                    if !line.isEmpty, used + characterWidth > room() { endLine() }
                    line.append(character)
                    used += characterWidth
                }
            }
            endLine()
        }
        return lines
    }
}
