import BidpanelCore
@testable import BidpanelStore
@testable import BidpanelTUI
import Foundation
import Testing

/// What a tester found running the youth tender's day at 80×24: messages
/// cut at the edge, an interview step that said the bidder gave no answer,
/// key hints after sign-off, focus on a bid not on the shortlist, and the
/// pair told to score every bid in the written stage.
@Suite(.serialized) struct StagesDayScreenTests {
    typealias Structure = ChairStructureScreenTests

    /// The pair Amira and Jay signed in on a terminal of the file.
    static func pairTerminal(_ store: EvaluationStore) -> (Driver, StoreBackend) {
        var driver = Driver()
        driver.state = AppState(panel: store.panel, members: store.panel.members.map { MemberEntry(member: $0, hasPIN: true) },
                                size: Size(width: 80, height: 24), colour: true, idleLimit: 300, now: 1000)
        let backend = StoreBackend(store: store)
        for action in backend.perform(.signInPair(pair: "amira-jay", pins: [Structure.amiraPIN, Structure.jayPIN])) { driver.send(action) }
        Structure.carryOut(&driver, backend)
        return (driver, backend)
    }

    /// Rows `from`…`to` of the screen as one text, as a reader reads a wrapped line.
    static func joined(_ canvas: Canvas, _ from: Int, _ to: Int) -> String {
        (from...to).map { canvas.line($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    @Test func thePairInTheWrittenStageIsToldItScoresAtTheInterviews() throws {
        let (store, _) = try Structure.youthTender(interviews: false)
        var (driver, backend) = Self.pairTerminal(store)
        driver.state.status = nil
        let list = driver.canvas.text
        #expect(Self.joined(driver.canvas, 3, 4)
            == "Part 1 of 2: Written bids. There is nothing for you to score yet. You score in part 2: Interviews.", "\(list)")
        #expect(!list.contains("Score every bid") && !list.contains("not started"), "\(list)")
        #expect(list.contains("N1   Riverside Youth Arts     nothing for you now"), "\(list)")
        driver.press(.enter)
        Structure.carryOut(&driver, backend)
        guard case .bidList = driver.state.screen else { Issue.record("a bid opened: \(driver.canvas.text)"); return }
        #expect(Self.joined(driver.canvas, 21, 22) == "! There is nothing for you to score yet. You score in part 2: Interviews.",
                "\(driver.canvas.text)")
        Snapshot.check(driver.canvas, named: "youth-tender-pair-stage-1")
    }

    @Test func thePairFollowsToTheInterviewsScoresN1AndMovesOnToAShortlistedBid() throws {
        let (store, chair) = try Structure.youthTender(interviews: false)
        var (driver, backend) = Self.pairTerminal(store)
        // The chair signs the written stage off; the pair's screen follows.
        _ = try chair.signOffStage("written")
        let pair = try store.signIn(pair: "amira-jay", pins: [Structure.amiraPIN, Structure.jayPIN])
        driver.send(.standingChanged(try pair.standing()))
        // The news is longer than a row: it wraps at whole words, never cut.
        #expect(Self.joined(driver.canvas, 21, 22)
            == "Part 1 is finished. Now part 2: Interviews. You score only the bids that were picked.", "\(driver.canvas.text)")
        Snapshot.check(driver.canvas, named: "youth-tender-pair-stage-2-news")

        driver.press(.enter)
        Structure.carryOut(&driver, backend)
        // The interview has no written answers: the step says so plainly.
        let step = driver.canvas.text
        #expect(step.contains("This is scored at the Interviews stage. There is no written answer."), "\(step)")
        #expect(!step.contains("gave no answer"), "\(step)")
        Snapshot.check(driver.canvas, named: "youth-tender-pair-interview-step")
        for key: Key in [.character("3"), .enter, .character("3"), .enter, .character("s"), .character("y")] {
            driver.press(key)
            Structure.carryOut(&driver, backend)
        }
        // N2 is not on north's shortlist: focus goes to N3, the next bid the pair scores now.
        guard case let .bidList(list) = driver.state.screen, let session = driver.state.session else {
            Issue.record("not back on the list: \(driver.canvas.text)"); return
        }
        #expect(session.bids[list.selected].id == "N3", "\(driver.canvas.text)")
        #expect(driver.canvas.text.contains("▸ N3"), "\(driver.canvas.text)")
    }

    @Test func theLastBidSubmittedKeepsFocusAndSaysNothingIsLeft() throws {
        let (store, _) = try Structure.youthTender()
        var (driver, backend) = Self.pairTerminal(store)
        // North's interviews are in; the pair's other shortlisted bids are C1, C3, S2, S3.
        let pair = try store.signIn(pair: "amira-jay", pins: [Structure.amiraPIN, Structure.jayPIN])
        for bid in ["C1", "C3", "S2", "S3"] {
            for criterion in ["questions", "voice"] { try pair.record(Slot(bid: bid, criterion: criterion), .scale(3)) }
            if bid != "S3" { try pair.submit(bid: bid) }
        }
        driver.send(.standingChanged(try pair.standing()))
        driver.press(.end)
        driver.press(.enter)
        Structure.carryOut(&driver, backend)
        for key: Key in [.character("r"), .character("s"), .character("y")] {
            driver.press(key)
            Structure.carryOut(&driver, backend)
        }
        guard case let .bidList(list) = driver.state.screen, let session = driver.state.session else {
            Issue.record("not back on the list: \(driver.canvas.text)"); return
        }
        #expect(session.bids[list.selected].id == "S3", "\(driver.canvas.text)")
        #expect(driver.canvas.text.contains("There are no more bids for you to score now."), "\(driver.canvas.text)")
    }

    @Test func afterSignOffTheBoardOffersNoKeyThatNoLongerWorks() throws {
        let (store, chair) = try Structure.youthTender()
        var (driver, _) = Structure.chairTerminal(store, chair: "priya")
        var board = try chair.board()
        #expect(StageBoard.line(ChairData(board: board, panel: store.panel))?.contains("L changes it") == true)
        board.signedOffAt = "2026-12-02T18:00:00Z"
        driver.send(.boardChanged(board))
        driver.state.status = nil
        let text = driver.canvas.text
        #expect(text.contains("Stage 2 of 2: Interviews · signed off"), "\(text)")
        #expect(!text.contains("L changes it") && !text.contains("S signs it off"), "\(text)")
    }

    /// A bid withdrawn after its stage is signed off leaves the shortlist and
    /// nobody takes its place: the chair's screens draw the shortlist the
    /// store holds, as the report does, not one drawn again by the rule.
    @Test func theChairsTotalsKeepTheShortlistDrawnAtSignOff() throws {
        let (store, chair) = try Structure.youthTender(interviews: false)
        try chair.signOffStage("written")
        let standing = try #require(try chair.stageStanding())
        let shortlisted = try #require(store.panel.bids.first { standing.inCurrentStage(bid: $0.id) })
        try chair.remove(bid: shortlisted.id, as: .withdrawn, reason: "The bidder wrote to withdraw")
        let data = ChairData(board: try chair.board(), panel: store.panel)
        let report = LotScoring.score(store.panel, try chair.scoreSheet(), overrides: try chair.shortlistOverrides(),
                                      tieDecisions: try chair.tieDecisions(), signedOff: try chair.stagesAtSignOff())
        let expected = LotText.lines(report, panel: store.panel, width: 78).joined(separator: "\n")
        let shown = try #require(StageBoard.totalsLines(data, width: 78)).joined(separator: "\n")
        #expect(shown.contains("no bid took the place"), "\(shown)")
        // The screen's lines end with a blank one below the last.
        #expect(shown.trimmingCharacters(in: .newlines) == expected)
        #expect(StageBoard.complete(data) == report.complete)
    }

    @Test func aLongOverrideReasonOnTheBoardWrapsAtWholeWords() throws {
        let (store, chair) = try Structure.youthTender()
        let reason = "The bidder cannot come to an interview on any of the days the young assessors can all attend"
        try chair.overrideShortlist(stage: "written", bid: "N2", goesOn: true, reason: reason)
        var (driver, _) = Structure.chairTerminal(store, chair: "priya")
        driver.send(.boardChanged(try chair.board()))
        driver.state.status = nil
        driver.press(.down)
        let about = Self.joined(driver.canvas, 20, 21)
        #expect(about.contains(reason), "\(driver.canvas.text)")
    }

    /// The shared message line, with a 60-character bidder name in it.
    @Test func theMessageLineWrapsWholeWordsAndEndsWithAnEllipsisWhenItMustCut() {
        let name = "The Northgate and Riverside Community Youth Partnership Trus"
        #expect(name.count == 60)
        let text = "Bid N1 (\(name)) is not on the shortlist for this stage, so it is not scored now."
        var canvas = Canvas(size: Size(width: 80, height: 24))
        Chrome.statusLine(&canvas, Status(text, tone: .problem))
        #expect(StagesDayScreenTests.joined(canvas, 21, 22) == "! " + text, "\(canvas.text)")
        // With the row above taken, one row: whole words, then "…".
        var busy = Canvas(size: Size(width: 80, height: 24))
        busy.put("taken", x: 2, y: 21)
        Chrome.statusLine(&busy, Status(text, tone: .problem))
        let row = busy.line(22)
        #expect(row.hasSuffix(" …") && DisplayWidth.of(row) <= 80, "\(row)")
        let words = Set(("! " + text).split(separator: " ").map(String.init))
        #expect(row.dropLast(2).split(separator: " ").allSatisfy { words.contains(String($0)) }, "\(row)")
        #expect(busy.line(21) == "  taken")
    }
}
