import Foundation
import Testing

/// A tender in stages through the real binary (issue 13, stages): init,
/// import the written stage, sign it off, import the interviews for the
/// shortlist, then the report, the export and the summaries.
@Suite("Command line: stages")
struct StagesCLITests {
    static let chairPIN = "2468"
    let panel = "\(CLI.panels)/youth-stages.toml"

    func bidpanel(_ arguments: [String], in folder: URL) throws -> CLI.Run {
        try Tmux.run(CLI.binary.path, arguments + ["--pin-stdin"], input: Self.chairPIN + "\n", in: folder.path)
    }

    func write(_ name: String, _ text: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func initImportSignOffStageOneImportStageTwoReportAndSummaries() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-stages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var run = try bidpanel(["init", panel, "--out", "ys.bidpanel"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let conflicts = try write("conflicts.csv", "bid,member,reason\nnone,chris,\nnone,tom,\nnone,amira,\n", in: folder)
        // A stage-2 row before stage 1 is signed off: refused, with the line and what to do.
        let early = try write("early.csv", "bid,criterion,member,value\nB1,questions,amira,4\n", in: folder)
        run = try bidpanel(["import", "ys.bidpanel", "--scores", early, "--conflicts", conflicts], in: folder)
        #expect(run.status == 1 && run.err.contains("early.csv:2: \"Answers to the young people's questions\" is scored in stage 2 (Interviews), which has not started yet"), "\(run.err)")
        let written = try write("written.csv", """
            bid,criterion,member,value
            B1,plan,chris,4
            B1,plan,tom,4
            B1,plan,amira,5
            B2,plan,chris,3
            B2,plan,tom,3
            B2,plan,amira,3
            B3,plan,chris,2
            B3,plan,tom,1
            B3,plan,amira,2

            """, in: folder)
        run = try bidpanel(["import", "ys.bidpanel", "--scores", written, "--conflicts", conflicts], in: folder)
        #expect(run.status == 0, "\(run.err)")
        // Nobody submitted on screen: the chair signs the stage off with a reason.
        run = try bidpanel(["stages", "ys.bidpanel", "sign-off", "--stage", "written"], in: folder)
        #expect(run.status == 1 && run.err.contains("not every member has submitted"), "\(run.err)")
        run = try bidpanel(["stages", "ys.bidpanel", "sign-off", "--stage", "written", "--reason", "Scored on paper"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("Signed off stage written. Audit seal "), "\(run.out)")
        #expect(run.out.contains("stage 2 (Interviews): being scored now"), "\(run.out)")
        #expect(run.out.contains("  B3: not shortlisted (outside the top places)"), "\(run.out)")
        // The chair's override needs a reason; put on and back off, both audited.
        run = try bidpanel(["stages", "ys.bidpanel", "shortlist", "--stage", "written", "--bid", "B3", "--on", "--reason", " "], in: folder)
        #expect(run.status == 2 && run.err.contains("--reason is empty"), "\(run.err)")
        run = try bidpanel(["stages", "ys.bidpanel", "shortlist", "--stage", "written", "--bid", "B3", "--on", "--reason", "Two marks behind B2"], in: folder)
        #expect(run.status == 0 && run.out.contains("  B3: goes on (put on by the chair): Two marks behind B2"), "\(run.out)\(run.err)")
        run = try bidpanel(["stages", "ys.bidpanel", "shortlist", "--stage", "written", "--bid", "B3", "--off", "--reason", "The bidder cannot come to an interview"], in: folder)
        #expect(run.status == 0 && run.out.contains("  B3: not shortlisted (outside the top places)"), "\(run.out)\(run.err)")
        // Stage 2: B3 is not on the shortlist, and stage 1 is fixed.
        let wrong = try write("wrong.csv", "bid,criterion,member,value\nB3,questions,amira,4\nB1,plan,tom,2\n", in: folder)
        run = try bidpanel(["import", "ys.bidpanel", "--scores", wrong], in: folder)
        #expect(run.status == 1, "\(run.err)")
        #expect(run.err.contains("wrong.csv:2: bid B3 is not on the shortlist for stage 2 (Interviews) (outside the top places)"), "\(run.err)")
        #expect(run.err.contains("wrong.csv:3: \"The plan for the club\" is scored in stage 1 (Written bids), which the chair has signed off"), "\(run.err)")
        let interviews = try write("interviews.csv", """
            bid,criterion,member,value
            B1,questions,chris,3
            B1,questions,amira,4
            B2,questions,chris,5
            B2,questions,amira,5

            """, in: folder)
        run = try bidpanel(["import", "ys.bidpanel", "--scores", interviews], in: folder)
        #expect(run.status == 0, "\(run.err)")

        run = try bidpanel(["report", "ys.bidpanel"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let report = run.out
        #expect(report.contains("The stages") && report.contains("Stage 1 of 2: Written bids") && report.contains("Stage 2 of 2: Interviews"))
        #expect(report.contains("not shortlisted: B3 (outside the top places)"), "\(report)")
        // The record of the meeting: the stage's sign-off and the chair's shortlist changes.
        #expect(report.contains("signed off stage 1 (Written bids) on"), "\(report)")
        #expect(report.contains("changed the shortlist for bid B3") && report.contains("The bidder cannot come to an interview"), "\(report)")
        // The final result: B2 67.20 + 20.00, B1 61.33 + 17.78 (docs/scoring.md section 14's rule).
        #expect(report.contains("87.20") && report.contains("79.11"), "\(report)")
        #expect(report.split(separator: "\n").allSatisfy { $0.filter { $0 != "\u{0C}" }.count <= 78 })

        run = try bidpanel(["report", "ys.bidpanel", "--format", "csv"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.hasPrefix("stage,goes_on,"), "\(run.out)")
        #expect(run.out.contains("final,"), "\(run.out)")

        run = try bidpanel(["summaries", "ys.bidpanel", "--out", "summaries"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("summaries").path)
        let b3 = try #require(names.first { $0.hasPrefix("B3-") })
        let summary = try String(contentsOfFile: folder.appendingPathComponent("summaries/\(b3)").path, encoding: .utf8)
        #expect(summary.contains("Not shortlisted after stage 1 (Written bids): outside the top places."), "\(summary)")
        let b2 = try #require(names.first { $0.hasPrefix("B2-") })
        let winner = try String(contentsOfFile: folder.appendingPathComponent("summaries/\(b2)").path, encoding: .utf8)
        #expect(winner.contains("reached the last one"), "\(winner)")

        // The chair signs the evaluation off with its last stage; the audit verifies.
        run = try bidpanel(["stages", "ys.bidpanel", "sign-off", "--stage", "interview", "--reason", "Scored on paper"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        run = try bidpanel(["audit", "ys.bidpanel"], in: folder)
        #expect(run.status == 0 && run.out.contains("signed off stage written signed off"), "\(run.out)\(run.err)")
    }

    @Test func initTakesStagesWithLots() throws {
        let lots = try String(contentsOfFile: "\(CLI.panels)/youth-lots.toml", encoding: .utf8)
        let staged = lots.replacingOccurrences(of: "weight = 50\n", with: "weight = 50\nstage = \"one\"\n")
            .replacingOccurrences(of: "weight = 30\n", with: "weight = 30\nstage = \"one\"\n")
        let path = try CLI.temporary("lots-stages.toml", staged + "\n[[stage]]\nid = \"one\"\ntitle = \"One\"\n")
        let folder = URL(fileURLWithPath: (path as NSString).deletingLastPathComponent)
        var run = try bidpanel(["init", path, "--out", "x.bidpanel"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("x.bidpanel").path))
        run = try bidpanel(["stages", "x.bidpanel", "show"], in: folder)
        #expect(run.status == 0 && run.out.contains("stage 1 (One): being scored now"), "\(run.out)\(run.err)")
    }
}
