import Foundation
import Testing

/// The funding line through the real binary: `validate` and `score` on the
/// shipped grants round with a pot, and a pot where it is not supported.
@Suite("Command line: the funding line")
struct FundingCLITests {
    let panel = "\(CLI.panels)/community-grants-pot.toml"
    let scores = "\(CLI.panels)/community-grants-scores.csv"

    @Test func validateSaysThePotAndItsRule() throws {
        let run = try CLI.run(["validate", panel])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("a pot of £12,000, funded in rank order; at the line: skip"))
        let plain = try CLI.run(["validate", "\(CLI.panels)/community-grants.toml"])
        #expect(!plain.out.contains("pot"))
    }

    @Test func scorePrintsTheLineInEveryFormat() throws {
        let text = try CLI.run(["score", panel, "--scores", scores])
        #expect(text.status == 0, "\(text.err)")
        #expect(text.out.contains("Funded: 2 bids, £10,700 of the £12,000 pot; £1,300 left."))
        #expect(text.out.split(separator: "\n").allSatisfy { $0.count <= 80 })
        let json = try CLI.run(["score", panel, "--scores", scores, "--format", "json"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let funding = try #require(root["funding"] as? [String: Any])
        #expect(funding["funded"] as? [String] == ["B1", "B2"])
        let csv = try CLI.run(["score", panel, "--scores", scores, "--format", "csv"])
        #expect(csv.out.hasPrefix("rank,bid,bidder,price,quality,price_marks,total,excluded,reasons,flags,complete,award,cumulative_award,funding,funding_reason\n"))
    }

    @Test func aPotWithLotsIsRefusedAtItsLine() throws {
        let lots = try String(contentsOfFile: "\(CLI.panels)/youth-lots.toml", encoding: .utf8)
        let broken = lots.replacingOccurrences(of: "[scoring]\n", with: "[scoring]\npot = 100000\nat_the_line = \"stop\"\n")
        #expect(broken != lots)
        let path = try CLI.temporary("lots-pot.toml", broken)
        let run = try CLI.run(["validate", path])
        #expect(run.status == 1)
        let line = broken.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("pot = ") }! + 1
        #expect(run.err.contains("\(path):\(line):1: error: a pot is not supported in a tender split into lots"))
    }
}
