import Testing
@testable import BidpanelCore
@testable import BidpanelStore

/// "Who scored each bid" in a tender in stages: each stage keeps its own
/// record, although signing a stage off closes its submissions, and the
/// record still stands once the evaluation itself is signed off.
@Suite("Evaluation file: who scored each stage")
struct StageMeetingRecordTests {
    typealias Stages = StageSignOffTests

    @Test func eachStageKeepsWhoScoredAndSubmittedAfterTheLastSignOff() throws {
        let (_, chair, tom, amira) = try Stages.stagesStore()
        try Stages.scoreWritten(chair, tom, amira) // everyone submits B1, B2, B3
        try chair.reopen(bid: "B3", for: "tom", reason: "Tom asked to look again")
        try chair.signOffStage("written", anyway: "Tom had to leave")
        for bid in ["B1", "B2"] {
            try chair.record(Slot(bid: bid, criterion: "questions"), .scale(4))
            try amira.record(Slot(bid: bid, criterion: "questions"), .scale(3))
        }
        try amira.submit(bid: "B1")
        try chair.signOff(anyway: "B2 came on paper")

        let record = try chair.meetingRecord().record
        #expect(record.stages.map(\.stage) == ["written", "interview"])
        let written = record.stages[0], interview = record.stages[1]
        #expect(written.bids == ["B1", "B2", "B3"])
        guard case .submitted = written.progress["B1"]?["tom"] else { Issue.record("\(written.progress)"); return }
        guard case .submitted = written.progress["B3"]?["amira"] else { Issue.record("\(written.progress)"); return }
        // Reopened and not submitted again before the sign-off.
        #expect(written.progress["B3"]?["tom"] == .recorded(1, of: 1))
        // The interview is scored only for the shortlist, and only by the roles that score it.
        #expect(interview.bids == ["B1", "B2"])
        guard case .submitted = interview.progress["B1"]?["amira"] else { Issue.record("\(interview.progress)"); return }
        #expect(interview.progress["B2"]?["amira"] == .recorded(1, of: 1))
        #expect(interview.progress["B1"]?["tom"] == nil)

        let printed = PrintedReport.scoring(record, panel: chair.panel).units.flatMap { $0 }.joined(separator: "\n")
        #expect(printed.contains("Stage 1 of 2: Written bids") && printed.contains("Stage 2 of 2: Interviews"), "\(printed)")
        #expect(printed.contains("Not in this stage (not on the shortlist): B3."), "\(printed)")
        #expect(!printed.contains("nothing recorded"), "\(printed)")
    }
}
