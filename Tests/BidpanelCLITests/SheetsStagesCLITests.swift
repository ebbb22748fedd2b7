import BidpanelStore
import Foundation
import Testing

/// `bidpanel sheets` on the shipped youth tender (lots, stages, a pair):
/// each sheet names its stage; before stage 1 is signed off only stage-1
/// sheets are printed and the output says the shortlist is not drawn yet;
/// after it, the interview sheets are for shortlisted bids only.
@Suite("Paper sheets in a tender in stages")
struct SheetsStagesCLITests {
    static let pin = LotsAndStagesCLITests.chairPIN

    @Test func sheetsFollowTheStageAndItsShortlist() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-sheets-stages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func bidpanel(_ arguments: [String]) throws -> CLI.Run {
            try Tmux.run(CLI.binary.path, arguments + ["--pin-stdin"], input: Self.pin + "\n", in: folder.path)
        }
        func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path) }
        var run = try bidpanel(["init", "\(CLI.panels)/youth-tender.toml", "--out", "yt.bidpanel"])
        try #require(run.status == 0, "\(run.err)")

        // Stage 1: written sheets only, named by stage; the pair scores only interviews.
        run = try bidpanel(["sheets", "yt.bidpanel", "--out", "written"])
        try #require(run.status == 0, "\(run.err)")
        let said = run.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(said.contains("These are stage 1 (Written bids) sheets. The shortlist for stage 2 (Interviews) is not drawn yet"), "\(run.out)")
        #expect(said.contains("Amira and Jay (amira-jay) scores no criterion in stage 1 (Written bids), so has no sheet."), "\(run.out)")
        #expect(exists("written/david-N2-written.txt") && exists("written/priya-N1-written.txt"))
        #expect(!exists("written/amira_jay-N1-written.txt") && !exists("written/amira_jay-N1-interview.txt"))
        let written = try String(contentsOf: folder.appendingPathComponent("written/david-N1-written.txt"), encoding: .utf8)
        #expect(written.contains("1 of 2: Written bids (written)"), "\(written.prefix(800))")
        #expect(written.contains("(experience)") && !written.contains("(questions)"))

        // Stage 1 in and signed off: north's shortlist is N1 and N3.
        let scores = try String(contentsOfFile: "\(CLI.panels)/youth-tender-scores.csv", encoding: .utf8)
        try LotsAndStagesCLITests.rows(of: scores, stage: "written").write(to: folder.appendingPathComponent("written.csv"), atomically: true, encoding: .utf8)
        try LotsAndStagesCLITests.declarations.write(to: folder.appendingPathComponent("none.csv"), atomically: true, encoding: .utf8)
        run = try bidpanel(["import", "yt.bidpanel", "--scores", "written.csv", "--conflicts", "none.csv"])
        try #require(run.status == 0, "\(run.err)")
        let store = try EvaluationStore.open(path: folder.appendingPathComponent("yt.bidpanel").path)
        _ = try store.signIn(member: "priya", pin: Self.pin).signOffStage("written", anyway: "Scored on paper")

        run = try bidpanel(["sheets", "yt.bidpanel", "--out", "interview", "--member", "amira-jay"])
        try #require(run.status == 0, "\(run.err)")
        let later = run.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(later.contains("No stage 2 (Interviews) sheet for N2, C2, S1: not on its shortlist."), "\(run.out)")
        #expect(!later.contains("not drawn yet"))
        #expect(exists("interview/amira_jay-N1-interview.txt") && exists("interview/amira_jay-N3-interview.txt"))
        #expect(!exists("interview/amira_jay-N2-interview.txt") && !exists("interview/amira_jay-S1-interview.txt"))
        let interview = try String(contentsOf: folder.appendingPathComponent("interview/amira_jay-N1-interview.txt"), encoding: .utf8)
        #expect(interview.contains("2 of 2: Interviews (interview)"), "\(interview.prefix(800))")
        #expect(interview.contains("(questions)") && !interview.contains("(experience)"))
    }
}
