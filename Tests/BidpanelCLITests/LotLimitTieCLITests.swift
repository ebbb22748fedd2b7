import BidpanelCore
import BidpanelStore
import Foundation
import Testing

/// A tender in lots and stages whose lot limit is reached through a tied
/// lot the chair decides: `report --format json` gives each lot's award.
@Suite("Command line: the lot limit with a tie the chair decides, in stages")
struct LotLimitTieCLITests {
    let cli = LotsAndStagesCLITests()

    /// youth-lots-stages.toml (limit 1; Riverside bids N1 and S2) with N2's
    /// price made N1's, so N1 and N2 can tie exactly in north.
    func tiedFile(in folder: URL) throws -> String {
        let shipped = try String(contentsOfFile: "\(CLI.panels)/youth-lots-stages.toml", encoding: .utf8)
        #expect(shipped.contains("price = 80000\n"))
        let panel = try cli.write("tied.toml", shipped.replacingOccurrences(of: "price = 80000\n", with: "price = 90000\n"), in: folder)
        var run = try cli.bidpanel(["init", panel, "--out", "tied.bidpanel"], in: folder)
        #expect(run.status == 0, "init: \(run.err)")
        func rows(_ criterion: String, _ marks: [(String, Int, Int)]) -> String {
            "bid,criterion,member,value\n" + marks.map { "\($0.0),\(criterion),chris,\($0.1)\n\($0.0),\(criterion),amira,\($0.2)\n" }.joined()
        }
        let declared = try cli.write("declared.csv", "bid,member,reason\nnone,chris,\nnone,amira,\n", in: folder)
        let written = try cli.write("written.csv", rows("plan", [("N1", 4, 4), ("N2", 4, 4), ("N3", 1, 2),
                                                                 ("S1", 2, 2), ("S2", 5, 4), ("S3", 3, 3)]), in: folder)
        run = try cli.bidpanel(["import", "tied.bidpanel", "--scores", written, "--conflicts", declared], in: folder)
        #expect(run.status == 0, "\(run.err)")
        run = try cli.bidpanel(["stages", "tied.bidpanel", "sign-off", "--stage", "written", "--reason", "Scored on paper"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let interview = try cli.write("interview.csv", rows("questions", [("N1", 4, 4), ("N2", 4, 4), ("S2", 5, 5), ("S3", 3, 3)]), in: folder)
        run = try cli.bidpanel(["import", "tied.bidpanel", "--scores", interview], in: folder)
        #expect(run.status == 0, "\(run.err)")
        return folder.appendingPathComponent("tied.bidpanel").path
    }

    func lots(_ folder: URL) throws -> [String: [String: Any]] {
        let report = try cli.bidpanel(["report", "tied.bidpanel", "--format", "json"], in: folder)
        #expect(report.status == 0, "\(report.err)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(report.out.utf8)) as? [String: Any])
        let lots = try #require(root["lots"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: lots.map { ($0["id"] as? String ?? "", $0) })
    }

    @Test func theChairsChoiceOnTheTiedLotDecidesWhoIsAtTheLimit() throws {
        let folder = try cli.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try tiedFile(in: folder)
        // Before the chair decides: north tied, south to S2 (Riverside has won nothing yet).
        var lots = try lots(folder)
        #expect(lots["north"]?["award"] as? String == "tied" && lots["north"]?["tied"] as? [String] == ["N1", "N2"])
        #expect(lots["south"]?["award"] as? String == "awarded" && lots["south"]?["awarded_to"] as? String == "S2")

        // North to Riverside (N1): Riverside is then at the limit of 1, so south passes S2 over.
        let store = try EvaluationStore.open(path: file)
        let chair = try store.signIn(member: "chris", pin: LotsAndStagesCLITests.chairPIN)
        try chair.decideTie(lot: "north", bid: "N1", reason: "Stronger local links")
        lots = try self.lots(folder)
        #expect(lots["north"]?["award"] as? String == "chair-decided" && lots["north"]?["awarded_to"] as? String == "N1")
        #expect(lots["north"]?["reason"] as? String == "Stronger local links")
        #expect(lots["south"]?["awarded_to"] as? String == "S3")
        let passed = try #require(lots["south"]?["passed_over"] as? [[String: Any]])
        #expect(passed.map { $0["bid"] as? String } == ["S2"] && passed.first?["lots_won"] as? [String] == ["north"])
        // Each lot's stages come with it: north interviewed N1 and N2.
        let stages = try #require(lots["north"]?["stages"] as? [[String: Any]])
        #expect(stages.first?["shortlist"] as? [String] == ["N1", "N2"])
    }
}
