import Foundation
import Testing

/// An evaluation file of a tender in lots, end to end with the real binary:
/// init, import (the scores CSV with and without a lot column), then the
/// report in its three forms, the summaries, export and sheets, lot by lot.
@Suite("Command line: an evaluation file in lots")
struct LotsEvaluationCLITests {
    static let pin = "2468"

    /// A folder with youth-lots made into lots.bidpanel and its scores imported.
    struct Folder {
        let path: String
        var file: String { path + "/lots.bidpanel" }

        init(importing: Bool = true) throws {
            path = URL(fileURLWithPath: try CLI.temporary("README", "lots\n")).deletingLastPathComponent().path
            let made = try run(["init", "\(CLI.panels)/youth-lots.toml", "--out", file, "--pin-stdin"])
            try #require(made.status == 0, "\(made.err)")
            guard importing else { return }
            try "bid,member,reason\nnone,chris,\nnone,amira,\n".write(toFile: path + "/none.csv", atomically: true, encoding: .utf8)
            let imported = try run(["import", file, "--scores", "\(CLI.panels)/youth-lots-scores.csv", "--conflicts", "none.csv", "--pin-stdin"])
            try #require(imported.status == 0, "\(imported.err)")
        }

        func run(_ arguments: [String]) throws -> CLI.Run {
            try Tmux.run(CLI.binary.path, arguments, input: LotsEvaluationCLITests.pin + "\n" + LotsEvaluationCLITests.pin + "\n", in: path)
        }

        func read(_ name: String) throws -> String { try String(contentsOfFile: path + "/" + name, encoding: .utf8) }
    }

    @Test func theReportCSVAndJSONAreLotByLotAndMatchScore() throws {
        let folder = try Folder()
        let csv = try folder.run(["report", folder.file, "--format", "csv", "--pin-stdin"])
        #expect(csv.status == 0, "\(csv.err)")
        let rows = csv.out.split(separator: "\n").map(String.init)
        #expect(rows.first?.hasPrefix("lot,rank,bid,bidder,price,quality,price_marks,total,excluded,reasons,flags,complete,experience value") == true)
        #expect(rows.dropFirst().map { $0.split(separator: ",").prefix(3).joined(separator: ",") }
            == ["north,1,N1", "north,2,N2", "south,1,S1", "south,2,S2"])
        // The same figures as scoring the CSV straight from the panel file.
        let scored = try CLI.run(["score", "\(CLI.panels)/youth-lots.toml", "--scores", "\(CLI.panels)/youth-lots-scores.csv", "--format", "csv"])
        let figures = scored.out.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(12).joined(separator: ",") }
        #expect(rows.map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(12).joined(separator: ",") } == figures)

        let json = try folder.run(["report", folder.file, "--format", "json", "--pin-stdin"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let lots = try #require(root["lots"] as? [[String: Any]])
        #expect(lots.map { $0["awarded_to"] as? String } == ["N1", "S2"])
        let bids = try #require(root["bids"] as? [[String: Any]])
        #expect(bids.map { $0["lot"] as? String } == ["north", "north", "south", "south"])
        #expect(bids.allSatisfy { $0["criteria"] != nil })
    }

    @Test func thePrintedReportGivesEachLotThenTheAwards() throws {
        let folder = try Folder()
        let run = try folder.run(["report", folder.file, "--output", "report.txt", "--pin-stdin"])
        #expect(run.status == 0, "\(run.err)")
        let lines = try folder.read("report.txt").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let north = try #require(lines.firstIndex(of: "Lot north: North locality"))
        let south = try #require(lines.firstIndex(of: "Lot south: South locality"))
        let awards = try #require(lines.firstIndex(of: "Who wins each lot"))
        #expect(north < south && south < awards)
        #expect(lines[north..<south].contains("   1 N1  Riverside Youth Arts £90,000   74.00 17.78 91.78"))
        #expect(lines[south..<awards].contains("Your experience                               40  4.5 (average)          36.00"))
        #expect(lines[awards...].contains("south: S2 Southbank Youth"))
        #expect(lines.allSatisfy { $0.replacingOccurrences(of: "\u{0C}", with: "").count <= 78 })
    }

    @Test func aBiddersSummaryCoversEachLotItBidFor() throws {
        let folder = try Folder()
        let run = try folder.run(["summaries", folder.file, "--out", "summaries", "--pin-stdin"])
        #expect(run.status == 0, "\(run.err)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/summaries").sorted()
        #expect(names == ["N1-S1-riverside-youth-arts.txt", "N2-northgate-trust.txt", "S2-southbank-youth.txt"])
        let riverside = try folder.read("summaries/N1-S1-riverside-youth-arts.txt")
        let flat = riverside.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("This summary covers the 2 lots you bid for: lot north (bid N1), lot south (bid S1)."))
        #expect(flat.contains("The award: this lot goes to your bid."))
        #expect(flat.contains("Your bid ranked 1 in this lot, but you had already won 1 lot (north), the most one bidder may win."))
        // Passed over in south: not told it is the winning bid there.
        let southPart = try #require(flat.range(of: "Lot south: South locality")).upperBound
        #expect(!flat[southPart...].contains("the most advantageous tender"))
        let southbank = try folder.read("summaries/S2-southbank-youth.txt").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(southbank.contains("Your bid is the winning bid for this lot: it is ranked 2nd of 2 in this lot"))
        // Riverside was passed over, so Southbank's summary never names it.
        #expect(!southbank.contains("Riverside"))
    }

    @Test func exportWritesALotColumnThatImportsBackAndScoresTheSame() throws {
        let folder = try Folder()
        let run = try folder.run(["export", folder.file, "--scores", "out.csv", "--pin-stdin"])
        #expect(run.status == 0, "\(run.err)")
        let exported = try folder.read("out.csv")
        #expect(exported.hasPrefix("lot,bid,criterion,member,value,principle,comment\nnorth,N1,delivery,chris,4,,\n"))
        let again = try CLI.run(["score", "\(CLI.panels)/youth-lots.toml", "--scores", folder.path + "/out.csv", "--format", "csv"])
        let shipped = try CLI.run(["score", "\(CLI.panels)/youth-lots.toml", "--scores", "\(CLI.panels)/youth-lots-scores.csv", "--format", "csv"])
        #expect(again.status == 0 && again.out == shipped.out)
        // Importing it into a fresh file takes the lot column as it is.
        let fresh = try Folder(importing: false)
        try "bid,member,reason\nnone,chris,\nnone,amira,\n".write(toFile: fresh.path + "/none.csv", atomically: true, encoding: .utf8)
        let imported = try fresh.run(["import", fresh.file, "--scores", folder.path + "/out.csv", "--conflicts", "none.csv", "--pin-stdin"])
        #expect(imported.status == 0, "\(imported.err)")
        #expect(imported.out.contains("member values: 12 new"))
    }

    @Test func importRefusesARowInTheWrongLotAndRecordsNothing() throws {
        let folder = try Folder(importing: false)
        try "lot,bid,criterion,member,value\nnorth,N1,experience,chris,5\nnorth,S1,experience,chris,4\n"
            .write(toFile: folder.path + "/wrong.csv", atomically: true, encoding: .utf8)
        try "bid,member,reason\nnone,chris,\n".write(toFile: folder.path + "/none.csv", atomically: true, encoding: .utf8)
        let run = try folder.run(["import", folder.file, "--scores", "wrong.csv", "--conflicts", "none.csv", "--pin-stdin"])
        #expect(run.status == 1)
        #expect(run.err.contains("wrong.csv:3"), "\(run.err)")
        #expect(run.err.contains("the lot column says \"north\", but bid S1 is in lot \"south\""), "\(run.err)")
        let export = try folder.run(["export", folder.file, "--scores", "after.csv", "--pin-stdin"])
        #expect(export.status == 0)
        #expect(try folder.read("after.csv") == "lot,bid,criterion,member,value,principle,comment\n")
    }

    @Test func sheetsNameTheLotAndTheRowsToTypeCarryIt() throws {
        let folder = try Folder(importing: false)
        let run = try folder.run(["sheets", folder.file, "--out", "sheets", "--member", "amira", "--pin-stdin"])
        #expect(run.status == 0, "\(run.err)")
        let sheet = try folder.read("sheets/amira-S1.txt")
        #expect(sheet.contains("Lot:    south: South locality"))
        #expect(sheet.contains("lot,bid,criterion,member,value,principle,comment\nsouth,S1,experience,amira,VALUE,,\"COMMENT\""))
    }
}
