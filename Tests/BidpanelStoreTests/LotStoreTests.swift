import BidpanelCore
import Foundation
import GRDB
import Testing
@testable import BidpanelStore

/// An evaluation file of a tender split into lots (without stages or
/// pairs): the bids' lots come from the sealed panel text, each lot's
/// title, budget, abnormally-low setting and weights and each bid's lot are
/// named by the seal, and conflicts stay per bid.
@Suite("Evaluation file: lots")
struct LotStoreTests {
    static let panelPath = Fixtures.root.appendingPathComponent("panels/youth-lots.toml").path

    /// youth-lots, or its text changed by `edit` before init.
    static func store(_ edit: (String) -> String = { $0 }) throws -> EvaluationStore {
        let text = edit(try String(contentsOfFile: panelPath, encoding: .utf8))
        let panel = try PanelFile.parse(text: text, file: panelPath, readFile: { _ in nil }).panel
        let path = Fixtures.temporaryFolder().appendingPathComponent("lots.bidpanel").path
        return try EvaluationStore.create(at: path, panelPath: panelPath, panelText: text, panel: panel, answersFiles: [:],
                                          chairPIN: Fixtures.chairPIN)
    }

    func tampered(_ store: EvaluationStore, _ sql: String) throws -> EvaluationStore {
        try Fixtures.sqlite(store.path, "DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete; " + sql)
        return try EvaluationStore.open(path: store.path)
    }

    @Test func initHoldsALotsPanelAndTheSealNamesEachLotAndEachBidsLot() throws {
        let made = try Self.store()
        let items = try made.pool.read { db in try ContentSeal.storedItems(seq: 1, in: db) }
        let sealed = Dictionary(items.map { ($0.label, $0.value) }, uniquingKeysWith: { $1 })
        #expect(sealed["lot north's title"] == "North locality")
        #expect(sealed["lot north's budget"] == "100000")
        #expect(sealed["lot south's budget"] == "none")
        #expect(sealed["lot south's weights"] == "delivery 40, experience 40")
        #expect(sealed["lot north's abnormally-low setting"] == "none")
        #expect(sealed["bid S1's lot"] == "south" && sealed["bid N2's lot"] == "north")

        let store = try EvaluationStore.open(path: made.path)
        #expect(try store.verifyAudit().isEmpty)
        #expect(store.panel.lots.map(\.id) == ["north", "south"])
        #expect(store.panel.bids.map { "\($0.id) \($0.lot ?? "-")" } == ["N1 north", "N2 north", "S1 south", "S2 south"])
        #expect(store.panel.lots[1].weights == ["experience": 40, "delivery": 40])
    }

    @Test func aPanelWithoutLotsSealsNoLotItem() throws {
        let store = try Fixtures.youthStore()
        let items = try store.pool.read { db in try ContentSeal.storedItems(seq: 1, in: db) }
        #expect(!items.contains { $0.label.hasPrefix("lot ") || $0.label.hasSuffix("'s lot") })
    }

    @Test(arguments: [
        ("budget = 100000", "budget = 1", "lot north's budget was changed after the file was made: it was \"100000\", it is now \"1\""),
        ("title = \"South locality\"", "title = \"South\"", "lot south's title was changed after the file was made: it was \"South locality\", it is now \"South\""),
        ("weights = { experience = 40, delivery = 40 }", "weights = { experience = 50, delivery = 30 }",
         "lot south's weights was changed after the file was made: it was \"delivery 40, experience 40\", it is now \"delivery 30, experience 50\""),
        ("price = 80000\nlot = \"north\"", "price = 80000\nlot = \"south\"",
         "bid N2's lot was changed after the file was made: it was \"north\", it is now \"south\""),
    ])
    func aLotEditedWithTheSqliteShellIsNamedAndNothingMoreIsRecorded(from: String, to: String, problem: String) throws {
        let made = try Self.store()
        let store = try tampered(made, "UPDATE panel_source SET toml = replace(toml, '\(from.replacingOccurrences(of: "\n", with: "' || char(10) || '"))', '\(to.replacingOccurrences(of: "\n", with: "' || char(10) || '"))');")
        let problems = try store.verifyAudit()
        #expect(problems.contains(problem), "\(problems)")
        #expect(problems.contains { $0.hasPrefix("the stored panel text was changed after the file was made") }, "\(problems)")
        let chair = try store.signIn(member: "chris", pin: Fixtures.chairPIN)
        #expect(throws: StoreError.self) { try chair.record(Slot(bid: "N1", criterion: "delivery"), .scale(2)) }
    }

    @Test func aBidAddedToTheTableHasNoLotAndIsNamed() throws {
        let made = try Self.store()
        let store = try tampered(made, "INSERT INTO bid (id, position, bidder, price) VALUES ('X9', 9, 'Extra Ltd', '1');")
        let problems = try store.verifyAudit()
        #expect(problems.contains("bid X9's lot was added after the file was made: \"none\""), "\(problems)")
        #expect(store.panel.bid(id: "X9")?.lot == nil)
    }

    @Test func bidsAreWalkedLotByLotWhateverTheirOrderInTheFile() throws {
        // N2 and S1 swap lots, so the file's order is north, south, north, south.
        let store = try Self.store { text in
            text.replacingOccurrences(of: "price = 80000\nlot = \"north\"", with: "price = 80000\nlot = \"south\"")
                .replacingOccurrences(of: "price = 70000\nlot = \"south\"", with: "price = 70000\nlot = \"north\"")
        }
        let reopened = try EvaluationStore.open(path: store.path)
        #expect(reopened.panel.bids.map(\.id) == ["N1", "S1", "N2", "S2"])
        #expect(try reopened.verifyAudit().isEmpty)
        let chair = try reopened.signIn(member: "chris", pin: Fixtures.chairPIN)
        #expect(chair.bids().map(\.id) == ["N1", "S1", "N2", "S2"])
    }

    @Test func aConflictIsWithOneBidNotWithTheBiddersOtherLots() throws {
        let store = try Self.store()
        let chair = try store.signIn(member: "chris", pin: Fixtures.chairPIN)
        try chair.setPIN(for: "amira", to: "1357")
        let amira = try store.signIn(member: "amira", pin: "1357")
        try amira.declareConflicts([(bid: "N1", reason: "My cousin runs it")])
        let progress = try amira.myProgress()
        #expect(progress["N1"]?.conflicted == true)
        #expect(progress["S1"]?.conflicted == false) // the same bidder, in another lot
        #expect(throws: StoreError.self) { try amira.record(Slot(bid: "N1", criterion: "experience"), .scale(3)) }
        try amira.record(Slot(bid: "S1", criterion: "experience"), .scale(3))
    }
}
