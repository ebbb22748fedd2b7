import BidpanelCore
@testable import BidpanelStore
@testable import BidpanelTUI
import Foundation
import Testing

/// The chair's screens on tenders in lots, in stages and with a pair, at
/// 80×24 on real evaluation files: deciding a tied lot on the totals, and
/// the board, totals, what-if and agreement of the shipped youth tender
/// (3 lots, 2 stages, a pair) in its interview stage.
@Suite(.serialized) struct ChairStructureScreenTests {
    static let chairPIN = "2468", amiraPIN = "4826", jayPIN = "7391", davidPIN = "1357"

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-chair-structure-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A chair's terminal on the file, signed in through the backend.
    static func chairTerminal(_ store: EvaluationStore, chair: String) -> (Driver, StoreBackend) {
        var driver = Driver()
        driver.state = AppState(panel: store.panel, members: store.panel.members.map { MemberEntry(member: $0, hasPIN: true) },
                                size: Size(width: 80, height: 24), colour: true, idleLimit: 300, now: 1000)
        let backend = StoreBackend(store: store)
        for action in backend.perform(.signIn(member: chair, pin: chairPIN)) { driver.send(action) }
        _ = driver.drain()
        return (driver, backend)
    }

    static func carryOut(_ driver: inout Driver, _ backend: StoreBackend) {
        for effect in driver.drain() {
            for action in backend.perform(effect) { driver.send(action) }
        }
    }

    // MARK: - A tied lot

    /// youth-lots with N2 priced as N1 and both marked alike: north is tied.
    static func tiedLots() throws -> (EvaluationStore, MemberSession) {
        let path = Youth.folder + "/youth-lots.toml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "price = 80000\nlot = \"north\"", with: "price = 90000\nlot = \"north\"")
        let panel = try PanelFile.parse(text: text, file: path, readFile: { _ in nil }).panel
        let store = try EvaluationStore.create(at: try folder().appendingPathComponent("tied.bidpanel").path, panelPath: path,
                                               panelText: text, panel: panel, answersFiles: [:], chairPIN: chairPIN)
        let chair = try store.signIn(member: "chris", pin: chairPIN)
        try chair.setPIN(for: "amira", to: amiraPIN)
        let amira = try store.signIn(member: "amira", pin: amiraPIN)
        for session in [chair, amira] { try session.declareConflicts([]) }
        for (bid, experience, delivery) in [("N1", 4, 3), ("N2", 4, 3), ("S1", 5, 4), ("S2", 3, 3)] {
            try chair.record(Slot(bid: bid, criterion: "experience"), .scale(Exact(experience)))
            try chair.record(Slot(bid: bid, criterion: "delivery"), .scale(Exact(delivery)))
            try amira.record(Slot(bid: bid, criterion: "experience"), .scale(Exact(experience)))
            for session in [chair, amira] { try session.submit(bid: bid) }
        }
        return (store, chair)
    }

    @Test func theChairDecidesATiedLotOnTheTotalsWithAReasonAndCanUndoIt() throws {
        let (store, chair) = try Self.tiedLots()
        var (driver, backend) = Self.chairTerminal(store, chair: "chris")
        driver.send(.boardChanged(try chair.board()))
        driver.press(.character("t"))
        driver.state.status = nil
        #expect(driver.canvas.text.contains("Tied: lot north. D decides which bid wins."), "\(driver.canvas.text)")
        driver.press(.character("d"))
        #expect(driver.state.isTyping)
        driver.press(.tab)
        #expect(driver.canvas.text.contains("Lot north is tied: N1 [N2] · N2 wins. Why:"), "\(driver.canvas.text)")
        driver.press(.enter)
        #expect(driver.drain().isEmpty)
        #expect(driver.canvas.text.contains("Type why, then press Enter."))
        for character in "Wider reach in the north" { driver.press(.character(character)) }
        Snapshot.check(driver.canvas, named: "lots-tie-decide")
        driver.press(.enter)
        Self.carryOut(&driver, backend)
        #expect(try chair.tieDecisions() == [TieDecision(lot: "north", bid: "N2", reason: "Wider reach in the north")])
        #expect(driver.canvas.text.contains("Lot north goes to N2, your decision."), "\(driver.canvas.text)")
        driver.press(.end)
        let text = driver.canvas.text
        #expect(text.contains("north: N2 Northgate Trust, the chair's decision: the lot was tied"), "\(text)")
        #expect(!text.contains("Tied: lot north"))
        Snapshot.check(driver.canvas, named: "lots-tie-decided")
        // Undo: U, a reason, Enter.
        driver.press(.character("u"))
        #expect(driver.canvas.text.contains("Undo your decision on lot north (N2)? Why:"))
        for character in "Decided too soon" { driver.press(.character(character)) }
        driver.press(.enter)
        Self.carryOut(&driver, backend)
        #expect(try chair.tieDecisions().isEmpty)
        #expect(try chair.auditEntries().suffix(2).map(\.action) == ["decide-tie", "undo-tie-decision"])
        #expect(driver.canvas.text.contains("Tied: lot north."), "\(driver.canvas.text)")
    }

    @Test func withNoTiedLotDSaysSo() throws {
        let (store, chair) = try PairsWithLotsAndStagesScreenTests.evaluation("youth-lots")
        try chair.declareConflicts([])
        var (driver, _) = Self.chairTerminal(store, chair: "chris")
        driver.send(.boardChanged(try chair.board()))
        driver.press(.character("t"), .character("d"))
        #expect(driver.state.isTyping == false)
        #expect(driver.canvas.text.contains("No lot is tied, so there is nothing to decide."), "\(driver.canvas.text)")
    }

    // MARK: - A pair in lots and in stages

    @Test func theChairsBoardAndTotalsWithAPairInLots() throws {
        let (store, chair) = try PairsWithLotsAndStagesScreenTests.evaluation("youth-lots")
        let pair = try store.signIn(pair: "amira-jay", pins: [Self.amiraPIN, Self.jayPIN])
        for session in [chair, pair] { try session.declareConflicts([]) }
        try pair.record(Slot(bid: "N1", criterion: "experience"), .scale(4))
        var (driver, _) = Self.chairTerminal(store, chair: "chris")
        driver.send(.boardChanged(try chair.board()))
        driver.state.status = nil
        let board = driver.canvas.text
        // The pair is one column; each lot has its heading.
        #expect(board.contains("Amira+Jay"), "\(board)")
        #expect(board.contains("Lot north: North locality · agreed 0 of 4") && board.contains("Lot south: South locality"), "\(board)")
        Snapshot.check(driver.canvas, named: "pairs-lots-chair-board")
        driver.press(.character("t"))
        Snapshot.check(driver.canvas, named: "pairs-lots-chair-totals")
    }

    @Test func theChairsBoardAndTotalsWithAPairInStages() throws {
        let (store, chair) = try PairsWithLotsAndStagesScreenTests.evaluation("youth-stages")
        let (_, pair) = try PairsWithLotsAndStagesScreenTests.writtenStageSignedOff(store, chair: chair, tomPIN: Self.davidPIN)
        try pair.record(Slot(bid: "B1", criterion: "questions"), .scale(4))
        var (driver, _) = Self.chairTerminal(store, chair: "chris")
        driver.send(.boardChanged(try chair.board()))
        driver.state.status = nil
        let board = driver.canvas.text
        #expect(board.contains("In stage 2: values in 1 of"), "\(board)")
        Snapshot.check(driver.canvas, named: "pairs-stages-chair-board")
        driver.press(.character("t"))
        #expect(!driver.canvas.text.contains("Working out"))
        Snapshot.check(driver.canvas, named: "pairs-stages-chair-totals")
        driver.press(.tab, .tab)
        let agreement = TotalsScreen.lines(.agreement, chair: try #require(driver.state.chair), width: 76).joined(separator: "\n")
        #expect(agreement.contains("Stage 1 (Written bids)") && agreement.contains("Stage 2 (Interviews)"), "\(agreement)")
    }

    // MARK: - The shipped youth tender

    /// panels/youth-tender.toml (3 lots, 2 stages, a pair) with its sample
    /// written marks, stage 1 signed off, and its interview marks for north.
    /// With `interviews` false, stage 1 is scored but not signed off.
    static func youthTender(interviews: Bool = true) throws -> (EvaluationStore, MemberSession) {
        let path = Youth.folder + "/youth-tender.toml"
        let loaded = try PanelFile.load(path: path)
        let store = try EvaluationStore.create(at: try folder().appendingPathComponent("tender.bidpanel").path, panelPath: path,
                                               panelText: loaded.text, panel: loaded.panel, answersFiles: loaded.answersFiles,
                                               chairPIN: chairPIN)
        let priya = try store.signIn(member: "priya", pin: chairPIN)
        try priya.setPIN(for: "david", to: davidPIN)
        try priya.setPIN(for: "amira", to: amiraPIN)
        try priya.setPIN(for: "jay", to: jayPIN)
        let david = try store.signIn(member: "david", pin: davidPIN)
        let pair = try store.signIn(pair: "amira-jay", pins: [amiraPIN, jayPIN])
        let sessions = ["priya": priya, "david": david, "amira-jay": pair]
        for session in sessions.values { try session.declareConflicts([]) }
        let rows = try String(contentsOfFile: Youth.folder + "/youth-tender-scores.csv", encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        func record(stage: String, lots: Set<String>) throws {
            for row in rows where row[1] == stage && lots.contains(row[0]) {
                try sessions[row[4]]!.record(Slot(bid: row[2], criterion: row[3]), .scale(Exact(Int(row[5])!)))
            }
            for bid in Set(rows.filter { $0[1] == stage && lots.contains($0[0]) }.map { $0[2] }) {
                for (member, session) in sessions where rows.contains(where: { $0[1] == stage && $0[2] == bid && $0[4] == member }) {
                    try session.submit(bid: bid)
                }
            }
        }
        try record(stage: "written", lots: ["north", "central", "south"])
        guard interviews else { return (store, priya) }
        try priya.signOffStage("written")
        try record(stage: "interview", lots: ["north"])
        return (store, priya)
    }

    @Test func theYouthTendersChairScreensInTheInterviewStage() throws {
        let (store, chair) = try Self.youthTender()
        var (driver, _) = Self.chairTerminal(store, chair: "priya")
        driver.send(.boardChanged(try chair.board()))
        driver.state.status = nil
        let board = driver.canvas.text
        for heading in ["Lot north: North locality", "Lot central: Town centre", "Lot south: South locality"] {
            #expect(board.contains(heading), "\(board)")
        }
        #expect(board.contains("In stage 2:"), "\(board)")
        Snapshot.check(driver.canvas, named: "youth-tender-board-stage-2")
        driver.press(.character("t"))
        Snapshot.check(driver.canvas, named: "youth-tender-totals")
        driver.press(.tab)
        let whatIf = driver.canvas.text
        #expect(whatIf.contains("In stages, they are tried on the final result"), "\(whatIf)")
        Snapshot.check(driver.canvas, named: "youth-tender-what-if")
        driver.press(.tab)
        Snapshot.check(driver.canvas, named: "youth-tender-agreement")
        // Moderation: the interview's items only, and the title says so.
        driver.press(.escape, .enter)
        guard case let .moderation(moderation) = driver.state.screen else { Issue.record("N1 did not open: \(driver.canvas.text)"); return }
        #expect(moderation.slots.map(\.criterion) == ["questions", "voice"])
        #expect(driver.canvas.text.contains("Stage 2 · item 1 of 2"), "\(driver.canvas.text)")
    }
}

extension ChairStructureScreenTests {
    /// An officer in the youth tender's interview stage, which only the
    /// chair and the young assessors score: the list says so, and so does Enter.
    @Test func anOfficerIsToldThereIsNothingToScoreInTheInterviewStage() throws {
        let (store, _) = try Self.youthTender()
        var driver = Driver()
        driver.state = AppState(panel: store.panel, members: store.panel.members.map { MemberEntry(member: $0, hasPIN: true) },
                                size: Size(width: 80, height: 24), colour: true, idleLimit: 300, now: 1000)
        let backend = StoreBackend(store: store)
        for action in backend.perform(.signIn(member: "david", pin: Self.davidPIN)) { driver.send(action) }
        Self.carryOut(&driver, backend)
        #expect(driver.canvas.text.contains("N1   Riverside Youth Arts     £125,000  nothing to score now"), "\(driver.canvas.text)")
        #expect(driver.canvas.text.contains("N2   Northgate Trust           £96,000  not shortlisted"))
        driver.press(.enter)
        Self.carryOut(&driver, backend)
        #expect(driver.canvas.text.contains("There is nothing for you to score in this stage."), "\(driver.canvas.text)")
        Snapshot.check(driver.canvas, named: "youth-tender-officer-stage-2")
    }
}
