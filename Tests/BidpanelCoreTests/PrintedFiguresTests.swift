import Foundation
import Testing
@testable import BidpanelCore

/// No figure is ever cut on paper: with any number of published decimals
/// (0 to 6), prices in the millions, a long bid id and long names, every
/// figure the engine's result holds appears whole in the printed report,
/// and no line is wider than 78 columns. Expected figures come from the
/// engine's result (rounded as published), never from the report's helpers.
extension PrintedReportTests {
    static let longID = "B4-LATE-SUBMISSION-ANNEX"
    static let longName = "The Northside and Canal Wards Detached Youth Work, Arts and Sport Partnership (a consortium of seven community interest companies)"

    /// The youth example publishing `decimals` places, B1 priced at ten
    /// million pounds and B3 at £12,345,678.50, B4 under a long id and B2
    /// under a long name.
    func millions(decimals: Int) throws -> (Panel, ScoreSheet) {
        let (_, base) = try youth()
        var panel = self.panel
        panel.scoring.decimals = decimals
        panel.tender.title = "Positive activities, detached youth work and outreach in every ward of the borough, 2026 to 2029"
        func id(_ old: String) -> String { old == "B4" ? Self.longID : old }
        panel.bids = panel.bids.map { bid in
            var bid = bid
            bid.id = id(bid.id)
            if bid.id == "B1" { bid.price = Exact(10_000_000) }
            if bid.id == "B3" { bid.price = Exact(decimal: "12345678.50") }
            if bid.id == "B2" { bid.bidder = Self.longName }
            return bid
        }
        var sheet = ScoreSheet()
        for value in base.memberValues {
            sheet.record(MemberValue(slot: Slot(bid: id(value.slot.bid), criterion: value.slot.criterion, principle: value.slot.principle),
                                     member: value.member, value: value.value, comment: value.comment))
        }
        for value in base.moderated {
            sheet.moderate(ModeratedValue(slot: Slot(bid: id(value.slot.bid), criterion: value.slot.criterion, principle: value.slot.principle),
                                          value: value.value, reason: value.reason))
        }
        return (panel, sheet)
    }

    /// The words of a line, without the punctuation a sentence puts after a figure.
    func words(_ text: some StringProtocol) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map {
            var word = String($0)
            while let last = word.last, ".,;:)".contains(last) { word.removeLast() }
            if word.hasPrefix("(") { word.removeFirst() }
            return word
        }
    }

    /// Whether `expected` appear in this order among one line's words.
    func line(_ line: String, holds expected: [String]) -> Bool {
        var rest = words(line)[...]
        for figure in expected {
            guard let at = rest.firstIndex(of: figure) else { return false }
            rest = rest[(at + 1)...]
        }
        return true
    }

    @Test(arguments: 0...6)
    func everyFigureIsWholeWithManyDecimalsAndPricesInTheMillions(decimals: Int) throws {
        let (panel, sheet) = try millions(decimals: decimals)
        let result = ScoringEngine.score(panel, sheet)
        let text = PrintedReport.render(result: result, panel: panel, sheet: sheet, signedOff: "1 December 2026 at 09:30",
                                        printedOn: Self.date, seal: RecordSeal(head: String(repeating: "ab", count: 32), count: 152))
        let lines = pages(text).flatMap { $0 }
        for line in lines {
            #expect(DisplayWidth.of(line) <= 78, "\(decimals) decimals: \(DisplayWidth.of(line)) columns: \(line)")
        }
        #expect(!lines.contains { $0.contains(#/[0-9£]…/#) }, "a figure was cut")

        let prices = ["B1": "£10,000,000", "B3": "£12,345,678.50"]
        let summary = text[text.range(of: "Summary of totals")!.lowerBound..<text.range(of: "\nEach bid in detail\n")!.lowerBound]
        let summaryLines = summary.split(separator: "\n").map(String.init)
        for bid in result.bids {
            let figures = [prices[bid.bid.id], bid.qualityMarks.formatted(places: decimals),
                           bid.priceMarks.formatted(places: decimals), bid.total.formatted(places: decimals)].compactMap { $0 }
            let rank = bid.rank.map { "\($0)" } ?? "-"
            #expect(summaryLines.contains { line($0, holds: [rank] + figures) },
                    "\(decimals) decimals: no row holds \([rank] + figures) for \(bid.bid.id):\n\(summary)")

            let details = section(of: bid, in: text, after: result.bids.filter { $0.bid.id != bid.bid.id })
            let detailLines = details.split(separator: "\n").map(String.init)
            let opening = [bid.qualityMarks, bid.priceMarks, bid.total].map { $0.formatted(places: decimals) }
            #expect(line(flat(details), holds: opening), "\(decimals) decimals: \(bid.bid.id)'s marks")
            for criterion in bid.criteria where criterion.criterion.kind != .passFail {
                let row = [criterion.criterion.weight.description, criterion.marks.formatted(places: decimals)]
                #expect(detailLines.contains { line($0, holds: row) },
                        "\(decimals) decimals: \(bid.bid.id) \(criterion.criterion.id) has no line holding \(row):\n\(details)")
            }
        }
        // Each bidder's summary, which shares the criteria table's columns, fits too.
        for bid in result.bids {
            let summary = AssessmentSummary.render(bid: bid.bid.id, result: result, panel: panel, explanations: [:], date: Self.date)
            let wide = summary.split(separator: "\n").filter { DisplayWidth.of(String($0)) > 78 }
            #expect(wide.isEmpty, "\(decimals) decimals, \(bid.bid.id)'s summary: \(wide)")
            #expect(line(flat(summary), holds: [bid.total.formatted(places: decimals)]), "\(decimals) decimals, \(bid.bid.id)'s summary")
        }
        // The long id and name are there in full, wrapped if need be.
        #expect(flat(text).contains(Self.longName))
        #expect(words(text).contains(Self.longID))
        #expect(flat(text).contains("Audit seal abababababababab, 152 entries"))
    }
}
