import BidpanelCore
import BidpanelStore
import BidpanelTUI
import Foundation
import Testing

/// A tender in stages on the screens (issue 13, stages), on a real file of
/// panels/youth-stages.toml: the chair signs stage 1 off from the board and
/// changes the shortlist with a reason; a young assessor then walks only
/// the interview criterion, for shortlisted bids only. 80×24.
@Suite(.serialized) struct StageScreenTests {
    static let pins = ["chris": "2468", "tom": "1357", "amira": "2580"]

    static func evaluation() throws -> (EvaluationStore, chair: MemberSession, members: [MemberSession]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-tui-stages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let panelPath = Youth.folder + "/youth-stages.toml"
        let loaded = try PanelFile.load(path: panelPath)
        let store = try EvaluationStore.create(at: folder.appendingPathComponent("stages.bidpanel").path, panelPath: panelPath,
                                               panelText: loaded.text, panel: loaded.panel, answersFiles: loaded.answersFiles,
                                               chairPIN: pins["chris"]!)
        let chair = try store.signIn(member: "chris", pin: pins["chris"]!)
        try chair.setPIN(for: "tom", to: pins["tom"]!)
        try chair.setPIN(for: "amira", to: pins["amira"]!)
        let tom = try store.signIn(member: "tom", pin: pins["tom"]!), amira = try store.signIn(member: "amira", pin: pins["amira"]!)
        for session in [chair, tom, amira] { try session.declareConflicts([]) }
        for (bid, values) in [("B1", [4, 4, 5]), ("B2", [3, 3, 3]), ("B3", [2, 1, 2])] {
            for (session, value) in zip([chair, tom, amira], values) {
                try session.record(Slot(bid: bid, criterion: "plan"), .scale(Exact(value)))
                try session.submit(bid: bid)
            }
        }
        return (store, chair, [tom, amira])
    }

    /// A terminal on the file, signed in through the backend as `member`.
    static func terminal(_ store: EvaluationStore, _ member: String) -> (Driver, StoreBackend) {
        var driver = Driver()
        driver.state = AppState(panel: store.panel, members: store.panel.members.map { MemberEntry(member: $0, hasPIN: true) },
                                size: Size(width: 80, height: 24), colour: true, idleLimit: 300, now: 1000)
        let backend = StoreBackend(store: store)
        for action in backend.perform(.signIn(member: member, pin: pins[member]!)) { driver.send(action) }
        _ = driver.drain()
        return (driver, backend)
    }

    static func carryOut(_ driver: inout Driver, _ backend: StoreBackend) {
        for effect in driver.drain() {
            for action in backend.perform(effect) { driver.send(action) }
        }
    }

    @Test func theChairSignsOffStageOneAndChangesTheShortlistWithAReason() throws {
        let (store, chair, _) = try Self.evaluation()
        var (driver, backend) = Self.terminal(store, "chris")
        driver.send(.boardChanged(try chair.board()))
        #expect(driver.canvas.text.contains("Stage 1 of 2: Written bids · S signs it off"))
        Snapshot.check(driver.canvas, named: "stages-board-stage-1")
        driver.press(.character("s"))
        #expect(driver.canvas.text.contains("Sign off stage 1? Its marks are then fixed"))
        driver.press(.character("y"))
        let effects = driver.effects
        #expect(effects == [.signOffStage(stage: "written", anyway: "")])
        Self.carryOut(&driver, backend)
        #expect(try chair.stageStanding()?.current == 1)
        #expect(driver.canvas.text.contains("Stage 2 of 2: Interviews · shortlist (top 2): B1, B2 · L changes it"))
        let seal = try store.seal().line
        #expect(driver.canvas.text.contains("Stage signed off. Write down: \(seal)."), "\(driver.canvas.text)")
        driver.state.status = nil // the seal changes with the time: kept out of the snapshot
        // B3 in focus: why it is not on the shortlist.
        driver.press(.down, .down)
        #expect(driver.canvas.text.contains("B3: not shortlisted (outside the top places)"))
        Snapshot.check(driver.canvas, named: "stages-board-stage-2")
        driver.press(.character("l"))
        #expect(driver.canvas.text.contains("Why put B3 on the shortlist?"))
        driver.press(.enter)
        #expect(driver.drain().isEmpty) // no reason, nothing done
        driver.type("Two marks behind B2")
        driver.press(.enter)
        #expect(driver.effects == [.overrideShortlist(stage: "written", bid: "B3", goesOn: true, reason: "Two marks behind B2")])
        Self.carryOut(&driver, backend)
        #expect(driver.canvas.text.contains("shortlist (top 2): B1, B2, B3"))
        #expect(driver.canvas.text.contains("B3: on the shortlist (put on by the chair): Two marks behind B2"))
        #expect(try chair.auditEntries().last?.reason == "Two marks behind B2")
        // The totals: each stage with its shortlist, then the final result.
        driver.state.status = nil
        driver.press(.character("t"))
        let totals = driver.canvas.text
        #expect(totals.contains("Stage 1 of 2: Written bids") && totals.contains("goes on: B1, B2, B3"), "\(totals)")
        #expect(totals.contains("the chair put B3 on the shortlist: Two marks behind B2") || totals.contains("Stage 2 of 2"), "\(totals)")
        Snapshot.check(driver.canvas, named: "stages-totals")
        // The interviews scored and submitted: S on the board signs the evaluation off.
        driver.press(.escape)
        let amira = try store.signIn(member: "amira", pin: Self.pins["amira"]!)
        for session in [chair, amira] {
            for (bid, value) in [("B1", 3), ("B2", 5), ("B3", 4)] {
                try session.record(Slot(bid: bid, criterion: "questions"), .scale(Exact(value)))
                try session.submit(bid: bid)
            }
        }
        driver.send(.boardChanged(try chair.board()))
        driver.press(.character("s"))
        #expect(driver.canvas.text.contains("Sign off now? The evaluation becomes read-only."), "\(driver.canvas.text)")
        driver.press(.character("y"))
        #expect(driver.effects == [.signOff(anyway: "")])
        Self.carryOut(&driver, backend)
        #expect(try chair.isSignedOff())
        #expect(try store.verifyAudit().isEmpty)
    }

    @Test func aYoungAssessorScoresOnlyTheInterviewForShortlistedBids() throws {
        let (store, chair, _) = try Self.evaluation()
        try chair.signOffStage("written")
        var (driver, backend) = Self.terminal(store, "amira")
        let text = driver.canvas.text
        #expect(text.contains("Part 2 of 2: Interviews. Score only the bids that were picked."))
        #expect(text.contains("not picked"))
        Snapshot.check(driver.canvas, named: "stages-bid-list-young")
        driver.press(.down, .down, .enter) // B3
        #expect(driver.drain().isEmpty)
        #expect(driver.canvas.text.contains("Bid B3 was not picked for this part (outside the top places)."))
        driver.press(.up, .up, .enter) // B1
        Self.carryOut(&driver, backend)
        guard case let .walkthrough(walk) = driver.state.screen else { Issue.record("B1 did not open"); return }
        #expect(walk.steps.map(\.criterion.id) == ["questions"])
        #expect(driver.canvas.text.contains("Did they answer our questions well?"))
        Snapshot.check(driver.canvas, named: "stages-walkthrough-young")
        driver.press(.character("4"))
        Self.carryOut(&driver, backend)
        #expect(try chair.scoreSheet().memberValues.contains { $0.slot == Slot(bid: "B1", criterion: "questions") && $0.member == "amira" })
    }
}
