import BidpanelCore
@testable import BidpanelStore
@testable import BidpanelTUI
import Foundation
import Testing

/// A tender split into lots and scored in stages on the chair's totals, on
/// a real file of panels/youth-lots-stages.toml (`init` still refuses it,
/// so the file is made without that refusal). 80×24.
@Suite struct LotStageScreenTests {
    @Test func theChairsTotalsShowEachLotsStagesAndShortlistThenItsFinalResult() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-tui-lotstages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let panelPath = Youth.folder + "/youth-lots-stages.toml"
        let loaded = try PanelFile.load(path: panelPath)
        let store = try EvaluationStore.create(at: folder.appendingPathComponent("lotstages.bidpanel").path, panelPath: panelPath,
                                               panelText: loaded.text, panel: loaded.panel, answersFiles: loaded.answersFiles,
                                               chairPIN: "2468", structureChecked: false)
        let chair = try store.signIn(member: "chris", pin: "2468")
        try chair.setPIN(for: "amira", to: "2580")
        let amira = try store.signIn(member: "amira", pin: "2580")
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

        var driver = Driver()
        driver.state = AppState(panel: store.panel, members: store.panel.members.map { MemberEntry(member: $0, hasPIN: true) },
                                size: Size(width: 80, height: 24), colour: true, idleLimit: 300, now: 1000)
        let backend = StoreBackend(store: store)
        for action in backend.perform(.signIn(member: "chris", pin: "2468")) { driver.send(action) }
        _ = driver.drain()
        driver.send(.boardChanged(try chair.board()))
        driver.state.status = nil
        // The board: the stage and the rule; the bid in focus, its lot's own shortlist.
        #expect(driver.canvas.text.contains("Stage 2 of 2: Interviews · shortlist: top 2 in each lot · L changes it"))
        #expect(driver.canvas.text.contains("N1: on the shortlist (shortlisted) · lot north: N1, N2, N3"), "\(driver.canvas.text)")
        for _ in 0..<4 { driver.press(.down) }
        #expect(driver.canvas.text.contains("S2: on the shortlist (shortlisted) · lot south: S2, S3"), "\(driver.canvas.text)")
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
}
