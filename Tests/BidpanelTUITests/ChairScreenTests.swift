import BidpanelCore
import BidpanelStore
@testable import BidpanelTUI
import Foundation
import Testing

/// A youth evaluation file with every member's paper scores in (and, if
/// asked, the chair's moderated values), as the chair's screens see it.
enum ChairFixture {
    static func scoresText(_ name: String) throws -> String {
        try String(contentsOfFile: Youth.folder + "/" + name, encoding: .utf8)
    }

    static func evaluation(moderated: Bool = false) throws -> (EvaluationStore, MemberSession) {
        let (store, _) = try Youth.evaluation()
        let chair = try store.signIn(member: "priya", pin: Youth.pins["priya"]!)
        let values = try ScoresCSV.memberValues(text: scoresText("youth-services-scores.csv"), file: "scores", panel: store.panel)
        let agreed = moderated
            ? try ScoresCSV.moderatedValues(text: scoresText("youth-services-moderated.csv"), file: "moderated", panel: store.panel)
            : []
        try chair.importPaper(values: values, moderated: agreed, conflicts: [], noConflicts: Set(values.map(\.member)).sorted())
        return (store, chair)
    }

    /// The chair submits their own values for every bid, so that moderation
    /// shows the others' values (the chair scores independently first).
    static func submitOwn(_ chair: MemberSession) throws {
        for bid in chair.bids() where try chair.chairIndependence(bid: bid.id) != .notAScorer { try chair.submit(bid: bid.id) }
    }

    /// A driver signed in as the chair with the board loaded.
    static func driver(_ chair: MemberSession) throws -> Driver {
        var driver = Driver()
        driver.signIn("priya")
        driver.send(.boardChanged(try chair.board()))
        return driver
    }
}

@Suite(.serialized) struct ChairScreenTests {
    @Test func theChairLandsOnTheBoardAndAsksToFollowTheFile() throws {
        var driver = Driver()
        driver.send(.signedIn(Youth.session("priya")))
        #expect(driver.drain() == [.watchStanding, .watchBoard])
        #expect(driver.canvas.text.contains("Reading the evaluation file"))
        // Everyone else goes to their bids and follows only their own standing.
        var member = Driver()
        member.send(.signedIn(Youth.session("david")))
        #expect(member.drain() == [.watchStanding])
        #expect(member.state.chair == nil)
    }

    @Test func boardShowsEveryMembersProgress() throws {
        let (_, chair) = try ChairFixture.evaluation()
        var driver = try ChairFixture.driver(chair)
        Snapshot.check(driver.canvas, named: "chair-board")
        let text = driver.canvas.text
        #expect(text.contains("Values in: 312 of 312"))
        #expect(text.contains("Agreed: 0 of 72"))
        driver.press(.character("?"))
        #expect(driver.canvas.text.contains("The panel board (chair)"))
    }

    @Test func moderationShowsValuesSideBySideAndNeedsAReason() throws {
        let (_, chair) = try ChairFixture.evaluation()
        try ChairFixture.submitOwn(chair)
        var driver = try ChairFixture.driver(chair)
        driver.press(.enter) // B1
        guard case let .moderation(screen) = driver.state.screen else { Issue.record("not moderating"); return }
        #expect(screen.slot == Slot(bid: "B1", criterion: "experience"))
        Snapshot.check(driver.canvas, named: "chair-moderation")
        // Every member's own value for the slot is on screen.
        let sheet = try chair.scoreSheet()
        for member in Youth.panel.members where Youth.panel.criterion(id: "experience")!.scoredBy.contains(member.role) {
            let value = sheet.value(of: member.id, at: screen.slot)!
            let row = driver.canvas.text.split(separator: "\n").first { $0.contains(member.name) }
            #expect(row?.contains(ScoresCSV.format(value.value, panel: Youth.panel)) == true, "\(member.name)")
        }

        driver.press(.character("4"))
        driver.press(.enter) // no reason yet
        #expect(driver.drain().isEmpty)
        #expect(driver.canvas.text.contains("Give a reason"))
        driver.type("Clear evidence of outcomes")
        driver.press(.enter)
        #expect(driver.drain() == [.moderate(Slot(bid: "B1", criterion: "experience"), .scale(Exact(4)),
                                             reason: "Clear evidence of outcomes")])
    }

    @Test func discussJumpsToTheWidestSpreadAndMarksIt() throws {
        let (_, chair) = try ChairFixture.evaluation()
        try ChairFixture.submitOwn(chair)
        var driver = try ChairFixture.driver(chair)
        let board = try chair.board()
        var panel = Youth.panel
        panel.bids = Youth.panel.bids
        // Find a bid with something to discuss, as the engine sees it.
        let result = ScoringEngine.score(panel, board.sheet)
        let flagged = try #require(result.bids.first { $0.criteria.contains { $0.discuss } })
        driver.press(.down, times: Youth.panel.bids.firstIndex { $0.id == flagged.bid.id }!)
        driver.press(.enter, .character("d"))
        guard case let .moderation(screen) = driver.state.screen else { Issue.record("not moderating"); return }
        let review = SlotReview.of(screen.slot, panel: panel, sheet: board.sheet)
        #expect(review.discuss)
        #expect(flagged.criteria.first { $0.criterion.id == screen.slot.criterion }?.discuss == true)
        #expect(driver.canvas.text.contains("⚑ DISCUSS"))
    }

    @Test func totalsSayProvisionalAndShowAgreement() throws {
        let (_, chair) = try ChairFixture.evaluation()
        var driver = try ChairFixture.driver(chair)
        driver.press(.character("t"))
        Snapshot.check(driver.canvas, named: "chair-totals")
        #expect(driver.canvas.text.contains("PROVISIONAL"))
        driver.press(.tab, .tab)
        Snapshot.check(driver.canvas, named: "chair-agreement")
        let overall = try #require(Agreement.report(panel: Youth.panel, sheet: try chair.scoreSheet()).overall)
        #expect(driver.canvas.text.contains("Krippendorff"))
        driver.press(.end)
        #expect(driver.canvas.text.contains("Overall: \(overall.formatted(places: 2))"))
        driver.press(.escape)
        guard case .board = driver.state.screen else { Issue.record("Esc did not go back to the board"); return }
    }

    @Test func signOffOnlyWhenCompleteThenReadOnlyAndReopenNeedsAReason() throws {
        let (_, incomplete) = try ChairFixture.evaluation()
        var early = try ChairFixture.driver(incomplete)
        early.press(.character("s"))
        #expect(early.drain().isEmpty)
        #expect(early.canvas.text.contains("Not every value is agreed yet (72 to go)"))

        let (_, chair) = try ChairFixture.evaluation(moderated: true)
        // Her values stay in, unsubmitted (the board shows 12/12); she is not scoring further.
        for bid in chair.bids() { try chair.declareNotScoring(bid: bid.id) }
        var driver = try ChairFixture.driver(chair)
        // Paper values are in, but nobody has submitted: sign-off lists them
        // (not the chair, who is not scoring) and asks why.
        driver.press(.character("s"))
        #expect(driver.canvas.text.contains("4 members have not submitted every bid they can score"))
        #expect(!driver.canvas.text.contains("Priya Shah:"))
        driver.press(.enter)
        #expect(driver.drain().isEmpty)
        driver.type("Scored on paper")
        driver.press(.enter)
        #expect(driver.drain() == [.signOff(anyway: "Scored on paper")])
        let record = try chair.signOff(anyway: "Scored on paper")
        #expect(record.seal.count > 0 && record.witnessProblem == nil)
        var board = try chair.board()
        #expect(board.signedOffAt != nil)
        board.signedOffAt = "2026-11-22T14:02:31.250Z" // a fixed time for the snapshot
        driver.send(.boardChanged(board))
        // A fixed seal for the snapshot; the chair is told to write it down.
        driver.send(.signedOff(seal: "Audit seal 1a2b3c4d5e6f7a8b, 388 entries", witnessProblem: nil))
        #expect(driver.canvas.text.contains("SIGNED OFF"))
        #expect(driver.canvas.text.contains("Write down: Audit seal 1a2b3c4d5e6f7a8b, 388 entries."))
        Snapshot.check(driver.canvas, named: "chair-board-signed-off")
        // Values cannot be agreed now.
        driver.press(.enter, .character("3"))
        #expect(driver.canvas.text.contains("signed off"))
        guard case let .moderation(screen) = driver.state.screen else { Issue.record("not moderating"); return }
        #expect(screen.focus == .choices)
        driver.press(.escape, .character("r"), .enter)
        #expect(driver.drain().isEmpty)
        #expect(driver.canvas.text.contains("Type why"))
        driver.type("Bidder queried a figure")
        driver.press(.enter)
        #expect(driver.drain() == [.reopenEvaluation(reason: "Bidder queried a figure")])
    }

    @Test func handOverForgetsTheChairsView() throws {
        let (_, chair) = try ChairFixture.evaluation()
        var driver = try ChairFixture.driver(chair)
        driver.press(.enter)
        driver.press(.control("x"))
        #expect(driver.state.chair == nil)
        #expect(driver.drain().contains(.signOut))
        #expect(!driver.canvas.text.contains("Moderate"))
    }

    /// The program loop on a real file: a value recorded by another
    /// connection (as another terminal would) reaches the chair's board
    /// without a key being pressed, and a moderation with a reason lands in
    /// the file with the members' values untouched.
    @Test func theBoardFollowsAnotherTerminalAndModerationIsSaved() throws {
        let (store, _) = try Youth.evaluation()
        let backend = StoreBackend(store: store)
        let device = WaitingDevice(script: .keys("pr") + .key(.enter) + .keys("2468") + .key(.enter) + .key(.enter) + .keys("y"))
        let state = AppState(panel: store.panel, members: try backend.memberEntries(), size: device.size, now: 0)
        let program = Program(state: state, backend: backend, device: device, clock: { 1 })
        program.pollMilliseconds = 20
        device.until = { $0.text.contains("Values in: 0 of 312") }
        program.run()

        let other = try EvaluationStore.open(path: store.path)
        let david = try other.signIn(member: "david", pin: Youth.pins["david"]!)
        try david.record(Slot(bid: "B1", criterion: "experience"), .scale(Exact(2)), comment: "Thin on outcomes")
        device.until = { $0.text.contains("Values in: 1 of 312") }
        program.run()
        let officerSlots = Steps.steps(panel: store.panel, role: .officer).count
        #expect(device.frames.last!.text.contains("1/\(officerSlots)"))

        // Priya scores too but has put nothing in: she says she is not scoring B1 (I, then Y).
        device.script = .key(.enter) + .keys("iy")
        device.until = { $0.text.contains("You are not scoring bid B1: saved in the audit log.") }
        program.run()
        device.script = .keys("3") + .keys("Agreed after discussion") + .key(.enter)
        device.until = { $0.text.contains("Agreed and saved") }
        program.run()
        let sheet = try store.signIn(member: "priya", pin: Youth.pins["priya"]!).scoreSheet()
        let agreed = sheet.moderatedValue(at: Slot(bid: "B1", criterion: "experience"))
        #expect(agreed?.value == .scale(Exact(3)))
        #expect(agreed?.reason == "Agreed after discussion")
        #expect(sheet.value(of: "david", at: Slot(bid: "B1", criterion: "experience"))?.value == .scale(Exact(2)))
    }
}

/// Plays a script, then keeps the loop idling until a frame shows what the
/// test waits for (or a generous limit passes), then stops it.
final class WaitingDevice: TerminalDevice {
    var size = Size(width: 80, height: 24)
    var script: [TerminalEvent]
    var frames: [Canvas] = []
    var until: (Canvas) -> Bool = { _ in true } {
        didSet { deadline = Date().addingTimeInterval(20) }
    }
    private var deadline = Date.distantFuture

    init(script: [TerminalEvent]) { self.script = script }

    func draw(_ canvas: Canvas) { frames.append(canvas) }
    func wipe() {}
    func nextEvent(milliseconds: Int) -> TerminalEvent {
        if !script.isEmpty { deadline = Date().addingTimeInterval(20); return script.removeFirst() }
        if let last = frames.last, until(last) { return .stop(reason: "seen") }
        if Date() > deadline { return .stop(reason: "gave up waiting") }
        if deadline == .distantFuture { deadline = Date().addingTimeInterval(20) }
        usleep(UInt32(milliseconds) * 1000)
        return .idle
    }
}

extension Driver {
    mutating func press(_ key: Key, times: Int) {
        for _ in 0..<times { press(key) }
    }
}

extension ChairScreenTests {
    /// The "What if" view names every rank reversal the engine finds.
    @Test func whatIfNamesEveryReversal() throws {
        let (_, chair) = try ChairFixture.evaluation(moderated: true)
        var driver = try ChairFixture.driver(chair)
        driver.press(.character("t"), .tab)
        Snapshot.check(driver.canvas, named: "chair-what-if")
        var panel = Youth.panel
        panel.bids = Youth.panel.bids
        let report = Sensitivity.analyse(panel: panel, sheet: try chair.scoreSheet())
        var seen = ""
        for _ in 0..<8 { seen += driver.canvas.text; driver.press(.pageDown) }
        for scenario in report.scenarios {
            #expect(seen.contains(scenario.name))
            for reversal in scenario.reversals { #expect(seen.contains(reversal.description)) }
        }
    }
}

extension ChairScreenTests {
    /// The ladder and pass/fail speak in their own terms: rungs by the keys
    /// and names members chose them by, pass and fail counted, never a mean.
    @Test func ladderAndPassFailReadInTheirOwnTerms() throws {
        let (_, chair) = try ChairFixture.evaluation()
        try ChairFixture.submitOwn(chair)
        var driver = try ChairFixture.driver(chair)
        driver.press(.enter)
        let slots = SlotReview.slots(bid: "B1", panel: Youth.panel)
        let ladder = try #require(slots.firstIndex { Youth.panel.criterion(id: $0.criterion)?.kind == .ladder })
        driver.press(.right, times: ladder)
        let sheet = try chair.scoreSheet()
        let rungs = Youth.panel.members.compactMap { sheet.value(of: $0.id, at: slots[ladder])?.value }
            .compactMap { value -> Int? in if case let .rung(index) = value { index } else { nil } }
        let text = driver.canvas.text
        let lowest = Youth.panel.ladder.rungs[rungs.min()!], highest = Youth.panel.ladder.rungs[rungs.max()!]
        if rungs.min() != rungs.max() {
            #expect(text.contains("from \(rungs.min()!) \(lowest.label) to \(rungs.max()!) \(highest.label)"))
        }
        #expect(text.contains("Members' mean: rung"))
        let ladderKeys = Steps.choices(for: Step(criterion: Youth.panel.criterion(id: slots[ladder].criterion)!, principle: nil, scored: true),
                                       panel: Youth.panel, plain: false).map(\.key)
        #expect(text.contains("\(Steps.keyRange(ladderKeys)) choose"))
        #expect(text.contains("0-6 choose"))

        let passFail = try #require(slots.firstIndex { Youth.panel.criterion(id: $0.criterion)?.kind == .passFail })
        driver.press(.right, times: passFail - ladder)
        let votes = Youth.panel.members.compactMap { sheet.value(of: $0.id, at: slots[passFail])?.value }
        let passes = votes.filter { $0 == .pass(true) }.count
        #expect(driver.canvas.text.contains("Members: \(passes) pass, \(votes.count - passes) fail."))
        #expect(driver.canvas.text.contains("P/F choose"))
        driver.press(.character("3"))
        #expect(driver.canvas.text.contains("Choose with P/F"))
    }
}
