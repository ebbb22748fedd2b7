import Foundation
import Testing
@testable import BidpanelCore

/// Text from bidders, officers and members shown or kept safely: no escape
/// sequence, control or bidi character survives, and nothing vanishes unseen.
@Suite("Safe text")
struct SafeTextTests {
    /// What an attacker puts in a bidder's name: set the clipboard, retitle
    /// the window, move the cursor, reverse the reading order.
    static let clipboard = "Acme \u{1B}]52;c;ZWNobyBvd25lZA==\u{07} Ltd"
    static let title = "\u{1B}]0;Chair signed off\u{07}Acme"
    static let cursor = "Acme\u{1B}[2J\u{1B}[1;1H£1"

    /// No byte a terminal acts on: C0 (but newline and tab), DEL, C1 and the bidi controls.
    static func isInert(_ text: String, singleLine: Bool = false) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            let v = scalar.value
            if v == 0x0A || v == 0x09 { return !singleLine }
            return v >= 0x20 && !(0x7F...0x9F).contains(v) && v != 0x61C && v != 0x200E && v != 0x200F
                && !(0x2028...0x202E).contains(v) && !(0x2066...0x2069).contains(v)
        }
    }

    @Test("an OSC 52 clipboard write shows as text, its ESC and BEL as ␛ and ␇")
    func clipboardSequence() {
        let shown = SafeText.visible(Self.clipboard)
        #expect(shown == "Acme ␛]52;c;ZWNobyBvd25lZA==␇ Ltd")
        #expect(Self.isInert(shown))
        #expect(SafeText.line(Self.clipboard) == shown)
    }

    @Test("an OSC 0 window title and a CSI cursor move are shown, not obeyed")
    func titleAndCursor() {
        #expect(SafeText.visible(Self.title) == "␛]0;Chair signed off␇Acme")
        #expect(SafeText.visible(Self.cursor) == "Acme␛[2J␛[1;1H£1")
        #expect(!SafeText.isSafe(Self.title))
        #expect(!SafeText.isSafe(Self.cursor, singleLine: true))
    }

    @Test("bidi overrides, embeddings, isolates and marks are replaced by a visible mark", arguments: [
        "\u{202E}", "\u{202D}", "\u{202A}", "\u{202B}", "\u{202C}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}",
        "\u{200E}", "\u{200F}", "\u{061C}",
    ])
    func bidiControls(control: String) {
        let price = "£229,000" + control + "1"
        let shown = SafeText.visible(price)
        #expect(shown == "£229,000\u{FFFD}1")
        #expect(Self.isInert(shown))
        #expect(SafeText.line(price) == shown)
    }

    @Test("C1 controls (the one-byte CSI 0x9B among them) are replaced", arguments: [0x80, 0x85, 0x90, 0x9B, 0x9D, 0x9F])
    func c1Controls(value: Int) {
        let text = "Acme" + String(Unicode.Scalar(UInt32(value))!) + "31m"
        #expect(SafeText.visible(text) == "Acme\u{FFFD}31m")
        #expect(!SafeText.isSafe(text))
    }

    @Test("a Windows line ending is a line break; a lone carriage return is shown as ␍")
    func carriageReturns() {
        #expect(SafeText.visible("first\r\nsecond") == "first\nsecond")
        // A lone CR would let "£229,000" be overprinted by what follows it.
        #expect(SafeText.visible("£229,000\r£1") == "£229,000␍£1")
        #expect(SafeText.line("first\r\nsecond") == "first second")
        #expect(SafeText.line("a\rb") == "a␍b")
    }

    @Test("DEL, NUL, backspace and the other C0 controls show as their control pictures")
    func otherControls() {
        #expect(SafeText.visible("a\u{7F}b") == "a␡b")
        #expect(SafeText.visible("a\u{00}b\u{08}c\u{0C}d") == "a␀b␈c␌d")
        #expect(SafeText.visible("Bell\u{07}") == "Bell␇")
    }

    @Test("many-line text keeps its lines and tabs; one line turns them into spaces")
    func linesAndTabs() {
        let answer = "We will:\n\t- run two sessions a week\n\t- pay young people for their time"
        #expect(SafeText.visible(answer) == answer)
        #expect(SafeText.isSafe(answer))
        #expect(!SafeText.isSafe(answer, singleLine: true))
        #expect(SafeText.line(answer) == "We will:  - run two sessions a week  - pay young people for their time")
        // The Unicode line and paragraph separators are line breaks in many lines, spaces in one.
        #expect(SafeText.visible("a\u{2028}b\u{2029}c") == "a\nb\nc")
        #expect(SafeText.line("a\u{2028}b") == "a b")
    }

    @Test("keeping: a document's own form feed between pages stays, a bidder's escape does not")
    func keepingFormFeed() {
        let pages = "Page 1 \u{1B}[31m\n\u{0C}Page 2\n"
        #expect(SafeText.visible(pages, keeping: ["\u{0C}"]) == "Page 1 ␛[31m\n\u{0C}Page 2\n")
        #expect(SafeText.visible(pages) == "Page 1 ␛[31m\n␌Page 2\n")
    }

    @Test("plain text, accents, emoji and right-to-left scripts are unchanged, and not copied")
    func plainTextUnchanged() {
        let samples = [
            "Café Mosaic Youth Project CIC — £229,000 over three years (year 1: £76,000)",
            "Zoë O'Neill-Ødegaard 🎉👩🏽‍💻 株式会社 مركز الشباب",
            String(repeating: "https://example.org/a-very-long-path/with-many-parts?and=query&strings=1 ", count: 40),
        ]
        for text in samples {
            let shown = SafeText.visible(text)
            #expect(shown == text)
            #expect(SafeText.line(text) == text)
            #expect(SafeText.isSafe(text, singleLine: true))
            // The very same storage comes back: the common case costs no copy.
            let original = text.utf8.withContiguousStorageIfAvailable { $0.baseAddress }
            let returned = shown.utf8.withContiguousStorageIfAvailable { $0.baseAddress }
            #expect(original != nil && original == returned)
        }
        #expect(SafeText.visible("") == "")
    }

    @Test("nothing is dropped: every unsafe character leaves one visible mark")
    func oneMarkPerCharacter() {
        let hostile = Self.clipboard + Self.title + Self.cursor + "\u{202E}\u{2066}\u{9B}\u{7F}\r"
        let shown = SafeText.line(hostile)
        #expect(Self.isInert(shown, singleLine: true))
        #expect(shown.unicodeScalars.count == hostile.unicodeScalars.count)
    }
}

@Suite("Safe JSON")
struct SafeJSONTests {
    @Test("JSON strings escape ESC, DEL, C1 and bidi controls, and decode back to the exact text")
    func jsonEscapesUnsafeCharacters() throws {
        let name = "Acme \u{1B}]0;x\u{07}\u{7F}\u{9B}\u{202E}\u{2066}Ltd £ é 🎉"
        let quoted = JSON.string(name).serialized()
        #expect(quoted == #""Acme \u001b]0;x\u0007\u007f\u009b\u202e\u2066Ltd £ é 🎉""#)
        #expect(SafeText.isSafe(quoted, singleLine: true))
        let decoded = try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: .fragmentsAllowed) as? String
        #expect(decoded == name)
    }
}
