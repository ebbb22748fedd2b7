import Foundation
import Testing
@testable import BidpanelCore

/// Answers files as bidders really write them: a matrix answer in one piece,
/// split by principle, both, a heading left out, headings in capitals or with
/// stray spaces, text before the first heading. Whatever the shape, the
/// member sees every part that bears on the step, and "no answer" only when
/// there is none (SPEC §1).
@Suite("Answers files")
struct AnswersFileTests {
    typealias Base = PanelValidationTests

    /// The base panel with bid B1's answers file replaced by `answers`.
    static func bid(_ answers: String) throws -> (bid: Bid, warnings: [Diagnostic]) {
        let loaded = try Base.load(Base.base, answers: ["bids/riverside.md": answers])
        return (loaded.panel.bids[0], loaded.warnings)
    }

    static let principles = ["capabilities", "reciprocity", "peer-support", "facilitating"]

    @Test func unsplitMatrixAnswerShowsOnEveryPrinciple() throws {
        let (bid, warnings) = try Self.bid("""
            # Kingsmead Detached Youth Work

            ## experience
            Ten years on the estates.

            ## coproduction
            Young people sit on our board and choose the sessions.
            """)
        #expect(warnings.isEmpty, "\(warnings)")
        for principle in Self.principles {
            let answer = bid.answer(criterion: "coproduction", principle: principle)
            #expect(!answer.isMissing)
            #expect(answer.principlePart == nil)
            #expect(answer.text.contains("Young people sit on our board and choose the sessions."))
            // Said once, so the member knows why each principle shows the same text.
            #expect(answer.text.hasPrefix(BidAnswer.wholeOnlyNote))
            #expect(!answer.text.contains(BidAnswer.none))
        }
        // On a criterion that is not split there is no note.
        #expect(bid.answer(criterion: "experience").text == "Ten years on the estates.")
    }

    @Test func splitMatrixAnswerShowsItsOwnPartOnly() throws {
        let (bid, _) = try Self.bid("""
            ## coproduction/capabilities
            We train young people to chair meetings.

            ## coproduction/reciprocity
            Volunteers earn accredited hours.
            """)
        #expect(bid.answer(criterion: "coproduction", principle: "capabilities").text
            == "We train young people to chair meetings.")
        #expect(bid.answer(criterion: "coproduction", principle: "reciprocity").text
            == "Volunteers earn accredited hours.")
        // A principle they skipped, with no whole answer to fall back on.
        let skipped = bid.answer(criterion: "coproduction", principle: "peer-support")
        #expect(skipped.isMissing)
        #expect(skipped.text == BidAnswer.none)
    }

    @Test func splitAndUnsplitTogetherShowBothLabelled() throws {
        let (bid, _) = try Self.bid("""
            ## coproduction
            Our whole approach is built with young people.

            ## coproduction/capabilities
            We train young people to chair meetings.
            """)
        let both = bid.answer(criterion: "coproduction", principle: "capabilities")
        #expect(both.text == """
            On this principle:
            We train young people to chair meetings.

            On the criterion as a whole:
            Our whole approach is built with young people.
            """)
        // A principle with no part of its own still shows the whole answer.
        let wholeOnly = bid.answer(criterion: "coproduction", principle: "facilitating")
        #expect(wholeOnly.text.hasSuffix("Our whole approach is built with young people."))
        #expect(wholeOnly.text.hasPrefix(BidAnswer.wholeOnlyNote))
    }

    @Test func missingHeadingAndEmptyHeadingAreNoAnswer() throws {
        let (bid, _) = try Self.bid("""
            ## experience

            ## delivery
            Three evenings a week.
            """)
        #expect(bid.answer(criterion: "experience").isMissing, "a heading with nothing under it is no answer")
        #expect(bid.answer(criterion: "safeguarding").text == BidAnswer.none, "no heading at all")
        #expect(bid.answer(criterion: "coproduction", principle: "capabilities").text == BidAnswer.none)
        #expect(bid.answer(criterion: "delivery").text == "Three evenings a week.")
        // A bid with no answers file at all.
        let loaded = try Base.load(Base.base)
        #expect(loaded.panel.bids[1].answer(criterion: "experience").text == BidAnswer.none)
    }

    @Test func headingsInCapitalsOrWithStraySpacesStillCount() throws {
        let (bid, warnings) = try Self.bid(
            "## Experience \n"
            + "Ten years.\n"
            + "  ##   COPRODUCTION / Capabilities\t\n"
            + "We train young people.\n"
            + "##\tcoproduction\n"
            + "Built with young people.\n")
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(bid.answer(criterion: "experience").text == "Ten years.")
        #expect(bid.answer(criterion: "coproduction", principle: "capabilities").principlePart == "We train young people.")
        #expect(bid.answer(criterion: "coproduction", principle: "capabilities").whole == "Built with young people.")
    }

    @Test func sameHeadingTwiceKeepsBothTexts() throws {
        let (bid, _) = try Self.bid("""
            ## delivery
            Three evenings a week.

            ## experience
            Ten years.

            ## Delivery
            And a summer scheme.
            """)
        #expect(bid.answer(criterion: "delivery").text == "Three evenings a week.\n\nAnd a summer scheme.")
    }

    @Test func subHeadingsAndLookalikesStayInTheAnswer() throws {
        let (bid, _) = try Self.bid("""
            ## delivery
            ### Term time
            Three evenings a week.
            ##not-a-heading
            # Holidays
            A summer scheme.
            """)
        let text = bid.answer(criterion: "delivery").text
        #expect(text.contains("### Term time"))
        #expect(text.contains("##not-a-heading"))
        #expect(text.contains("# Holidays"))
        #expect(text.hasSuffix("A summer scheme."))
    }

    @Test func headingThatIsNotAnIdIsAnErrorAtItsLine() throws {
        let answers = "## experience\nTen years.\n## coproduction:\nBuilt with young people.\n"
        let d = try Base.error("names no criterion", in: Base.base, answers: ["bids/riverside.md": answers])
        #expect(d.line == 3)
        #expect(d.file == "bids/riverside.md")
        #expect(d.message.contains("coproduction"), "did you mean names the criterion: \(d.message)")
    }

    @Test func textBeforeTheFirstHeadingIsAWarningWithItsLines() throws {
        let (bid, warnings) = try Self.bid("""
            # Hollow Lane Community Association

            Dear panel, our answers follow. Please read the annex too.
            It is attached.

            ## experience
            Ten years.
            """)
        #expect(warnings.count == 1, "\(warnings)")
        let warning = try #require(warnings.first)
        #expect(warning.severity == .warning)
        #expect(warning.line == 3)
        #expect(warning.message.contains("lines 3–4"))
        #expect(warning.message.contains("no member will see"))
        #expect(bid.answer(criterion: "experience").text == "Ten years.")
        // A title line alone is what bidders put there; it says nothing to score.
        #expect(try Self.bid("# Title\n\n## experience\nTen years.\n").warnings.isEmpty)
    }

    @Test func noHeadingsAtAllIsAWarningNotSilence() throws {
        let (bid, warnings) = try Self.bid("We are a youth charity.\nWe would run three clubs.\n")
        #expect(warnings.map(\.line) == [1])
        #expect(warnings.first?.message.contains("lines 1–2") == true)
        #expect(bid.answer(criterion: "experience").isMissing)
    }

    @Test func shippedKingsmeadBidShowsItsUnsplitCoproduction() throws {
        let panel = ExamplePanels.youth
        let kingsmead = try #require(panel.bids.first { $0.answersPath?.contains("kingsmead") == true })
        for principle in panel.matrix.principles {
            let answer = kingsmead.answer(criterion: "coproduction", principle: principle.id)
            #expect(answer.whole != nil && answer.principlePart == nil, "\(principle.id)")
        }
    }
}
