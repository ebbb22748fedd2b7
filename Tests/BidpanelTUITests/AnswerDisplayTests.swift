import BidpanelCore
import BidpanelTUI
import Testing

/// The bidder's whole answer is in front of the member on every step, and in
/// M, whatever shape the answers file has (the shapes themselves are tested
/// in the core's AnswersFileTests).
@Suite("Answers on screen")
struct AnswerDisplayTests {
    /// Kingsmead (B6) wrote `## coproduction` in one piece.
    @Test func unsplitMatrixAnswerIsOnEveryPrincipleStepAndInReadAll() {
        var driver = Driver.opened("B6", by: "zoe")
        // experience, activities, qualities, then the four principles.
        driver.press(.right, .right, .right)
        for number in 1...4 {
            let text = driver.canvas.text
            #expect(text.contains("Principle \(number) of 4"))
            #expect(text.contains("Our work starts from young people's own agenda"), "principle \(number):\n\(text)")
            #expect(text.contains("(They answered this criterion in one piece"))
            #expect(!text.contains("no answer"))

            driver.press(.character("M"))
            var pages = driver.canvas.text
            for _ in 0..<4 { driver.press(.pageDown); pages += driver.canvas.text }
            #expect(pages.contains("Our work starts from young people's own agenda"))
            #expect(pages.contains("in recruitment or in governance."), "the whole answer, to its last words")
            #expect(!pages.contains("no answer"))
            driver.press(.escape)
            driver.press(.right)
        }
    }

    /// A split answer shows only its own part, without the note.
    @Test func splitMatrixAnswerShowsItsPart() {
        var driver = Driver.opened("B1", by: "zoe")
        driver.press(.right, .right, .right)
        let text = driver.canvas.text
        #expect(text.contains("Principle 1 of 4"))
        #expect(!text.contains("in one piece"))
        #expect(!text.contains("no answer"))
    }

    /// A bid with no answer for a step says so, in the walkthrough and in M.
    @Test func missingAnswerSaysSo() {
        var driver = Driver()
        driver.signIn("zoe")
        var bid = Youth.bid("B6", young: true)
        bid.answers = [:]
        driver.send(.bidOpened(bid, values: [:], submitted: false))
        #expect(driver.canvas.text.contains(BidAnswer.none))
        driver.press(.character("M"))
        var pages = driver.canvas.text
        for _ in 0..<4 { driver.press(.pageDown); pages += driver.canvas.text }
        #expect(pages.contains(BidAnswer.none))
    }
}
