import BidpanelCore
import BidpanelStore
import BidpanelTUI
import Foundation
import Testing

/// A pair of young assessors on the members' screens of a tender in lots
/// and of a tender in stages, on real evaluation files (80×24): the pair
/// signs in with both PINs and sees the bids lot by lot, or, in stage 2,
/// only the shortlisted bids and only the interview criterion.
@Suite(.serialized) struct PairsWithLotsAndStagesScreenTests {
    static let chairPIN = "2468", amiraPIN = "4826", jayPIN = "7391"
    static let pairMembers = "\n[[member]]\nid = \"jay\"\nname = \"Jay\"\nrole = \"young\"\n"
        + "\n[[member]]\nid = \"amira-jay\"\nname = \"Amira and Jay\"\nrole = \"young\"\npair = [\"amira\", \"jay\"]\n"

    /// youth-stages with the written stage scored by the chair, Tom and the
    /// pair (B1 and B2 go on, B3 does not) and signed off; Tom's and the
    /// pair's sessions.
    static func writtenStageSignedOff(_ store: EvaluationStore, chair: MemberSession,
                                      tomPIN: String) throws -> (tom: MemberSession, pair: MemberSession) {
        try chair.setPIN(for: "tom", to: tomPIN)
        let tom = try store.signIn(member: "tom", pin: tomPIN)
        let pair = try store.signIn(pair: "amira-jay", pins: [amiraPIN, jayPIN])
        for session in [chair, tom, pair] { try session.declareConflicts([]) }
        for (bid, values) in [("B1", [4, 4, 5]), ("B2", [3, 3, 3]), ("B3", [2, 1, 2])] {
            for (session, value) in zip([chair, tom, pair], values) {
                try session.record(Slot(bid: bid, criterion: "plan"), .scale(Exact(value)))
                try session.submit(bid: bid)
            }
        }
        _ = try chair.signOffStage("written")
        return (tom, pair)
    }

    static func evaluation(_ name: String) throws -> (EvaluationStore, MemberSession) {
        let path = Youth.folder + "/\(name).toml"
        let text = try String(contentsOfFile: path, encoding: .utf8) + pairMembers
        let panel = try PanelFile.parse(text: text, file: path, readFile: { _ in nil }).panel
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-pairs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try EvaluationStore.create(at: folder.appendingPathComponent("e.bidpanel").path, panelPath: path,
                                               panelText: text, panel: panel, answersFiles: [:], chairPIN: chairPIN)
        let chair = try store.signIn(member: "chris", pin: chairPIN)
        try chair.setPIN(for: "amira", to: amiraPIN)
        try chair.setPIN(for: "jay", to: jayPIN)
        return (store, chair)
    }

    /// The pair signed in through the backend, as the sign-in screen does it.
    static func pairTerminal(_ store: EvaluationStore) throws -> (Driver, StoreBackend) {
        var driver = Driver()
        driver.state = AppState(panel: store.panel, members: store.panel.members.map { MemberEntry(member: $0, hasPIN: true) },
                                size: Size(width: 80, height: 24), colour: true, idleLimit: 300, now: 1000)
        let backend = StoreBackend(store: store)
        for action in backend.perform(.signInPair(pair: "amira-jay", pins: [amiraPIN, jayPIN])) { driver.send(action) }
        carryOut(&driver, backend)
        return (driver, backend)
    }

    static func carryOut(_ driver: inout Driver, _ backend: StoreBackend) {
        for effect in driver.drain() {
            for action in backend.perform(effect) { driver.send(action) }
        }
    }

    @Test func inLotsThePairSeesItsBidsUnderAHeadingPerLot() throws {
        let (store, chair) = try Self.evaluation("youth-lots")
        let pair = try store.signIn(pair: "amira-jay", pins: [Self.amiraPIN, Self.jayPIN])
        try pair.declareConflicts([])
        var (driver, backend) = try Self.pairTerminal(store)
        let text = driver.canvas.text
        #expect(text.contains("Amira and Jay"), "\(text)")
        let rows = text.split(separator: "\n").map(String.init)
        let north = try #require(rows.firstIndex { $0.contains("North locality") }, "\(text)")
        let south = try #require(rows.firstIndex { $0.contains("South locality") }, "\(text)")
        #expect(north < south)
        #expect(rows[north..<south].contains { $0.contains("N1") } && rows[south...].contains { $0.contains("S2") })
        Snapshot.check(driver.canvas, named: "pairs-lots-bid-list")
        // Opening a bid and scoring records one value under the pair.
        driver.press(.enter)
        Self.carryOut(&driver, backend)
        driver.press(.character("4"))
        Self.carryOut(&driver, backend)
        let values = try chair.scoreSheet().memberValues
        #expect(values.contains { $0.member == "amira-jay" && $0.value == .scale(4) }, "\(driver.canvas.text)")
        #expect(try store.verifyAudit().isEmpty)
    }

    @Test func inStageTwoThePairSeesOnlyTheShortlistAndTheInterviewCriterion() throws {
        let (store, chair) = try Self.evaluation("youth-stages")
        _ = try Self.writtenStageSignedOff(store, chair: chair, tomPIN: "1357")
        var (driver, backend) = try Self.pairTerminal(store)
        let text = driver.canvas.text
        #expect(text.contains("Part 2 of 2: Interviews. Score only the bids that were picked."), "\(text)")
        #expect(text.contains("not picked"))
        Snapshot.check(driver.canvas, named: "pairs-stages-bid-list")
        driver.press(.down, .down, .enter) // B3, not picked
        #expect(driver.drain().isEmpty)
        driver.press(.up, .up, .enter) // B1
        Self.carryOut(&driver, backend)
        guard case let .walkthrough(walk) = driver.state.screen else { Issue.record("B1 did not open"); return }
        #expect(walk.steps.map(\.criterion.id) == ["questions"])
        driver.press(.character("4"))
        Self.carryOut(&driver, backend)
        #expect(try chair.scoreSheet().memberValues.contains {
            $0.slot == Slot(bid: "B1", criterion: "questions") && $0.member == "amira-jay"
        })
        let record = try #require(try chair.auditEntries().last { $0.action == "record" })
        #expect(record.actor == "amira+jay")
    }
}
