import BidpanelCore
import Foundation
import GRDB
import Testing
@testable import BidpanelStore

/// A pair of young assessors in a tender in lots, and in a tender in
/// stages: the pair signs in with both PINs, walks the bids lot by lot (or
/// only the current stage's criteria, for the shortlist only), records one
/// value as one scorer in each lot's and stage's board and agreement, and
/// the audit names both people. Lots with stages stay refused.
@Suite("Evaluation file: pairs with lots, pairs with stages")
struct PairsWithLotsAndStagesStoreTests {
    static let amiraPIN = "4826", jayPIN = "7391"
    static let pairMembers = "\n[[member]]\nid = \"jay\"\nname = \"Jay\"\nrole = \"young\"\n"
        + "\n[[member]]\nid = \"amira-jay\"\nname = \"Amira and Jay\"\nrole = \"young\"\npair = [\"amira\", \"jay\"]\n"

    /// `panels/<name>.toml` with Jay and the pair Amira and Jay added; the
    /// chair (`chair`) has set both people's PINs.
    static func store(_ name: String, chair chairID: String) throws -> (EvaluationStore, MemberSession) {
        let panelPath = Fixtures.root.appendingPathComponent("panels/\(name).toml").path
        let text = try String(contentsOfFile: panelPath, encoding: .utf8) + pairMembers
        let panel = try PanelFile.parse(text: text, file: panelPath, readFile: { _ in nil }).panel
        let path = Fixtures.temporaryFolder().appendingPathComponent("\(name)-pair.bidpanel").path
        let store = try EvaluationStore.create(at: path, panelPath: panelPath, panelText: text, panel: panel,
                                               answersFiles: [:], chairPIN: Fixtures.chairPIN)
        let chair = try store.signIn(member: chairID, pin: Fixtures.chairPIN)
        try chair.setPIN(for: "amira", to: amiraPIN)
        try chair.setPIN(for: "jay", to: jayPIN)
        return (store, chair)
    }

    static func pair(_ store: EvaluationStore) throws -> MemberSession {
        try store.signIn(pair: "amira-jay", pins: [amiraPIN, jayPIN])
    }

    // MARK: lots

    @Test func inLotsThePairWalksEachLotsBidsAndIsOneScorerInEachLot() throws {
        let (store, chair) = try Self.store("youth-lots", chair: "chris")
        // A person in the pair still cannot sign in alone.
        #expect(throws: StoreError.self) { try store.signIn(member: "amira", pin: Self.amiraPIN) }
        let pair = try Self.pair(store)
        try pair.declareConflicts([(bid: "N2", reason: "Jay volunteers there")])
        // The bids come lot by lot, as for anyone else.
        #expect(pair.bids().map(\.id) == store.panel.bidsGroupedByLot().bids.map(\.id))
        #expect(try pair.myProgress()["S2"]?.conflicted == false) // conflicts are per bid, not per bidder
        #expect(throws: StoreError.self) { try pair.record(Slot(bid: "N2", criterion: "experience"), .scale(3)) }
        for (bid, value) in [("N1", 5), ("S1", 4), ("S2", 4)] {
            try pair.record(Slot(bid: bid, criterion: "experience"), .scale(Exact(value)))
            try pair.submit(bid: bid)
        }
        // The board has one column for the pair, none for its people, in every lot.
        let board = try chair.board()
        #expect(board.progress["amira-jay"]?["S1"]?.submitted == true, "\(board.progress.keys.sorted())")
        #expect(board.progress["amira"] == nil && board.progress["jay"] == nil)
        // One value per slot, under the pair; each lot's result counts it once.
        let sheet = try chair.scoreSheet()
        #expect(sheet.memberValues.filter { $0.member == "amira-jay" }.count == 3)
        #expect(!sheet.memberValues.contains { $0.member == "amira" || $0.member == "jay" })
        let tender = LotScoring.score(store.panel, sheet)
        for lot in tender.lots {
            let experience = lot.result.bids.compactMap { $0.criteria.first { $0.criterion.id == "experience" } }
            #expect(!experience.isEmpty)
        }
        let pairRows = try chair.auditEntries().filter { $0.action == "record" && $0.member == "amira-jay" }
        #expect(pairRows.count == 3 && pairRows.allSatisfy { $0.actor == "amira+jay" })
        #expect(try store.verifyAudit().isEmpty)
        #expect(try EvaluationStore.open(path: store.path).verifyAudit().isEmpty)
    }

    // MARK: stages

    @Test func inStagesThePairScoresOnlyTheCurrentStageAndOnlyTheShortlist() throws {
        let (store, chair) = try Self.store("youth-stages", chair: "chris")
        try chair.setPIN(for: "tom", to: "2468")
        let tom = try store.signIn(member: "tom", pin: "2468")
        let pair = try Self.pair(store)
        for session in [chair, tom, pair] { try session.declareConflicts([]) }
        // Stage 2 has not started: the pair's interview value is refused.
        let early = #expect(throws: StoreError.self) { try pair.record(Slot(bid: "B1", criterion: "questions"), .scale(4)) }
        #expect(early?.message.contains("has not started yet") == true)
        // The written stage: the pair is one of three scorers (amira alone is not expected).
        for (bid, values) in [("B1", [4, 4, 5]), ("B2", [3, 3, 3]), ("B3", [2, 1, 2])] {
            for (session, value) in zip([chair, tom, pair], values) {
                try session.record(Slot(bid: bid, criterion: "plan"), .scale(Exact(value)))
                try session.submit(bid: bid)
            }
        }
        #expect(try pair.myProgress()["B1"] == BidProgress(recorded: 1, needed: 1, submitted: true, conflicted: false))
        // Nothing is waiting for Amira or Jay on their own: the stage can be signed off without a reason.
        _ = try chair.signOffStage("written")
        let standing = try #require(try pair.stageStanding())
        #expect(standing.currentStage?.id == "interview")
        #expect(standing.inCurrentStage(bid: "B1") && standing.inCurrentStage(bid: "B2") && !standing.inCurrentStage(bid: "B3"))
        // Stage 1 is closed to the pair, and a bid not shortlisted is refused.
        #expect(throws: StoreError.self) { try pair.record(Slot(bid: "B1", criterion: "plan"), .scale(1)) }
        #expect(throws: StoreError.self) { try pair.record(Slot(bid: "B3", criterion: "questions"), .scale(4)) }
        #expect(try pair.myProgress()["B1"] == BidProgress(recorded: 0, needed: 1, submitted: false, conflicted: false))
        for (bid, values) in [("B1", [3, 4]), ("B2", [5, 5])] {
            for (session, value) in zip([chair, pair], values) {
                try session.record(Slot(bid: bid, criterion: "questions"), .scale(Exact(value)))
                try session.submit(bid: bid)
            }
        }
        let board = try chair.board()
        #expect(board.progress["amira"] == nil && board.progress["jay"] == nil && board.progress["amira-jay"] != nil)
        let staged = StageScoring.score(store.panel, try chair.scoreSheet())
        #expect(staged.complete, "the pair is the only young scorer in each stage")
        let interview = try #require(staged.stage("interview"))
        #expect(interview.result.bids.map(\.bid.id).sorted() == ["B1", "B2"])
        let rows = try chair.auditEntries().filter { $0.action == "record" && $0.member == "amira-jay" }
        #expect(rows.count == 5 && rows.allSatisfy { $0.actor == "amira+jay" })
        // The evaluation's own sign-off (the last stage) goes through with nobody missing.
        _ = try chair.signOff()
        #expect(try store.verifyAudit().isEmpty)
    }
}
