import BidpanelCore
import BidpanelStore
@testable import BidpanelTUI
import Foundation
import Testing

/// The screens of a tender split into lots (panels/youth-lots.toml): the
/// member's bids lot by lot under a heading per lot, and the chair's
/// totals and what-if lot by lot with who wins each lot.
enum LotsFixture {
    static let path = Youth.folder + "/youth-lots.toml"
    static let text = try! String(contentsOfFile: path, encoding: .utf8)
    static let chairPIN = "2468"

    /// An evaluation file of `text` (youth-lots unless given), with the
    /// shipped scores, or `values` instead, imported.
    static func evaluation(text: String = text, values: [MemberValue]? = nil) throws -> (EvaluationStore, MemberSession) {
        let panel = try PanelFile.parse(text: text, file: path, readFile: { _ in nil }).panel
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-lots-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try EvaluationStore.create(at: folder.appendingPathComponent("lots.bidpanel").path, panelPath: path,
                                               panelText: text, panel: panel, answersFiles: [:], chairPIN: chairPIN)
        let chair = try store.signIn(member: "chris", pin: chairPIN)
        let scores = try String(contentsOfFile: Youth.folder + "/youth-lots-scores.csv", encoding: .utf8)
        let imported = try values ?? ScoresCSV.memberValues(text: scores, file: "scores", panel: store.panel)
        try chair.importPaper(values: imported, moderated: [], conflicts: [], noConflicts: ["chris", "amira"])
        return (store, chair)
    }

    /// The chair signed in on the board of `store`.
    static func chairDriver(_ store: EvaluationStore, _ chair: MemberSession) throws -> Driver {
        var driver = Driver()
        driver.state = AppState(panel: store.panel, members: store.panel.members.map { MemberEntry(member: $0, hasPIN: true) },
                                size: Size(width: 80, height: 24))
        driver.send(.signedIn(Session(member: chair.member, bids: chair.bids(), progress: try chair.myProgress(),
                                      conflictsDeclared: true)))
        driver.send(.boardChanged(try chair.board()))
        _ = driver.drain()
        return driver
    }

    /// Amira (young) on her list of bids, with `panel` (youth-lots unless given).
    static func memberDriver(_ panel: Panel) -> Driver {
        var driver = Driver()
        driver.state = AppState(panel: panel, members: panel.members.map { MemberEntry(member: $0, hasPIN: true) },
                                size: Size(width: 80, height: 24))
        let bids = panel.bidsGroupedByLot().bids.map { bid -> Bid in var bid = bid; bid.price = nil; return bid }
        let progress = Dictionary(uniqueKeysWithValues: bids.map { ($0.id, BidProgress(recorded: 0, needed: 1, submitted: false, conflicted: false)) })
        driver.send(.signedIn(Session(member: panel.member(id: "amira")!, bids: bids, progress: progress, conflictsDeclared: true)))
        _ = driver.drain()
        return driver
    }
}

@Suite(.serialized) struct LotScreenTests {
    static var panel: Panel { try! PanelFile.parse(text: LotsFixture.text, file: LotsFixture.path, readFile: { _ in nil }).panel }

    /// The south lot with a long title holding an escape sequence, and its
    /// bids listed before the north's in the file.
    static var hostile: Panel {
        var panel = panel
        panel.lots[1].title = "South locality \u{1B}[2J\u{1B}]0;pwned\u{07} and the estates beyond the old mill, where the youth club meets on Fridays"
        panel.bids = [panel.bids[2], panel.bids[0], panel.bids[3], panel.bids[1]]
        return panel
    }

    @Test func theBidListHasAHeadingPerLotWithEachLotsBidsUnderIt() {
        let driver = LotsFixture.memberDriver(Self.hostile)
        Snapshot.check(driver.canvas, named: "lots-bid-list")
        let rows = driver.canvas.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let north = rows.firstIndex { $0.hasPrefix("  Lot north: North locality") }
        let south = rows.firstIndex { $0.hasPrefix("  Lot south: South locality") }
        let order = ["N1", "N2", "S1", "S2"].map { id in rows.firstIndex { $0.contains(" \(id)   ") } }
        #expect(north != nil && south != nil && order.allSatisfy { $0 != nil })
        #expect(north! < order[0]! && order[1]! < south! && south! < order[2]!, "\(rows)")
        // The title is cut at the window's edge, and its escape sequence is shown, never obeyed.
        #expect(!driver.canvas.text.contains("\u{1B}") && !driver.canvas.text.contains("\u{07}"))
        #expect(rows[south!].count <= 80 && rows[south!].hasSuffix("…"), "\(rows[south!])")
    }

    @Test func membersWalkTheBidsLotByLot() {
        var driver = LotsFixture.memberDriver(Self.hostile)
        driver.press(.down, .down)
        #expect(driver.canvas.text.contains("▸ S1"))
        driver.press(.enter)
        #expect(driver.drain() == [.openBid("S1")])
        // Past the last bid of a lot is the first of the next, and a heading is never chosen.
        driver.press(.end)
        #expect(driver.canvas.text.contains("▸ S2"))
        // The bid's screens name its lot.
        var s1 = Self.hostile.bid(id: "S1")!
        s1.price = nil
        driver.send(.bidOpened(s1, values: [:], submitted: false))
        #expect(driver.canvas.text.contains("Bid S1 (lot south) · Riverside Youth Arts"))
    }

    @Test func theChairsTotalsAreLotByLotThenWhoWinsEachLot() throws {
        let (store, chair) = try LotsFixture.evaluation()
        var driver = try LotsFixture.chairDriver(store, chair)
        driver.press(.character("t"))
        Snapshot.check(driver.canvas, named: "lots-totals")
        let data = try #require(driver.state.chair)
        let lines = TotalsScreen.lines(.totals, chair: data, width: 76)
        let north = try #require(lines.firstIndex(of: "Lot north: North locality"))
        let south = try #require(lines.firstIndex(of: "Lot south: South locality"))
        let awards = try #require(lines.firstIndex(of: "Who wins each lot"))
        #expect(north < south && south < awards)
        #expect(lines[north..<south].contains { $0.contains("1 N1  Riverside Youth Arts") })
        #expect(lines[south..<awards].contains { $0.contains("2 S2  Southbank Youth") })
        #expect(lines[awards...].contains("south: S2 Southbank Youth"))
        #expect(lines[awards...].contains { $0.contains("passed over: S1 (rank 1); its bidder has already won 1 lot (north)") })
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 76 })
        // The board names the lot of the bid in focus.
        driver.press(.escape)
        #expect(driver.canvas.text.contains("N1 (lot north) · "))
    }

    @Test func whatIfIsTriedLotByLot() throws {
        let (store, chair) = try LotsFixture.evaluation()
        let data = ChairData(board: try chair.board(), panel: store.panel)
        let lines = TotalsScreen.lines(.whatIf, chair: data, width: 76)
        let north = try #require(lines.firstIndex(of: "Lot north: North locality"))
        let south = try #require(lines.firstIndex(of: "Lot south: South locality"))
        #expect(north < south)
        // Each lot's order names only its own bids.
        #expect(lines[north..<south].allSatisfy { !$0.contains("S1") && !$0.contains("S2") })
        #expect(lines[south...].allSatisfy { !$0.contains("N1") && !$0.contains("N2") })
    }

    /// Property, through the store: north's result (marks, ranks, flags,
    /// exclusions) is the same whatever is recorded for the south's bids and
    /// whatever the south's prices are; and the chair's data kept up to
    /// date after changes equals a fresh read.
    @Test(arguments: [UInt64(1), 7, 42])
    func aLotsResultDoesNotDependOnAnotherLotsBids(seed: UInt64) throws {
        var rng = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next(_ n: Int) -> Int {
            rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17
            return Int(rng % UInt64(n))
        }
        let scores = try String(contentsOfFile: Youth.folder + "/youth-lots-scores.csv", encoding: .utf8)
        let shipped = try ScoresCSV.memberValues(text: scores, file: "scores", panel: Self.panel)
        let southValues = shipped.map { value -> MemberValue in
            guard value.slot.bid.hasPrefix("S") else { return value }
            var changed = value
            changed.value = .scale(Exact(next(6)))
            return changed
        }.filter { !$0.slot.bid.hasPrefix("S") || next(4) != 0 }
        let price = 40000 + next(60000)
        let text = LotsFixture.text.replacingOccurrences(of: "price = 75000", with: "price = \(price)")
        let (storeA, chairA) = try LotsFixture.evaluation()
        let (storeB, chairB) = try LotsFixture.evaluation(text: text, values: southValues)
        let a = ChairData(board: try chairA.board(), panel: storeA.panel)
        let b = ChairData(board: try chairB.board(), panel: storeB.panel)
        #expect(a.tender?.lot("north") == b.tender?.lot("north"))
        #expect(b.tender == LotScoring.score(storeB.panel, try chairB.scoreSheet()))

        // Kept up to date after a change in one lot, it equals a fresh read.
        var feed = try chairB.boardFeed()
        var kept = ChairData(board: feed.board, panel: storeB.panel)
        try chairB.record(Slot(bid: "S2", criterion: "delivery"), .scale(Exact(next(6))))
        let change = try chairB.update(&feed)
        kept.apply(feed.board, change: change)
        let fresh = ChairData(board: try chairB.board(), panel: storeB.panel)
        #expect(kept.sameWorkingAs(fresh) && kept.tender == fresh.tender)
        #expect(kept.tender?.lot("north") == a.tender?.lot("north"))
    }
}
