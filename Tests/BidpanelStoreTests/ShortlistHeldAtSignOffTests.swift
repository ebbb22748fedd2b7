import BidpanelCore
import Foundation
import GRDB
import Testing
@testable import BidpanelStore

/// The shortlist drawn up at a stage's sign-off is the one that holds
/// (docs/scoring.md, "Stages"): a bid withdrawn or disqualified before the
/// sign-off is out when it is drawn (the rule redraws); one withdrawn after
/// simply leaves it, and no other bid takes its place unless the chair puts
/// it on, with a reason.
@Suite("Evaluation file: the shortlist holds as drawn at sign-off")
struct ShortlistHeldAtSignOffTests {
    /// Every stage and the final result as the report scores them.
    static func staged(_ store: EvaluationStore, _ chair: MemberSession) throws -> StagedResult {
        StageScoring.score(store.panel, try chair.scoreSheet(), overrides: try chair.shortlistOverrides(),
                           signedOff: try chair.stagesAtSignOff())
    }

    /// The audit chain verifies, and replaying the log finds nothing that differs.
    static func auditAgrees(_ store: EvaluationStore) throws {
        #expect(try store.verifyAudit().isEmpty)
        let differences = try store.read { db in try AuditReplay.differences(entries: AuditLog.entries(in: db), db: db) }
        #expect(differences.isEmpty, "\(differences)")
    }

    @Test func aBidWithdrawnBeforeSignOffIsOutWhenTheShortlistIsDrawn() throws {
        let (store, chair, tom, amira) = try StageSignOffTests.stagesStore()
        try StageSignOffTests.scoreWritten(chair, tom, amira)
        try chair.remove(bid: "B2", as: .withdrawn, reason: "The bidder wrote to withdraw")
        try chair.signOffStage("written")
        let standing = try #require(try chair.stageStanding())
        // The rule redraws before sign-off: B3 takes the second place.
        #expect(standing.inCurrentStage(bid: "B1") && standing.inCurrentStage(bid: "B3") && !standing.inCurrentStage(bid: "B2"))
        #expect(standing.decisionIntoCurrent(bid: "B2")?.why == .excluded)
        #expect(standing.leftSince["written"] == [])
        #expect(try Self.staged(store, chair).stages[0].shortlist == ["B1", "B3"])
        try Self.auditAgrees(store)
    }

    @Test func aBidWithdrawnAfterSignOffLeavesTheShortlistAndNoBidJoinsIt() throws {
        let (store, chair, tom, amira) = try StageSignOffTests.stagesStore()
        try StageSignOffTests.scoreWritten(chair, tom, amira)
        try chair.signOffStage("written")
        let entriesBefore = try chair.auditEntries().count
        try chair.remove(bid: "B2", as: .withdrawn, reason: "The bidder wrote to withdraw")
        // Only the withdrawal's own entry: the shortlist did not change by itself.
        #expect(try chair.auditEntries().count == entriesBefore + 1)
        let standing = try #require(try chair.stageStanding())
        #expect(!standing.inCurrentStage(bid: "B3"))
        #expect(standing.decisionIntoCurrent(bid: "B3")?.why == .outsideTop)
        let left = BidRemoval(bid: "B2", standing: .withdrawn, reason: "The bidder wrote to withdraw")
        #expect(standing.leftSince["written"] == [left])
        let note = try #require(standing.shortlistNote(stage: "written"))
        #expect(note.contains("drawn up when the stage was signed off and holds") && note.contains("B2 (withdrawn by the bidder"))
        // Nobody scores B3 in the interview: it is not on the shortlist.
        let refused = #expect(throws: StoreError.self) { try amira.record(Slot(bid: "B3", criterion: "questions"), .scale(4)) }
        #expect(refused?.message.contains("not on the shortlist") == true)
        // The report's stage: B2 has left, B3 did not take its place.
        let staged = try Self.staged(store, chair)
        #expect(staged.stages[0].shortlist == ["B1"] && staged.stages[0].leftSince == [left])
        #expect(staged.stages[0].drawnAtSignOff)
        #expect(staged.final.bids.map(\.bid.id).sorted() == ["B1", "B2"])
        #expect(staged.final.bid("B2")?.excluded == true)
        let text = StageText.lines(staged, width: 78).joined(separator: "\n")
        #expect(text.contains("no bid took the place"), "\(text)")
        let json = StageJSON.render(staged, panel: store.panel)
        #expect(json.contains("\"left_since_sign_off\""), "\(json)")
        // The chair may still put B3 on, with a reason, and that is audited.
        try chair.overrideShortlist(stage: "written", bid: "B3", goesOn: true, reason: "B2 withdrew; B3 was next")
        #expect(try chair.stageStanding()?.inCurrentStage(bid: "B3") == true)
        #expect(try chair.auditEntries().last?.action == "shortlist")
        try Self.auditAgrees(store)
    }

    @Test func aBidDisqualifiedAfterSignOffAndReinstatedIsBackWhereItWas() throws {
        let (store, chair, tom, amira) = try StageSignOffTests.stagesStore()
        try StageSignOffTests.scoreWritten(chair, tom, amira)
        try chair.signOffStage("written")
        try chair.remove(bid: "B1", as: .disqualified, reason: "A false declaration")
        #expect(try Self.staged(store, chair).stages[0].shortlist == ["B2"])
        try chair.reinstate(bid: "B1", reason: "The declaration was checked and is true")
        let standing = try #require(try chair.stageStanding())
        #expect(standing.leftSince["written"] == [])
        #expect(standing.inCurrentStage(bid: "B1") && standing.inCurrentStage(bid: "B2") && !standing.inCurrentStage(bid: "B3"))
        #expect(try Self.staged(store, chair).stages[0].shortlist == ["B1", "B2"])
        try Self.auditAgrees(store)
    }

    @Test func aBidReinstatedAfterSignOffDoesNotJoinTheShortlistByItself() throws {
        let (store, chair, tom, amira) = try StageSignOffTests.stagesStore()
        try StageSignOffTests.scoreWritten(chair, tom, amira)
        try chair.remove(bid: "B1", as: .withdrawn, reason: "The bidder wrote to withdraw")
        try chair.signOffStage("written")
        #expect(try Self.staged(store, chair).stages[0].shortlist == ["B2", "B3"])
        try chair.reinstate(bid: "B1", reason: "The bidder changed their mind")
        let standing = try #require(try chair.stageStanding())
        // B1 was out when the shortlist was drawn: it stays off, and B3 stays on.
        #expect(!standing.inCurrentStage(bid: "B1") && standing.inCurrentStage(bid: "B2") && standing.inCurrentStage(bid: "B3"))
        #expect(standing.decisionIntoCurrent(bid: "B1")?.why == .excluded)
        #expect(try Self.staged(store, chair).stages[0].shortlist == ["B2", "B3"])
        // Read from the log: the stage was signed off with B1 out.
        let atSignOff = try chair.stagesAtSignOff()
        #expect(atSignOff == [StageAtSignOff(stage: "written", removals: [BidRemoval(bid: "B1", standing: .withdrawn, reason: "The bidder wrote to withdraw")])])
        try Self.auditAgrees(store)
    }

    @Test func inLotsEachLotsShortlistHoldsAsDrawn() throws {
        let (store, chair, amira) = try LotStageStoreTests.store()
        try LotStageStoreTests.scoreWritten(chair, amira, LotStageStoreTests.north + LotStageStoreTests.south)
        try chair.signOffStage("written")
        // North: N1, N2 on; south: S2, S3 on. N1 withdrawn after: N3 does not join.
        try chair.remove(bid: "N1", as: .withdrawn, reason: "The bidder wrote to withdraw")
        let standing = try #require(try chair.stageStanding())
        #expect(!standing.inCurrentStage(bid: "N3") && standing.inCurrentStage(bid: "N2"))
        #expect(standing.inCurrentStage(bid: "S2") && standing.inCurrentStage(bid: "S3") && !standing.inCurrentStage(bid: "S1"))
        #expect(standing.leftSince["written"]?.map(\.bid) == ["N1"])
        let tender = LotScoring.score(store.panel, try chair.scoreSheet(), overrides: try chair.shortlistOverrides(),
                                      signedOff: try chair.stagesAtSignOff())
        #expect(tender.lot("north")?.stages?.stages[0].shortlist == ["N2"])
        #expect(tender.lot("south")?.stages?.stages[0].shortlist == ["S2", "S3"])
        // Without the sign-off's record the rule would redraw: N3 would go on.
        let redrawn = LotScoring.score(store.panel, try chair.scoreSheet(), overrides: try chair.shortlistOverrides())
        #expect(redrawn.lot("north")?.stages?.stages[0].shortlist == ["N2", "N3"])
        try Self.auditAgrees(store)
    }
}
