import BidpanelCore
import BidpanelTUI
import Testing

/// A bidder's name, an answer or a member's name holding escape sequences
/// and bidi overrides is drawn as visible marks: no cell of any screen holds
/// a character a terminal would act on.
@Suite("Screens show hostile text safely")
struct SafeScreenTests {
    static let hostile = "Café \u{1B}]52;c;ZWNobyBvd25lZA==\u{07}Mosaic \u{1B}]0;Signed off\u{07}\u{202E}Project\u{9B}2J"
    static let answer = "We run\r\ntwo sessions\u{1B}[2J a week\ra\u{2066}nd pay \u{202E}young people\u{7F}\n\tfor their time."

    /// Characters a terminal acts on, listed without SafeText's help.
    static func unsafeCells(_ canvas: Canvas) -> [String] {
        canvas.cells.joined().flatMap { cell in
            cell.text.unicodeScalars.filter { scalar in
                let v = scalar.value
                return v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x61C || v == 0x200E || v == 0x200F
                    || (0x2028...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            }.map { "U+" + String($0.value, radix: 16) }
        }
    }

    @Test func bidListAndBidScreenShowMarksNotControls() {
        var session = Youth.session("david")
        session.bids[1].bidder = Self.hostile
        for criterion in Youth.panel.criteria { session.bids[1].answers[criterion.id] = Self.answer }
        var driver = Driver()
        driver.send(.signedIn(session))
        var canvas = driver.canvas
        #expect(canvas.text.contains("Café ␛]52;c;"), "\(canvas.text)")
        #expect(Self.unsafeCells(canvas).isEmpty, "\(Self.unsafeCells(canvas))")

        driver.send(.bidOpened(session.bids[1], values: [:], submitted: false))
        for _ in 0..<4 {
            canvas = driver.canvas
            #expect(Self.unsafeCells(canvas).isEmpty, "\(Self.unsafeCells(canvas))\n\(canvas.text)")
            driver.press(.enter)
        }
    }

    @Test func aMemberNameWithAnEscapeIsShownOnTheSignInScreen() {
        var members = Youth.members
        members[1].member.name = "David \u{1B}]0;owned\u{07}\u{202E}Okafor"
        let state = AppState(panel: Youth.panel, members: members, demoPINs: [:], size: Size(width: 80, height: 24),
                             colour: true, idleLimit: 300, now: 1000)
        let canvas = render(state)
        #expect(canvas.text.contains("␛]0;owned␇\u{FFFD}Okafor"), "\(canvas.text)")
        #expect(Self.unsafeCells(canvas).isEmpty)
    }

    @Test func canvasPutMakesEveryTextOneSafeRow() {
        var canvas = Canvas(size: Size(width: 40, height: 2))
        let end = canvas.put("a\u{1B}[31mb\nc\td\u{202E}e\r\n", x: 0, y: 0)
        #expect(canvas.line(0) == "a␛[31mb c d\u{FFFD}e")
        #expect(end == 14)
        #expect(canvas.line(1) == "")
        // Plain text is drawn as it always was.
        canvas.put("Zoë Ōkubo 🎉 £229,000", x: 0, y: 1)
        #expect(canvas.line(1) == "Zoë Ōkubo 🎉 £229,000")
    }
}
