import BidpanelCore
import Foundation
import Testing

/// Lots and stages together (and with a pair) through the real binary:
/// `init` takes the shipped youth tender; its scores go in stage by stage,
/// come out of `export` with a lot and a stage column, and go into a fresh
/// file to give exactly the same results.
@Suite("Command line: lots and stages together")
struct LotsAndStagesCLITests {
    static let chairPIN = "2468"
    let panelPath = "\(CLI.panels)/youth-tender.toml"
    let scoresPath = "\(CLI.panels)/youth-tender-scores.csv"
    /// The paper declarations of everyone who scores in the youth tender.
    static let declarations = "bid,member,reason\nnone,priya,\nnone,david,\nnone,amira-jay,\n"

    func bidpanel(_ arguments: [String], in folder: URL) throws -> CLI.Run {
        try Tmux.run(CLI.binary.path, arguments + ["--pin-stdin"], input: Self.chairPIN + "\n", in: folder.path)
    }

    func write(_ name: String, _ text: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-lotstages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The header and the rows of a CSV whose `stage` column says `stage`
    /// (the column found by name, so the test does not assume its place).
    static func rows(of csv: String, stage: String) -> String {
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard let header = lines.first, let column = header.split(separator: ",").firstIndex(of: "stage") else { return csv }
        let kept = lines.dropFirst().filter { $0.split(separator: ",", omittingEmptySubsequences: false)[column] == stage }
        return ([header] + kept).joined(separator: "\n") + "\n"
    }

    /// Makes `file` from the youth tender and scores it as on the day:
    /// stage 1 from `scores`, signed off, then stage 2 and `moderated`.
    func score(_ file: String, scores: String, moderated: String?, declarations: String = Self.declarations,
               in folder: URL) throws {
        var run = try bidpanel(["init", panelPath, "--out", file], in: folder)
        #expect(run.status == 0, "init: \(run.err)")
        let declared = try write("\(file)-declared.csv", declarations, in: folder)
        let written = try write("\(file)-written.csv", Self.rows(of: scores, stage: "written"), in: folder)
        run = try bidpanel(["import", file, "--scores", written, "--conflicts", declared], in: folder)
        #expect(run.status == 0 && run.out.contains("member values: 54 new"), "\(run.out)\(run.err)")
        run = try bidpanel(["stages", file, "sign-off", "--stage", "written", "--reason", "Scored on paper"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let interview = try write("\(file)-interview.csv", Self.rows(of: scores, stage: "interview"), in: folder)
        var arguments = ["import", file, "--scores", interview]
        if let moderated {
            arguments += ["--moderated", try write("\(file)-moderated.csv", Self.rows(of: moderated, stage: "interview"), in: folder)]
        }
        run = try bidpanel(arguments, in: folder)
        #expect(run.status == 0 && run.out.contains("member values: 24 new"), "\(run.out)\(run.err)")
    }

    @Test func initTakesTheYouthTender() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try bidpanel(["init", panelPath, "--out", "t.bidpanel"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("9 bids, 5 members") && run.out.contains("sign in together as one pair (amira-jay)"), "\(run.out)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("t.bidpanel").path))
    }

    @Test func exportCarriesLotAndStageAndAFreshFileGivesTheSameResults() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shipped = try String(contentsOfFile: scoresPath, encoding: .utf8)
        // One moderated interview value, with the chair's reason, so the moderated file is not empty.
        let moderated = "lot,stage,bid,criterion,principle,value,reason\nnorth,interview,N1,voice,,4,Agreed after discussion\n"
        try score("first.bidpanel", scores: shipped, moderated: moderated, in: folder)
        // Each lot's shortlist under its own heading.
        let shown = try bidpanel(["stages", "first.bidpanel", "show"], in: folder)
        #expect(shown.out.contains("tied bid). In each lot on its own.\n  Lot north: North locality\n    N3: goes on (shortlisted)\n"
            + "    N1: goes on (shortlisted)\n    N2: not shortlisted (outside the top places)\n  Lot central: Town centre\n"), "\(shown.out)")

        var run = try bidpanel(["export", "first.bidpanel", "--scores", "s.csv", "--moderated", "m.csv", "--conflicts", "c.csv"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let scores = try String(contentsOfFile: folder.appendingPathComponent("s.csv").path, encoding: .utf8)
        let exportedModerated = try String(contentsOfFile: folder.appendingPathComponent("m.csv").path, encoding: .utf8)
        #expect(scores.hasPrefix("lot,stage,bid,criterion,member,value,principle,comment\n"), "\(scores)")
        #expect(exportedModerated == moderated, "\(exportedModerated)")
        // Every shipped row comes back, lot and stage included (in the export's own order).
        func sorted(_ csv: String) -> [Substring] { csv.split(separator: "\n").dropFirst().sorted() }
        #expect(sorted(scores) == sorted(shipped))
        // The members' "no conflicts" declarations come out too, as import reads them.
        let conflicts = try String(contentsOfFile: folder.appendingPathComponent("c.csv").path, encoding: .utf8)
        #expect(sorted(conflicts) == sorted(Self.declarations), "\(conflicts)")

        // The same day again from the exported files alone: nothing typed in again.
        try score("second.bidpanel", scores: scores, moderated: exportedModerated, declarations: conflicts, in: folder)
        for format in ["json", "csv"] {
            let first = try bidpanel(["report", "first.bidpanel", "--format", format], in: folder)
            let second = try bidpanel(["report", "second.bidpanel", "--format", format], in: folder)
            #expect(first.status == 0 && second.status == 0, "\(first.err)\(second.err)")
            #expect(first.out == second.out && !first.out.isEmpty, "report --format \(format) differs")
        }
        // And `score` on the exported CSVs gives what it gives on the shipped ones.
        let fromExport = try CLI.run(["score", panelPath, "--scores", folder.appendingPathComponent("s.csv").path,
                                      "--moderated", folder.appendingPathComponent("m.csv").path, "--format", "json"])
        let fromShipped = try CLI.run(["score", panelPath, "--scores", scoresPath, "--moderated",
                                       try write("mod.csv", moderated, in: folder), "--format", "json"])
        #expect(fromExport.status == 0 && fromExport.out == fromShipped.out, "\(fromExport.err)")
        let report = try bidpanel(["report", "second.bidpanel", "--format", "json"], in: folder)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(report.out.utf8)) as? [String: Any])
        let lots = try #require(root["lots"] as? [[String: Any]])
        #expect(lots.map { $0["id"] as? String } == ["north", "central", "south"])
        for lot in lots {
            let stages = try #require(lot["stages"] as? [[String: Any]])
            #expect(stages.map { $0["id"] as? String } == ["written", "interview"], "\(lot["id"] ?? "")")
        }
        run = try bidpanel(["audit", "second.bidpanel"], in: folder)
        #expect(run.status == 0, "\(run.err)")
    }

    @Test func todaysCSVsWithoutLotOrStageColumnsStillImport() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var run = try bidpanel(["init", panelPath, "--out", "t.bidpanel"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        // The shipped written rows with the lot and stage columns cut off.
        let plain = Self.rows(of: try String(contentsOfFile: scoresPath, encoding: .utf8), stage: "written")
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst(2).joined(separator: ",") }
        #expect(plain.first == "bid,criterion,member,value,principle,comment")
        let scores = try write("plain.csv", plain.joined(separator: "\n") + "\n", in: folder)
        let declared = try write("declared.csv", Self.declarations, in: folder)
        run = try bidpanel(["import", "t.bidpanel", "--scores", scores, "--conflicts", declared], in: folder)
        #expect(run.status == 0 && run.out.contains("member values: 54 new"), "\(run.out)\(run.err)")
        // A row whose lot disagrees with its bid is refused with its line, and nothing goes in.
        let wrong = try write("wrong.csv", "lot,stage,bid,criterion,member,value\nsouth,interview,N1,questions,amira-jay,4\n", in: folder)
        run = try bidpanel(["import", "t.bidpanel", "--scores", wrong], in: folder)
        #expect(run.status == 1 && run.err.contains("wrong.csv:2") && run.err.contains("bid N1 is in lot \"north\""), "\(run.err)")
    }

    @Test func aPairInLotsIsExportedUnderThePairAndImportsAgain() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try String(contentsOfFile: "\(CLI.panels)/youth-lots.toml", encoding: .utf8) + PairsWithLotsAndStagesCLITests.pairMembers
        let panelPath = try write("lots-pair.toml", text, in: folder)
        let shipped = try String(contentsOfFile: "\(CLI.panels)/youth-lots-scores.csv", encoding: .utf8)
        let scores = try write("scores.csv", shipped.replacingOccurrences(of: ",amira,", with: ",amira-jay,"), in: folder)
        let declared = try write("declared.csv", "bid,member,reason\nnone,chris,\nnone,amira-jay,\n", in: folder)
        for file in ["a.bidpanel", "b.bidpanel"] {
            let run = try bidpanel(["init", panelPath, "--out", file], in: folder)
            #expect(run.status == 0, "\(run.err)")
        }
        var run = try bidpanel(["import", "a.bidpanel", "--scores", scores, "--conflicts", declared], in: folder)
        #expect(run.status == 0, "\(run.err)")
        run = try bidpanel(["export", "a.bidpanel", "--scores", "out.csv"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let exported = try String(contentsOfFile: folder.appendingPathComponent("out.csv").path, encoding: .utf8)
        let lines = exported.split(separator: "\n")
        #expect(lines.first == "lot,bid,criterion,member,value,principle,comment")
        let pairRows = lines.filter { $0.contains(",amira-jay,") }
        #expect(!pairRows.isEmpty && pairRows.count == shipped.components(separatedBy: ",amira,").count - 1)
        #expect(!lines.contains { $0.contains(",amira,") || $0.contains(",jay,") }, "a pair's people have no values of their own")
        run = try bidpanel(["import", "b.bidpanel", "--scores", "out.csv", "--conflicts", declared], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let a = try bidpanel(["report", "a.bidpanel", "--format", "json"], in: folder)
        let b = try bidpanel(["report", "b.bidpanel", "--format", "json"], in: folder)
        #expect(a.status == 0 && a.out == b.out, "\(a.err)\(b.err)")
    }

    @Test func aPersonsConflictImportedAfterThePairsValueStopsItCounting() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try score("t.bidpanel", scores: try String(contentsOfFile: scoresPath, encoding: .utf8), moderated: nil, in: folder)
        let before = try bidpanel(["report", "t.bidpanel", "--format", "csv"], in: folder)
        // Jay's own paper form, typed in after the pair's interview of N3.
        let conflict = try write("jay.csv", "bid,member,reason\nN3,jay,Jay volunteers at Hilltop\n", in: folder)
        var run = try bidpanel(["import", "t.bidpanel", "--conflicts", conflict], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let after = try bidpanel(["report", "t.bidpanel", "--format", "csv"], in: folder)
        #expect(after.status == 0 && after.out != before.out, "N3's interview loses the pair's values")
        // The engine on the same files: the pair's N3 values are left out.
        let panel = try PanelFile.load(path: panelPath).panel
        var sheet = ScoreSheet(memberValues: try ScoresCSV.memberValues(text: String(contentsOfFile: scoresPath, encoding: .utf8),
                                                                       file: scoresPath, panel: panel))
        sheet.declare(Conflict(bid: "N3", member: "jay", reason: "Jay volunteers at Hilltop"))
        let tender = LotScoring.score(panel, sheet)
        let n3 = try #require(tender.lots.first { $0.lot.id == "north" }?.result.bids.first { $0.bid.id == "N3" })
        let report = try bidpanel(["report", "t.bidpanel"], in: folder)
        #expect(report.out.contains(n3.total.formatted(places: 2)), "\(n3.total)")
        #expect(report.out.contains("Left out because of a conflict: Amira and Jay."), "\(report.out)")
        // And a new value from the pair for N3 is refused.
        let more = try write("more.csv", "bid,criterion,member,value\nN3,voice,amira-jay,1\n", in: folder)
        run = try bidpanel(["import", "t.bidpanel", "--scores", more, "--replace"], in: folder)
        #expect(run.status == 1 && run.err.contains("more.csv:2") && run.err.contains("conflict"), "\(run.err)")
    }
}
