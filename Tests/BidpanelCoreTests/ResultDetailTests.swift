import Foundation
import Testing
@testable import BidpanelCore

/// `criteria: true` on the JSON and CSV reports: the extra per-criterion
/// detail is there, agrees with the engine, and leaves the usual output as it
/// was.
@Suite("Result detail")
struct ResultDetailTests {
    let panel = ExamplePanels.youth

    func moderatedResult() throws -> EvaluationResult {
        let sheet = try ExamplePanels.sheet(panel, scores: "youth-services-scores.csv", moderated: "youth-services-moderated.csv")
        return ScoringEngine.score(panel, sheet)
    }

    func parse(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func bids(_ root: [String: Any]) -> [[String: Any]] { root["bids"] as? [[String: Any]] ?? [] }

    func criteria(_ bid: [String: Any]) -> [[String: Any]] { bid["criteria"] as? [[String: Any]] ?? [] }

    /// The JSON number as the figure it stands for; both sides go through
    /// the same decimal text, so equal figures give equal doubles.
    func figure(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    @Test func jsonAddsTheDetailKeys() throws {
        let root = try parse(ResultJSON.render(try moderatedResult(), panel: panel, criteria: true))
        for bid in bids(root) {
            #expect(criteria(bid).map { $0["id"] as? String } == panel.criteria.map(\.id))
            for entry in criteria(bid) {
                for key in ["id", "title", "kind", "value", "value_text", "weight", "marks", "basis", "reason"] {
                    #expect(entry.keys.contains(key), "\(bid["id"] ?? "") \(entry["id"] ?? ""): no \(key)")
                }
                if entry["kind"] as? String == "matrix" {
                    let principles = try #require(entry["principles"] as? [[String: Any]])
                    #expect(principles.count == panel.matrix.principles.count)
                    for principle in principles {
                        #expect(Set(principle.keys) == ["id", "level", "basis", "reason"])
                    }
                }
            }
        }
    }

    @Test func jsonDetailAgreesWithTheEngine() throws {
        let result = try moderatedResult()
        let places = panel.scoring.decimals
        let root = try parse(ResultJSON.render(result, panel: panel, criteria: true))
        for (bidJSON, bid) in zip(bids(root), result.bids) {
            #expect(bidJSON["id"] as? String == bid.bid.id)
            for (entry, c) in zip(criteria(bidJSON), bid.criteria) {
                #expect(entry["title"] as? String == c.criterion.title)
                #expect(figure(entry["marks"]) == Double(c.marks.compactFormatted(places: places)))
                #expect(entry["basis"] as? String == c.basis.rawValue)
            }
        }
        let b1 = try #require(bids(root).first { $0["id"] as? String == "B1" })
        let experience = try #require(criteria(b1).first { $0["id"] as? String == "experience" })
        #expect(experience["value_text"] as? String == "5")
        #expect(experience["reason"] as? String
            == "Agreed 5: long local record with outcomes evidenced, not just attendance")
        let ladder = try #require(criteria(b1).first { $0["id"] as? String == "ladder" })
        #expect(ladder["value_text"] as? String == "co-designing")
        let matrix = try #require(criteria(b1).first { $0["id"] as? String == "coproduction" })
        #expect(matrix["reason"] is NSNull)
        let principles = try #require(matrix["principles"] as? [[String: Any]])
        #expect(principles.first?["reason"] as? String == "Agreed Excellent: skills passport and paid junior sessional roles")
        #expect(matrix["value_text"] as? String == "capabilities 3; reciprocity 2; peer-support 3; facilitating 2")
        let b5 = try #require(bids(root).first { $0["id"] as? String == "B5" })
        let safeguarding = try #require(criteria(b5).first { $0["id"] as? String == "safeguarding" })
        #expect(safeguarding["value_text"] as? String == "fail")
    }

    /// Members' means are written rounded; a value nobody gave is null.
    @Test func jsonValueTextForMeansAndMissingValues() throws {
        var sheet = ScoreSheet()
        for (member, value) in [("priya", 4), ("david", 4), ("helen", 3)] {
            sheet.record(MemberValue(slot: Slot(bid: "B1", criterion: "experience"), member: member, value: .scale(Exact(value))))
        }
        let root = try parse(ResultJSON.render(ScoringEngine.score(panel, sheet), panel: panel, criteria: true))
        let b1 = try #require(bids(root).first { $0["id"] as? String == "B1" })
        let experience = try #require(criteria(b1).first { $0["id"] as? String == "experience" })
        #expect(experience["value_text"] as? String == "3.67") // 11/3
        for id in ["activities", "coproduction", "ladder", "safeguarding"] {
            let entry = try #require(criteria(b1).first { $0["id"] as? String == id })
            #expect(entry["value_text"] is NSNull, "\(id)")
            #expect(entry["reason"] is NSNull, "\(id)")
        }
    }

    /// Taking the added keys away gives back exactly the usual output, with
    /// SPEC §4's keys first and in order.
    @Test func jsonUsualKeysUnchanged() throws {
        let result = try moderatedResult()
        let plain = ResultJSON.render(result, panel: panel)
        let detailed = ResultJSON.render(result, panel: panel, criteria: true)
        var stripped = try parse(detailed)
        stripped["bids"] = bids(stripped).map { bid -> [String: Any] in
            var bid = bid
            bid["criteria"] = criteria(bid).map { entry -> [String: Any] in
                var entry = entry
                for key in ["title", "value_text", "reason"] { entry.removeValue(forKey: key) }
                if let principles = entry["principles"] as? [[String: Any]] {
                    entry["principles"] = principles.map { $0.filter { $0.key != "reason" } }
                }
                return entry
            }
            return bid
        }
        func canonical(_ object: [String: Any]) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
        #expect(try canonical(stripped) == canonical(try parse(plain)))
        // A bid's own keys sit six spaces in; the first bid's, in order.
        let bidKeys = detailed.split(separator: "\n").filter { $0.hasPrefix("      \"") }.map {
            String($0.dropFirst(7).prefix { $0 != "\"" })
        }
        #expect(Array(bidKeys.prefix(12)) == ["id", "bidder", "price", "quality", "price_marks", "total", "rank",
                                               "excluded", "reasons", "flags", "complete", "criteria"])
    }

    @Test func csvAddsTwoColumnsPerCriterion() throws {
        let result = try moderatedResult()
        let places = panel.scoring.decimals
        let extra = panel.criteria.flatMap { ["\($0.id) value", "\($0.id) marks"] }
        let text = ResultCSV.render(result, panel: panel, criteria: true)
        let header = try #require(text.split(separator: "\n").first)
        #expect(header == Substring((ResultCSV.columns + extra).joined(separator: ",")))
        let table = try CSVTable(text: text, file: "report.csv", required: ResultCSV.columns + extra, optional: [])
        #expect(table.rows.count == result.bids.count)
        for (row, bid) in zip(table.rows, result.bids) {
            #expect(row["bid"] == bid.bid.id)
            #expect(row["total"] == bid.total.formatted(places: places))
            for c in bid.criteria {
                #expect(row["\(c.criterion.id) value"] == FinalValueText.of(c, panel: panel) ?? "")
                let marks = c.criterion.kind == .passFail ? "" : c.marks.formatted(places: places)
                #expect(row["\(c.criterion.id) marks"] == marks)
            }
        }
        let b1 = try #require(table.rows.first { $0["bid"] == "B1" })
        #expect(b1["ladder value"] == "co-designing")
        #expect(b1["experience value"] == "5")
        #expect(b1["experience marks"] == "10.00")
        // The usual columns come first and say the same as before.
        let plainLines = ResultCSV.render(result, panel: panel).split(separator: "\n")
        let plainTable = try CSVTable(text: plainLines.joined(separator: "\n"), file: "plain.csv",
                                      required: ResultCSV.columns, optional: [])
        for (a, b) in zip(plainTable.rows, table.rows) {
            #expect(ResultCSV.columns.map { a[$0] } == ResultCSV.columns.map { b[$0] })
        }
    }
}
