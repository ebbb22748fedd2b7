import BidpanelCore
import Foundation
import Testing

/// A pair of young assessors in a tender in lots, and in a tender in
/// stages, through the real binary: init takes the panel, import takes the
/// pair's values under the pair's id, and the report gives the engine's
/// figures for each lot or stage with the pair as one scorer, naming both
/// people. The audit verifies.
@Suite("Command line: pairs with lots, pairs with stages")
struct PairsWithLotsAndStagesCLITests {
    static let chairPIN = "2468"
    static let pairMembers = "\n[[member]]\nid = \"jay\"\nname = \"Jay Morgan\"\nrole = \"young\"\n"
        + "\n[[member]]\nid = \"amira-jay\"\nname = \"Amira and Jay\"\nrole = \"young\"\npair = [\"amira\", \"jay\"]\n"

    func bidpanel(_ arguments: [String], in folder: URL) throws -> CLI.Run {
        try Tmux.run(CLI.binary.path, arguments + ["--pin-stdin"], input: Self.chairPIN + "\n", in: folder.path)
    }

    func write(_ name: String, _ text: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-pairs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func lotsWithAPairInitImportReportAndSummaries() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try String(contentsOfFile: "\(CLI.panels)/youth-lots.toml", encoding: .utf8) + Self.pairMembers
        let panelPath = try write("lots-pair.toml", text, in: folder)
        var run = try bidpanel(["init", panelPath, "--out", "e.bidpanel"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        // The shipped scores with Amira's values given by the pair.
        let shipped = try String(contentsOfFile: "\(CLI.panels)/youth-lots-scores.csv", encoding: .utf8)
        let scores = try write("scores.csv", shipped.replacingOccurrences(of: ",amira,", with: ",amira-jay,"), in: folder)
        let alone = try write("alone.csv", "bid,criterion,member,value\nN1,experience,jay,3\n", in: folder)
        run = try bidpanel(["import", "e.bidpanel", "--scores", alone], in: folder)
        #expect(run.status == 1 && run.err.contains("alone.csv:2") && run.err.contains("amira-jay"), "\(run.err)")
        let conflicts = try write("conflicts.csv", "bid,member,reason\nnone,chris,\nnone,amira-jay,\n", in: folder)
        run = try bidpanel(["import", "e.bidpanel", "--scores", scores, "--conflicts", conflicts], in: folder)
        #expect(run.status == 0, "\(run.err)")

        run = try bidpanel(["report", "e.bidpanel"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let report = run.out
        let panel = try PanelFile.parse(text: text, file: panelPath, readFile: { _ in nil }).panel
        let values = try ScoresCSV.memberValues(text: String(contentsOfFile: scores, encoding: .utf8), file: scores, panel: panel)
        let tender = LotScoring.score(panel, ScoreSheet(memberValues: values))
        #expect(tender.complete, "the pair is the only young scorer: nothing is missing")
        for lot in tender.lots {
            #expect(report.contains(lot.lot.title), "\(report)")
            for bid in lot.result.bids {
                #expect(report.contains(bid.total.formatted(places: 2)), "\(bid.bid.id) \(bid.total)")
            }
        }
        // Provisional only for want of the chair's sign-off: nothing is waited for from Amira or Jay alone.
        #expect(!report.contains("still missing") && report.contains("Values that count: Chris and Amira and Jay."), "\(report)")
        #expect(report.contains("Amira and Jay, young assessor (a pair: Amira and Jay Morgan)"), "\(report)")
        #expect(report.split(separator: "\n").allSatisfy { $0.filter { $0 != "\u{0C}" }.count <= 78 })

        run = try bidpanel(["summaries", "e.bidpanel", "--out", "summaries"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        run = try bidpanel(["audit", "e.bidpanel"], in: folder)
        #expect(run.status == 0 && run.out.contains("Amira") && run.out.contains("Jay Morgan"), "\(run.out)\(run.err)")
    }

    @Test func stagesWithAPairSignOffStageOneThenThePairScoresTheShortlist() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try String(contentsOfFile: "\(CLI.panels)/youth-stages.toml", encoding: .utf8) + Self.pairMembers
        let panelPath = try write("stages-pair.toml", text, in: folder)
        var run = try bidpanel(["init", panelPath, "--out", "e.bidpanel"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let conflicts = try write("conflicts.csv", "bid,member,reason\nnone,chris,\nnone,tom,\nnone,amira-jay,\n", in: folder)
        let written = try write("written.csv", """
            bid,criterion,member,value
            B1,plan,chris,4
            B1,plan,tom,4
            B1,plan,amira-jay,5
            B2,plan,chris,3
            B2,plan,tom,3
            B2,plan,amira-jay,3
            B3,plan,chris,2
            B3,plan,tom,1
            B3,plan,amira-jay,2

            """, in: folder)
        run = try bidpanel(["import", "e.bidpanel", "--scores", written, "--conflicts", conflicts], in: folder)
        #expect(run.status == 0, "\(run.err)")
        run = try bidpanel(["stages", "e.bidpanel", "sign-off", "--stage", "written", "--reason", "Scored on paper"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("  B3: not shortlisted (outside the top places)"), "\(run.out)")
        let wrong = try write("wrong.csv", "bid,criterion,member,value\nB3,questions,amira-jay,4\n", in: folder)
        run = try bidpanel(["import", "e.bidpanel", "--scores", wrong], in: folder)
        #expect(run.status == 1 && run.err.contains("wrong.csv:2: bid B3 is not on the shortlist"), "\(run.err)")
        let interviewsText = """
            bid,criterion,member,value
            B1,questions,chris,3
            B1,questions,amira-jay,4
            B2,questions,chris,5
            B2,questions,amira-jay,5

            """
        let interviews = try write("interviews.csv", interviewsText, in: folder)
        run = try bidpanel(["import", "e.bidpanel", "--scores", interviews], in: folder)
        #expect(run.status == 0, "\(run.err)")

        run = try bidpanel(["report", "e.bidpanel"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let report = run.out
        let panel = try PanelFile.parse(text: text, file: panelPath, readFile: { _ in nil }).panel
        let all = try String(contentsOfFile: written, encoding: .utf8) + interviewsText.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n"
        let values = try ScoresCSV.memberValues(text: all, file: "all.csv", panel: panel)
        let staged = StageScoring.score(panel, ScoreSheet(memberValues: values))
        #expect(staged.complete)
        for bid in staged.final.bids {
            #expect(report.contains(bid.total.formatted(places: 2)), "\(bid.bid.id) \(bid.total)\n\(report)")
        }
        #expect(report.contains("Stage 2 of 2: Interviews") && report.contains("not shortlisted: B3 (outside the top places)"))
        #expect(!report.contains("still missing"), "\(report)")
        #expect(report.contains("Amira and Jay, young assessor (a pair: Amira Hassan") || report.contains("(a pair: Amira and Jay Morgan)"), "\(report)")
        #expect(!report.contains("Amira, young assessor: nothing recorded"), "\(report)")

        run = try bidpanel(["stages", "e.bidpanel", "sign-off", "--stage", "interview", "--reason", "Scored on paper"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        run = try bidpanel(["audit", "e.bidpanel"], in: folder)
        #expect(run.status == 0, "\(run.out)\(run.err)")
    }
}
