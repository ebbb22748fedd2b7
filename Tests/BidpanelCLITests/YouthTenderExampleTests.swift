import BidpanelCore
import Foundation
import Testing

/// The shipped example of lots, stages and a pair together:
/// `panels/youth-tender.toml` with `panels/youth-tender-scores.csv`. The
/// command line's figures are checked against the engine run here on the
/// same files, and the example against what it claims to show: three lots,
/// each with a full written stage and interviews of its shortlist only,
/// the interviews scored by the pair as one scorer, and every figure whole
/// pence (nothing hidden by rounding).
@Suite("Command line: the youth tender example")
struct YouthTenderExampleTests {
    let panelPath = "\(CLI.panels)/youth-tender.toml"
    let scoresPath = "\(CLI.panels)/youth-tender-scores.csv"

    func engine() throws -> (Panel, [MemberValue], TenderResult) {
        let panel = try PanelFile.load(path: panelPath).panel
        let values = try ScoresCSV.memberValues(text: String(contentsOfFile: scoresPath, encoding: .utf8),
                                                file: scoresPath, panel: panel)
        return (panel, values, LotScoring.score(panel, ScoreSheet(memberValues: values)))
    }

    @Test func validateAcceptsItWithNoWarnings() throws {
        let run = try CLI.run(["validate", panelPath])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("5 members, 9 bids in 3 lots"))
        #expect(!run.out.contains("warning") && !run.err.contains("warning"), "\(run.out)\(run.err)")
    }

    @Test func theExampleShowsWhatItSaysItShows() throws {
        let (panel, values, tender) = try engine()
        #expect(panel.lots.count == 3 && panel.stages.map(\.id) == ["written", "interview"])
        #expect(tender.complete, "the sample scores leave nothing missing")
        let pair = try #require(panel.members.first { $0.pair != nil })
        let people = Set(pair.pair ?? [])
        #expect(!values.contains { people.contains($0.member) }, "the pair's people never score on their own")
        for lot in tender.lots {
            let stages = try #require(lot.stages)
            let written = try #require(stages.stage("written"))
            let lotBids = Set(written.result.bids.map(\.bid.id))
            #expect(lotBids.count == 3 && written.shortlist.count == 2, "lot \(lot.lot.id)")
            // Interview values exist exactly for the shortlist, and each has the pair's.
            let interviewed = Set(values.filter { lotBids.contains($0.slot.bid) && $0.slot.criterion == "questions" }
                .map(\.slot.bid))
            #expect(interviewed == Set(written.shortlist), "lot \(lot.lot.id)")
            for bid in written.shortlist {
                #expect(values.contains { $0.slot.bid == bid && $0.slot.criterion == "questions" && $0.member == pair.id })
            }
            #expect(Set(lot.result.bids.map(\.bid.id)) == Set(written.shortlist))
            for bid in lot.result.bids + stages.stages.flatMap(\.result.bids) {
                #expect(!bid.excluded && bid.flags.isEmpty, "\(bid.bid.id): \(bid.reasons) \(bid.flags)")
                for figure in [bid.qualityMarks, bid.priceMarks, bid.total] {
                    #expect(figure.rounded(places: 2) == figure, "\(bid.bid.id): \(figure) is not whole pence")
                }
            }
            guard case .awarded = tender.awards.decision(lot: lot.lot.id)?.outcome else {
                Issue.record("lot \(lot.lot.id) is not awarded"); continue
            }
        }
    }

    @Test func scoreTextIsTheEnginesResult() throws {
        let (panel, _, tender) = try engine()
        let run = try CLI.run(["score", panelPath, "--scores", scoresPath])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.trimmingCharacters(in: .newlines)
            == LotText.render(tender, panel: panel).trimmingCharacters(in: .newlines))
        #expect(!run.out.contains("PROVISIONAL"))
    }

    @Test func scoreJSONGivesTheEnginesFiguresAndAwards() throws {
        let (_, _, tender) = try engine()
        let run = try CLI.run(["score", panelPath, "--scores", scoresPath, "--format", "json"])
        #expect(run.status == 0, "\(run.err)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        #expect(root["complete"] as? Bool == true)
        let lots = try #require(root["lots"] as? [[String: Any]])
        #expect(lots.map { $0["id"] as? String } == tender.lots.map(\.lot.id))
        for (json, lot) in zip(lots, tender.lots) {
            guard case .awarded(let winner) = tender.awards.decision(lot: lot.lot.id)?.outcome else {
                Issue.record("lot \(lot.lot.id) is not awarded"); continue
            }
            #expect(json["awarded_to"] as? String == winner)
            let stages = try #require(json["stages"] as? [[String: Any]])
            #expect(stages.first?["shortlist"] as? [String] == lot.stages?.stage("written")?.shortlist)
        }
        let bids = try #require(root["bids"] as? [[String: Any]])
        let expected = tender.lots.flatMap { lot in
            lot.result.bids.map { "\(lot.lot.id) \($0.bid.id) \($0.rank ?? 0) \($0.total.compactFormatted(places: 2))" }
        }
        #expect(bids.map { "\($0["lot"]!) \($0["id"]!) \($0["rank"]!) \($0["total"]!)" } == expected)
    }
}
