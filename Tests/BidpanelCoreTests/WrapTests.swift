import Testing
@testable import BidpanelCore

/// `DisplayWidth.wrap` never loses text: every printed document and screen
/// wraps with it, so a URL in a moderation reason must come out whole.
@Suite("Wrapping text")
struct WrapTests {
    static let url = "https://www.example-borough.gov.uk/commissioning/youth-services/2026/evidence/safeguarding-audit.pdf"

    /// Every character but the spaces and line breaks, in order.
    func letters(_ text: some StringProtocol) -> String {
        String(text.filter { $0 != " " && $0 != "\n" })
    }

    @Test func aLongURLBreaksAcrossLinesAndNothingIsCut() {
        #expect(Self.url.count == 100)
        let lines = DisplayWidth.wrap("See \(Self.url) for the audit.", width: 40)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 40 }, "\(lines)")
        #expect(!lines.joined().contains("…"))
        // The URL starts its own line and reads back whole when the lines are joined.
        #expect(lines.first == "See")
        #expect(lines.joined().contains(Self.url))
        #expect(lines.last?.hasSuffix(" for the audit.") == true)
        #expect(lines.dropFirst().dropLast().allSatisfy { DisplayWidth.of($0) == 40 })
    }

    @Test func wideCharactersAndGraphemeClustersAreNeverSplit() {
        // Five columns cannot take three wide characters: two go on each line.
        let wide = DisplayWidth.wrap("青少年青少年青", width: 5)
        #expect(wide == ["青少", "年青", "少年", "青"])
        // An accent typed as a combining mark stays on its letter; a family
        // emoji (joined by zero-width joiners) and a flag stay whole.
        let word = String(repeating: "e\u{301}", count: 7) + "👨‍👩‍👧🇬🇧"
        let lines = DisplayWidth.wrap(word, width: 4)
        #expect(lines.joined() == word)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 4 })
        #expect(lines.flatMap { Array($0) } == Array(word), "no cluster is cut")
        #expect(lines.contains { $0.contains("👨‍👩‍👧") })
    }

    @Test func aLineNarrowerThanACharacterStillTakesIt() {
        #expect(DisplayWidth.wrap("青少", width: 1) == ["青", "少"])
        #expect(DisplayWidth.wrap("abc", width: 0) == ["a", "b", "c"])
    }

    @Test func lineBreaksAndBlankLinesAreKept() {
        #expect(DisplayWidth.wrap("one two\n\nthree", width: 20) == ["one two", "", "three"])
        #expect(DisplayWidth.wrap("", width: 20) == [""])
        #expect(DisplayWidth.wrap("a  b", width: 20) == ["a b"])
    }

    @Test func theFirstLineMayHaveItsOwnWidth() {
        let lines = DisplayWidth.wrap("alpha beta gamma delta", width: 11, firstWidth: 5)
        #expect(lines == ["alpha", "beta gamma", "delta"])
        #expect(DisplayWidth.wrap(Self.url, width: 60, firstWidth: 10).first == String(Self.url.prefix(10)))
    }

    /// Seeded, so a failure repeats: texts of words of every kind (ASCII,
    /// accents, CJK, emoji, very long words) at widths from 1 to 30.
    @Test func anyTextAtAnyWidthKeepsEveryCharacterAndFits() {
        var seed: UInt64 = 0x2026_1122
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        let pieces = ["a", "Zoë", "青", "🎨", "e\u{301}", "https://x.example/", "-", "Łódź", "年少"]
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<next(12) {
                let word = (0..<(1 + next(15))).map { _ in pieces[next(pieces.count)] }.joined()
                text += word + [" ", " ", "  ", "\n"][next(4)]
            }
            let width = 1 + next(30)
            let lines = DisplayWidth.wrap(text, width: width)
            #expect(letters(lines.joined()) == letters(text), "width \(width): \(text)")
            for line in lines where line.count > 1 {
                #expect(DisplayWidth.of(line) <= width, "width \(width): \(line)")
            }
            #expect(!lines.contains { $0.hasPrefix(" ") || $0.hasSuffix(" ") })
        }
    }
}
