import BidpanelCore
import BidpanelStore
import Foundation
import Testing

/// The chair's decision on a tied lot reaches the report (text and JSON)
/// and the summaries made by the real binary.
@Suite("Command line: the chair's decision on a tied lot")
struct TieDecisionCLITests {
    @Test func theReportAndSummariesSayTheLotWasTiedAndWhatTheChairDecided() throws {
        // youth-lots with N2 priced as N1 and marked alike: north is tied.
        let text = try String(contentsOfFile: "\(CLI.panels)/youth-lots.toml", encoding: .utf8)
            .replacingOccurrences(of: "price = 80000\nlot = \"north\"", with: "price = 90000\nlot = \"north\"")
        let panelPath = try CLI.temporary("tied.toml", text)
        let folder = URL(fileURLWithPath: panelPath).deletingLastPathComponent().path
        let scores = "bid,criterion,member,value,principle,comment\n"
            + [("N1", 4, 3), ("N2", 4, 3), ("S1", 5, 4), ("S2", 3, 3)].map { bid, experience, delivery in
                "\(bid),experience,chris,\(experience),,\n\(bid),experience,amira,\(experience),,\n\(bid),delivery,chris,\(delivery),,\n"
            }.joined()
        try scores.write(toFile: folder + "/scores.csv", atomically: true, encoding: .utf8)
        try "bid,member,reason\nnone,chris,\nnone,amira,\n".write(toFile: folder + "/none.csv", atomically: true, encoding: .utf8)
        let pins = LotsEvaluationCLITests.pin + "\n" + LotsEvaluationCLITests.pin + "\n"
        func run(_ arguments: [String]) throws -> CLI.Run { try Tmux.run(CLI.binary.path, arguments, input: pins, in: folder) }
        #expect(try run(["init", panelPath, "--out", "tied.bidpanel", "--pin-stdin"]).status == 0)
        let imported = try run(["import", "tied.bidpanel", "--scores", "scores.csv", "--conflicts", "none.csv", "--pin-stdin"])
        try #require(imported.status == 0, "\(imported.err)")

        let store = try EvaluationStore.open(path: folder + "/tied.bidpanel")
        let chair = try store.signIn(member: "chris", pin: LotsEvaluationCLITests.pin)
        try chair.decideTie(lot: "north", bid: "N2", reason: "Wider reach in the north")

        let report = try run(["report", "tied.bidpanel", "--output", "report.txt", "--pin-stdin"])
        #expect(report.status == 0, "\(report.err)")
        let printed = try String(contentsOfFile: folder + "/report.txt", encoding: .utf8).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(printed.contains("north: N2 Northgate Trust, the chair's decision: the lot was tied between N1 Riverside Youth Arts and N2 Northgate Trust. The chair's reason: Wider reach in the north"),
                "\(printed)")
        #expect(printed.contains("decided the tied lot north: it goes to bid N2"), "\(printed)")
        #expect(printed.contains("Reason: Wider reach in the north"))
        // Riverside did not win north, so it keeps south.
        #expect(printed.contains("south: S1 Riverside Youth Arts"))

        let json = try run(["report", "tied.bidpanel", "--format", "json", "--pin-stdin"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let north = try #require((root["lots"] as? [[String: Any]])?.first)
        #expect(north["award"] as? String == "chair-decided" && north["awarded_to"] as? String == "N2")
        #expect(north["reason"] as? String == "Wider reach in the north" && north["tied"] as? [String] == ["N1", "N2"])

        let summaries = try run(["summaries", "tied.bidpanel", "--out", "summaries", "--pin-stdin"])
        #expect(summaries.status == 0, "\(summaries.err)")
        let riverside = try String(contentsOfFile: folder + "/summaries/N1-S1-riverside-youth-arts.txt", encoding: .utf8)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(riverside.contains("your bid was tied with another for this lot, so the chair decided. The chair chose the other bid, for this reason: Wider reach in the north"),
                "\(riverside)")
        let northgate = try String(contentsOfFile: folder + "/summaries/N2-northgate-trust.txt", encoding: .utf8)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(northgate.contains("The chair chose your bid, for this reason: Wider reach in the north"))
        #expect(try run(["audit", "tied.bidpanel", "--pin-stdin"]).out.contains("decided the tie in lot north"))
    }
}
