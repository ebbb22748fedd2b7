import Foundation
import Testing
@testable import BidpanelCore

/// The example panels shipped in panels/, loaded from the repository.
enum ExamplePanels {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("panels")

    static func load(_ name: String) -> Panel {
        // A broken example is a test failure, reported by the tests below.
        (try? PanelFile.load(path: folder.appendingPathComponent("\(name).toml").path).panel)!
    }

    static let youth = load("youth-services")

    static func sheet(_ panel: Panel, scores: String, moderated: String? = nil) throws -> ScoreSheet {
        var sheet = ScoreSheet()
        let scoresText = try String(contentsOf: folder.appendingPathComponent(scores), encoding: .utf8)
        for value in try ScoresCSV.memberValues(text: scoresText, file: scores, panel: panel) { sheet.record(value) }
        if let moderated {
            let text = try String(contentsOf: folder.appendingPathComponent(moderated), encoding: .utf8)
            for value in try ScoresCSV.moderatedValues(text: text, file: moderated, panel: panel) { sheet.moderate(value) }
        }
        return sheet
    }
}

@Suite("Example panels")
struct ExamplePanelTests {
    @Test(arguments: ["youth-services", "community-grants", "day-opportunities"])
    func shipsValidWithAnswersAndScores(name: String) throws {
        let loaded = try PanelFile.load(path: ExamplePanels.folder.appendingPathComponent("\(name).toml").path)
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        #expect(loaded.panel.bids.count >= 5)
        #expect(loaded.panel.bids.allSatisfy { !$0.answers.isEmpty })
        let sheet = try ExamplePanels.sheet(loaded.panel, scores: "\(name)-scores.csv")
        #expect(!sheet.memberValues.isEmpty)
    }

    /// Expected figures computed independently (by hand-written Python over
    /// fractions) from the same files when they were written.
    @Test func youthServicesModeratedTotals() throws {
        let panel = ExamplePanels.youth
        let sheet = try ExamplePanels.sheet(panel, scores: "youth-services-scores.csv", moderated: "youth-services-moderated.csv")
        let result = ScoringEngine.score(panel, sheet)
        #expect(result.complete)
        let published = result.bids.map {
            [$0.bid.id, $0.qualityMarks.formatted(places: 2), $0.priceMarks.formatted(places: 2),
             $0.total.formatted(places: 2), $0.rank.map { "\($0)" } ?? "-"]
        }
        #expect(published == [
            ["B1", "66.67", "12.61", "79.27", "1"],
            ["B2", "57.35", "13.99", "71.34", "2"],
            ["B6", "53.33", "13.10", "66.43", "3"],
            ["B3", "45.45", "15.31", "60.76", "4"],
            ["B4", "23.77", "20.00", "43.77", "5"],
            ["B5", "51.48", "0.00", "51.48", "-"],
        ])
        #expect(result.bid("B5")!.reasons == [.failed(criterion: "safeguarding")])
        #expect(result.bid("B4")!.flags.map(\.code) == ["abnormally-low"])
        let provisional = ScoringEngine.score(panel, try ExamplePanels.sheet(panel, scores: "youth-services-scores.csv"))
        #expect(!provisional.complete)
    }

    @Test func dayOpportunitiesExclusions() throws {
        let panel = ExamplePanels.load("day-opportunities")
        let result = ScoringEngine.score(panel, try ExamplePanels.sheet(panel, scores: "day-opportunities-scores.csv"))
        #expect(result.bid("B1")!.reasons.count == 1) // over budget
        #expect(result.bid("B4")!.reasons.count == 2) // below threshold and below the quality minimum
        #expect(result.bid("B3")!.rank == 1)
        #expect(result.bid("B2")!.priceMarks == .zero) // the dearest bid in contention, linear
    }

    @Test func communityGrantsScoreQualityOnly() throws {
        let panel = ExamplePanels.load("community-grants")
        let result = ScoringEngine.score(panel, try ExamplePanels.sheet(panel, scores: "community-grants-scores.csv"))
        #expect(result.bids.allSatisfy { $0.priceMarks == .zero && $0.flags.allSatisfy { $0.code != "abnormally-low" } })
        #expect(result.bid("B5")!.reasons == [.failed(criterion: "eligibility")])
        #expect(result.bid("B1")!.total.formatted(places: 2) == "91.67")
    }
}
