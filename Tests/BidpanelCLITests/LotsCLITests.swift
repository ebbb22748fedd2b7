import Foundation
import Testing

/// A tender in lots from the command line (issue 13, lots): `validate`,
/// `score` in its three forms, and `init` taking lots with a pair of young
/// assessors (lots with stages are refused: StagesCLITests).
@Suite("Command line: lots")
struct LotsCLITests {
    let panel = "\(CLI.panels)/youth-lots.toml"
    let scores = "\(CLI.panels)/youth-lots-scores.csv"

    @Test func validateCountsTheLots() throws {
        let run = try CLI.run(["validate", panel])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("2 members, 4 bids in 2 lots"))
    }

    @Test func scorePrintsEachLotThenWhoWinsIt() throws {
        let run = try CLI.run(["score", panel, "--scores", scores])
        #expect(run.status == 0, "\(run.err)")
        let lines = run.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let north = try #require(lines.firstIndex(of: "Lot north: North locality"))
        let south = try #require(lines.firstIndex(of: "Lot south: South locality"))
        let awards = try #require(lines.firstIndex(of: "Who wins each lot"))
        #expect(north < south && south < awards)
        #expect(lines[north..<south].contains("   2 N2  Northgate Trust      £80,000   48.00 20.00 68.00"))
        #expect(lines[south..<awards].contains("   2 S2  Southbank Youth      £75,000   52.00 18.67 70.67"))
        #expect(Array(lines[(awards + 2)...].prefix(3)) == [
            "north: N1 Riverside Youth Arts", "south: S2 Southbank Youth",
            "      passed over: S1 (rank 1); its bidder has already won 1 lot (north), the",
        ])
        #expect(lines.allSatisfy { $0.count <= 78 })
    }

    @Test func scoreCSVHasALotColumn() throws {
        let run = try CLI.run(["score", panel, "--scores", scores, "--format", "csv"])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.split(separator: "\n").map(String.init) == [
            "lot,rank,bid,bidder,price,quality,price_marks,total,excluded,reasons,flags,complete",
            "north,1,N1,Riverside Youth Arts,90000,74.00,17.78,91.78,no,,,yes",
            "north,2,N2,Northgate Trust,80000,48.00,20.00,68.00,no,,,yes",
            "south,1,S1,Riverside Youth Arts,70000,76.00,20.00,96.00,no,,,yes",
            "south,2,S2,Southbank Youth,75000,52.00,18.67,70.67,no,,,yes",
        ])
    }

    @Test func scoreJSONGivesEachLotItsAward() throws {
        let run = try CLI.run(["score", panel, "--scores", scores, "--format", "json"])
        #expect(run.status == 0, "\(run.err)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        #expect(root["tender"] as? String == "YS-LOTS-01" && root["max_lots_per_bidder"] as? Int == 1)
        let lots = try #require(root["lots"] as? [[String: Any]])
        #expect(lots.map { $0["id"] as? String } == ["north", "south"])
        #expect(lots[0]["awarded_to"] as? String == "N1" && lots[1]["awarded_to"] as? String == "S2")
        let passed = try #require(lots[1]["passed_over"] as? [[String: Any]])
        #expect(passed.count == 1 && passed[0]["bid"] as? String == "S1" && passed[0]["lots_won"] as? [String] == ["north"])
        let bids = try #require(root["bids"] as? [[String: Any]])
        #expect(bids.map { "\($0["lot"]!) \($0["id"]!) \($0["rank"]!) \($0["total"]!)" }
            == ["north N1 1 91.78", "north N2 2 68", "south S1 1 96", "south S2 2 70.67"])
    }

    @Test func initTakesLotsWithPairs() throws {
        // Lots alone are held (LotsEvaluationCLITests), and lots with pairs
        // (PairsWithLotsAndStagesCLITests); lots with stages not yet (StagesCLITests).
        let text = try String(contentsOfFile: panel, encoding: .utf8)
            + "\n[[member]]\nid = \"jay\"\nname = \"Jay\"\nrole = \"young\"\n"
            + "\n[[member]]\nid = \"amira-jay\"\nname = \"Amira and Jay\"\nrole = \"young\"\npair = [\"amira\", \"jay\"]\n"
        let path = try CLI.temporary("lots-paired.toml", text)
        let (status, message, made) = try Self.initialise(path)
        #expect(status == 0, "\(message)")
        #expect(made)
    }

    /// Runs init with the chair's PIN typed twice; its exit status, what it
    /// said on standard error, and whether it made the file.
    static func initialise(_ panel: String) throws -> (Int32, String, Bool) {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lots-\(UUID().uuidString).bidpanel").path
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["init", panel, "--out", out, "--pin-stdin"]
        let input = Pipe(), err = Pipe()
        process.standardInput = input
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        input.fileHandleForWriting.write(Data("2468\n2468\n".utf8))
        try input.fileHandleForWriting.close()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, message, FileManager.default.fileExists(atPath: out))
    }
}
