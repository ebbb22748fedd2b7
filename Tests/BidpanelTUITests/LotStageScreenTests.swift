import BidpanelCore
@testable import BidpanelStore
@testable import BidpanelTUI
import Foundation
import Testing

/// A tender split into lots and scored in stages on the chair's board and
/// totals and a young assessor's list and walkthrough, on
/// a real file of panels/youth-lots-stages.toml (`init` still refuses it,
/// so the file is made without that refusal). 80×24.
@Suite struct LotStageScreenTests {
    static let pins = ["chris": "2468", "amira": "2580"]

    /// Stage 1 scored in both lots and signed off; the chair put N3 back on
    /// the north lot's shortlist. North goes on: N1, N2, N3; south: S2, S3.
    static func evaluation() throws -> (EvaluationStore, chair: MemberSession) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-tui-lotstages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let panelPath = Youth.folder + "/youth-lots-stages.toml"
        let loaded = try PanelFile.load(path: panelPath)
        let store = try EvaluationStore.create(at: folder.appendingPathComponent("lotstages.bidpanel").path, panelPath: panelPath,
                                               panelText: loaded.text, panel: loaded.panel, answersFiles: loaded.answersFiles,
                                               chairPIN: pins["chris"]!)
        let chair = try store.signIn(member: "chris", pin: pins["chris"]!)
        try chair.setPIN(for: "amira", to: pins["amira"]!)
        let amira = try store.signIn(member: "amira", pin: pins["amira"]!)
        for session in [chair, amira] { try session.declareConflicts([]) }
        let marks: [(String, [Int])] = [("N1", [4, 4]), ("N2", [3, 3]), ("N3", [1, 2]), ("S1", [2, 2]), ("S2", [5, 4]), ("S3", [3, 3])]
        for (bid, values) in marks {
            for (session, value) in zip([chair, amira], values) {
                try session.record(Slot(bid: bid, criterion: "plan"), .scale(Exact(value)))
                try session.submit(bid: bid)
            }
        }
        try chair.signOffStage("written")
        try chair.overrideShortlist(stage: "written", bid: "N3", goesOn: true, reason: "A strong local record")

        return (store, chair)
    }

    static func carryOut(_ driver: inout Driver, _ backend: StoreBackend) {
        for effect in driver.drain() {
            for action in backend.perform(effect) { driver.send(action) }
        }
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

    @Test func theChairsTotalsShowEachLotsStagesAndShortlistThenItsFinalResult() throws {
        let (store, chair) = try Self.evaluation()
        var (driver, _) = Self.terminal(store, "chris")
        driver.send(.boardChanged(try chair.board()))
        driver.state.status = nil
        // The board: the stage and the rule; the bid in focus, its lot's own shortlist.
        #expect(driver.canvas.text.contains("Stage 2 of 2: Interviews · shortlist: top 2 in each lot · L changes it"))
        #expect(driver.canvas.text.contains("N1: on the shortlist · lot north: N1, N2, N3"), "\(driver.canvas.text)")
        for _ in 0..<4 { driver.press(.down) }
        #expect(driver.canvas.text.contains("S2: on the shortlist · lot south: S2, S3"), "\(driver.canvas.text)")
        driver.press(.up)
        #expect(driver.canvas.text.contains("S1: not shortlisted (outside the top places) · lot south: S2, S3"))
        Snapshot.check(driver.canvas, named: "lotstages-board-stage-2")
        driver.press(.character("t"))
        let totals = driver.canvas.text
        #expect(totals.contains("Lot north: North locality"), "\(totals)")
        #expect(totals.contains("Stage 1 of 2: Written bids"), "\(totals)")
        Snapshot.check(driver.canvas, named: "lotstages-totals")
        // Below the first screen: each lot's shortlist with its rule, its final result, then the awards.
        let chairData = try #require(driver.state.chair)
        let all = try #require(StageBoard.totalsLines(chairData, width: 76)).joined(separator: "\n")
        let north = try #require(all.range(of: "Lot north: North locality")), south = try #require(all.range(of: "Lot south: South locality"))
        let northPart = String(all[north.lowerBound..<south.lowerBound]), southPart = String(all[south.lowerBound...])
        #expect(northPart.contains("goes on: N1, N2, N3") && northPart.contains("the chair put N3 on the shortlist: A strong local record"))
        #expect(southPart.contains("not shortlisted: S1 (outside the top places)"))
        #expect(northPart.contains("Final result") && southPart.contains("Final result"))
        #expect(all.contains("Shortlist: the top 2 by quality marks"))
        #expect(all.contains("win at most 1 lot.") && southPart.contains("Who wins each lot"))
    }

    @Test func aYoungAssessorWalksTheInterviewLotByLotForShortlistedBidsOnly() throws {
        let (store, chair) = try Self.evaluation()
        var (driver, backend) = Self.terminal(store, "amira")
        let text = driver.canvas.text
        #expect(text.contains("Part 2 of 2: Interviews. Score only the bids that were picked."), "\(text)")
        #expect(text.contains("not picked"))
        Snapshot.check(driver.canvas, named: "lotstages-bid-list-young")
        driver.press(.down, .down, .down, .enter) // S1, not on the south lot's shortlist
        #expect(driver.drain().isEmpty)
        #expect(driver.canvas.text.contains("Bid S1 was not picked for this part (outside the top places)."), "\(driver.canvas.text)")
        driver.press(.up, .enter) // N3, put on by the chair
        Self.carryOut(&driver, backend)
        guard case let .walkthrough(walk) = driver.state.screen else { Issue.record("N3 did not open"); return }
        #expect(walk.steps.map(\.criterion.id) == ["questions"])
        driver.press(.character("4"))
        Self.carryOut(&driver, backend)
        #expect(try chair.scoreSheet().memberValues.contains { $0.slot == Slot(bid: "N3", criterion: "questions") && $0.member == "amira" })
    }
}
