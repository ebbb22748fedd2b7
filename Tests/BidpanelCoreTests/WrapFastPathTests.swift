import Testing
@testable import BidpanelCore

/// The byte-wise wrap for plain ASCII must give exactly the lines the
/// character-wise one gives: the totals screen and every report use it.
@Suite("Wrapping plain text fast")
struct WrapFastPathTests {
    @Test func plainASCIIWrapsExactlyAsCharacterByCharacter() {
        var rng = SplitMix(seed: 0x5EED)
        let words = ["a", "of", "the", "bidder", "note:", "spread", "2.50", "£", "https://www.example.gov.uk/a/very/long/path",
                     "EXCLUDED:", "x", "quality-threshold", "(20)", "''", "\"q\""]
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<rng.next(30) {
                let word = words[rng.next(words.count)]
                text += word == "£" ? "GBP" : word
                text += [" ", " ", " ", "  ", "\n", "   ", "\n\n"][rng.next(7)]
            }
            if rng.next(5) == 0 { text = " " + text }
            let width = 1 + rng.next(40)
            let first: Int? = rng.next(3) == 0 ? rng.next(45) : nil
            #expect(DisplayWidth.wrapPrintableASCII(text, width: width, firstWidth: first)
                == DisplayWidth.wrapCharacters(text, width: width, firstWidth: first), "\(text.debugDescription) \(width) \(String(describing: first))")
        }
        #expect(DisplayWidth.wrapPrintableASCII("", width: 10, firstWidth: nil) == DisplayWidth.wrapCharacters("", width: 10))
    }

    @Test func anyOtherTextTakesTheCharacterWay() {
        for text in ["Zoë scored", "青少年", "tab\there", "a\r\nb", "bell\u{7}", "del\u{7F}"] {
            #expect(DisplayWidth.wrapPrintableASCII(text, width: 5, firstWidth: nil) == nil)
            #expect(DisplayWidth.wrap(text, width: 5) == DisplayWidth.wrapCharacters(text, width: 5))
        }
    }
}
