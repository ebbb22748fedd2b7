import BidpanelCore
import Foundation
import GRDB
import Testing
@testable import BidpanelStore

/// Stages in the evaluation file (issue 13): the chair signs each stage off,
/// the shortlist is worked out then, and the store refuses values outside
/// the stage being scored.
@Suite("Evaluation file: stages")
struct StageSignOffTests {
    /// panels/youth-stages.toml: "written" (plan, top 2 go on, carry 40),
    /// then "interview" (questions, chair and young only).
    static func stagesStore() throws -> (EvaluationStore, chair: MemberSession, tom: MemberSession, amira: MemberSession) {
        let panelPath = Fixtures.root.appendingPathComponent("panels/youth-stages.toml").path
        let loaded = try PanelFile.load(path: panelPath)
        let path = Fixtures.temporaryFolder().appendingPathComponent("stages.bidpanel").path
        let store = try EvaluationStore.create(at: path, panelPath: panelPath, panelText: loaded.text, panel: loaded.panel,
                                               answersFiles: loaded.answersFiles, chairPIN: Fixtures.chairPIN)
        let chair = try store.signIn(member: "chris", pin: Fixtures.chairPIN)
        try chair.setPIN(for: "tom", to: "2468")
        try chair.setPIN(for: "amira", to: "1357")
        return (store, chair, try store.signIn(member: "tom", pin: "2468"), try store.signIn(member: "amira", pin: "1357"))
    }

    /// Everyone scores the written stage and submits: B1 > B2 > B3.
    static func scoreWritten(_ chair: MemberSession, _ tom: MemberSession, _ amira: MemberSession) throws {
        let marks: [(String, [Int])] = [("B1", [4, 4, 5]), ("B2", [3, 3, 3]), ("B3", [2, 1, 2])]
        for (bid, values) in marks {
            for (session, value) in zip([chair, tom, amira], values) {
                try session.record(Slot(bid: bid, criterion: "plan"), .scale(Exact(value)))
                try session.submit(bid: bid)
            }
        }
    }

    @Test func signingOffTheFirstStageDrawsUpTheShortlistAndMovesOn() throws {
        let (store, chair, tom, amira) = try Self.stagesStore()
        #expect(try chair.stageStanding()?.current == 0)
        // Stage 2 has not started: a value for it is refused.
        let early = #expect(throws: StoreError.self) { try amira.record(Slot(bid: "B1", criterion: "questions"), .scale(4)) }
        #expect(early?.message.contains("has not started yet") == true)
        try Self.scoreWritten(chair, tom, amira)
        // Members see only the stage's criteria in their progress.
        #expect(try amira.myProgress()["B1"] == BidProgress(recorded: 1, needed: 1, submitted: true, conflicted: false))
        let record = try chair.signOffStage("written")
        #expect(record.seal.count > 0)
        let standing = try #require(try amira.stageStanding())
        #expect(standing.current == 1 && standing.currentStage?.id == "interview")
        #expect(standing.inCurrentStage(bid: "B1") && standing.inCurrentStage(bid: "B2") && !standing.inCurrentStage(bid: "B3"))
        #expect(standing.decisionIntoCurrent(bid: "B3")?.why == .outsideTop)
        // Submissions of stage 1 are closed: each bid is submitted again in stage 2.
        #expect(try amira.myProgress()["B1"] == BidProgress(recorded: 0, needed: 1, submitted: false, conflicted: false))
        // The audit entry keeps the rule and the shortlist, and the chain verifies.
        let entry = try #require(try chair.auditEntries().last)
        #expect(entry.action == "sign-off-stage" && entry.newValue.contains("top 2") && entry.newValue.contains("Goes on: B1, B2."))
        #expect(entry.newValue.contains("B3 (outside the top places)"))
        #expect(try store.verifyAudit().isEmpty)
    }

    @Test func aStageIsSignedOffOnceAndInOrder() throws {
        let (_, chair, tom, amira) = try Self.stagesStore()
        // The evaluation's own sign-off waits for the earlier stage.
        let tooSoon = #expect(throws: StoreError.self) { try chair.signOff(anyway: "the meeting ended") }
        #expect(tooSoon?.message.contains("stage 1 (Written bids) is not signed off yet") == true)
        // Not submitted: waited for, unless the chair gives a reason.
        let waiting = #expect(throws: StoreError.self) { try chair.signOffStage("written") }
        #expect(waiting?.message.contains("not every member has submitted") == true)
        // Values missing: the stage's results are provisional, so no shortlist.
        let provisional = #expect(throws: StoreError.self) { try chair.signOffStage("written", anyway: "Tom is ill") }
        #expect(provisional?.message.contains("still provisional") == true)
        #expect(throws: StoreError.self) { try chair.signOffStage("nope") }
        try Self.scoreWritten(chair, tom, amira)
        // Members cannot sign off.
        #expect(throws: StoreError.self) { try amira.signOffStage("written") }
        try chair.signOffStage("written")
        let twice = #expect(throws: StoreError.self) { try chair.signOffStage("written") }
        #expect(twice?.message.contains("already signed off") == true)
        // The last stage is signed off with the evaluation itself.
        for session in [chair, amira] {
            for (bid, value) in [("B1", 3), ("B2", 5)] {
                try session.record(Slot(bid: bid, criterion: "questions"), .scale(Exact(value)))
                try session.submit(bid: bid)
            }
        }
        try chair.signOffStage("interview")
        #expect(try chair.isSignedOff())
        #expect(try chair.stageStanding()?.current == 2)
    }

    @Test func laterStagesOnlyForShortlistedBidsAndEarlierStagesAreFixed() throws {
        let (store, chair, tom, amira) = try Self.stagesStore()
        try Self.scoreWritten(chair, tom, amira)
        try chair.signOffStage("written")
        // Not shortlisted: refused, with the reason.
        let notOn = #expect(throws: StoreError.self) { try amira.record(Slot(bid: "B3", criterion: "questions"), .scale(4)) }
        #expect(notOn?.message.contains("bid B3 is not on the shortlist for stage 2 (Interviews) (outside the top places)") == true)
        #expect(throws: StoreError.self) { try amira.submit(bid: "B3") }
        // Stage 1 is fixed: no member value, no moderated value.
        let fixed = #expect(throws: StoreError.self) { try tom.record(Slot(bid: "B1", criterion: "plan"), .scale(2)) }
        #expect(fixed?.message.contains("which the chair has signed off, so its values are fixed") == true)
        #expect(throws: StoreError.self) { try chair.moderate(Slot(bid: "B2", criterion: "plan"), .scale(5), reason: "late evidence") }
        // A shortlisted bid is scored.
        try amira.record(Slot(bid: "B1", criterion: "questions"), .scale(4))
        #expect(try amira.myValues(bid: "B1").contains { $0.slot.criterion == "questions" })
        // Paper follows the same rules, each row named with what to do.
        let rows = [Located(MemberValue(slot: Slot(bid: "B3", criterion: "questions"), member: "chris", value: .scale(2)),
                            file: "paper.csv", line: 2),
                    Located(MemberValue(slot: Slot(bid: "B1", criterion: "plan"), member: "tom", value: .scale(1)),
                            file: "paper.csv", line: 3)]
        let paper = #expect(throws: StoreError.self) {
            try chair.importPaper(PaperSheets(values: rows, noConflicts: [Located("chris", file: "c.csv", line: 2),
                                                                          Located("tom", file: "c.csv", line: 3)]))
        }
        #expect(paper?.message.contains("paper.csv:2: bid B3 is not on the shortlist") == true)
        #expect(paper?.message.contains("paper.csv:3: \"The plan for the club\" is scored in stage 1 (Written bids), which the chair has signed off") == true)
        #expect(paper?.message.contains("Take this row out of the file and import again") == true)
        #expect(try store.verifyAudit().isEmpty)
    }

    /// A paper sheet with the whole interview stage in it, brought in too
    /// early: one line for all those rows, with the first row and the count,
    /// not one line a row; a different refusal keeps its own line.
    @Test func paperRowsRefusedForTheSameReasonAreSaidOnce() throws {
        let (_, chair, _, _) = try Self.stagesStore()
        let interviews = ["B1", "B2", "B3"].enumerated().map { index, bid in
            Located(MemberValue(slot: Slot(bid: bid, criterion: "questions"), member: "chris", value: .scale(3)),
                    file: "paper.csv", line: index + 2)
        }
        let written = Located(MemberValue(slot: Slot(bid: "B1", criterion: "plan"), member: "chris", value: .scale(4)),
                              file: "paper.csv", line: 5)
        let paper = #expect(throws: StoreError.self) {
            try chair.importPaper(PaperSheets(values: interviews + [written], noConflicts: [Located("chris", file: "c.csv", line: 2)]))
        }
        let lines = paper?.message.split(separator: "\n").map(String.init) ?? []
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.last?.contains("paper.csv:2 and 2 more rows: ") == true, "\(lines)")
        #expect(lines.last?.contains("which has not started yet") == true)
        #expect(lines.last?.hasSuffix("Take these rows out of the file and import again") == true)
        #expect(try chair.myValues(bid: "B1").isEmpty)
    }

    @Test func theChairOverridesTheShortlistOnlyWithAReason() throws {
        let (store, chair, tom, amira) = try Self.stagesStore()
        try Self.scoreWritten(chair, tom, amira)
        // Not before the stage is signed off.
        #expect(throws: StoreError.self) { try chair.overrideShortlist(stage: "written", bid: "B3", goesOn: true, reason: "close call") }
        try chair.signOffStage("written")
        let noReason = #expect(throws: StoreError.self) { try chair.overrideShortlist(stage: "written", bid: "B3", goesOn: true, reason: "  ") }
        #expect(noReason?.message.contains("needs a reason") == true)
        #expect(throws: StoreError.self) { try amira.overrideShortlist(stage: "written", bid: "B3", goesOn: true, reason: "I liked it") }
        let same = #expect(throws: StoreError.self) { try chair.overrideShortlist(stage: "written", bid: "B1", goesOn: true, reason: "x") }
        #expect(same?.message.contains("already on") == true)
        try chair.overrideShortlist(stage: "written", bid: "B3", goesOn: true, reason: "Only two points behind B2")
        var standing = try #require(try amira.stageStanding())
        #expect(standing.decisionIntoCurrent(bid: "B3")?.why == .overridden(goesOn: true, reason: "Only two points behind B2", rule: false))
        try amira.record(Slot(bid: "B3", criterion: "questions"), .scale(3))
        // Back as the rule says: the override goes, and that is audited too.
        try chair.overrideShortlist(stage: "written", bid: "B3", goesOn: false, reason: "Bidder cannot attend")
        standing = try #require(try amira.stageStanding())
        #expect(standing.decisionIntoCurrent(bid: "B3")?.why == .outsideTop)
        let entries = try chair.auditEntries().filter { $0.action == "shortlist" }
        #expect(entries.map(\.reason) == ["Only two points behind B2", "Bidder cannot attend"])
        #expect(entries[0].oldValue.hasPrefix("not on the shortlist") && entries[0].newValue.contains("the chair's decision"))
        #expect(try store.verifyAudit().isEmpty)
        // The file reopens and its new tables pass the check.
        let reopened = try EvaluationStore.open(path: store.path)
        #expect(try reopened.signIn(member: "chris", pin: Fixtures.chairPIN).stageStanding()?.current == 1)
    }

    @Test func aDamagedStageTableIsNamed() throws {
        let (store, chair, tom, amira) = try Self.stagesStore()
        try Self.scoreWritten(chair, tom, amira)
        try chair.signOffStage("written")
        try Fixtures.sqlite(store.path, "UPDATE stage_sign_off SET signed_off_at = x'00'")
        let error = #expect(throws: StoreError.self) { try EvaluationStore.open(path: store.path) }
        #expect(error?.message.contains("stage_sign_off") == true)
    }

    @Test func aPanelWithoutStagesHasNoStanding() throws {
        let store = try Fixtures.youthStore()
        #expect(try store.signIn(member: "priya", pin: Fixtures.chairPIN).stageStanding() == nil)
    }
}
