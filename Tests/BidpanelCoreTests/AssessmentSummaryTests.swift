import Testing
@testable import BidpanelCore

/// The assessment summaries a bidder receives, on the youth-services example.
@Suite("Assessment summary")
struct AssessmentSummaryTests {
    let panel = ExamplePanels.youth

    /// The moderated example (complete) or members' scores only (provisional),
    /// with the moderation reasons as explanations, as the command passes them.
    func scored(moderated: Bool = true) throws -> (EvaluationResult, [Slot: String]) {
        let sheet = try ExamplePanels.sheet(panel, scores: "youth-services-scores.csv",
                                            moderated: moderated ? "youth-services-moderated.csv" : nil)
        let reasons = Dictionary(sheet.moderated.map { ($0.slot, $0.reason) }, uniquingKeysWith: { $1 })
        return (ScoringEngine.score(panel, sheet), reasons)
    }

    func summary(_ bid: String, _ result: EvaluationResult, _ reasons: [Slot: String], panel: Panel? = nil) -> String {
        AssessmentSummary.render(bid: bid, result: result, panel: panel ?? self.panel, explanations: reasons, date: "2026-03-02")
    }

    /// Wrapped text with its line breaks and indents folded to single spaces.
    func flat(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    /// The bidder's own table and marks: from the table's header to the
    /// winning bid's section.
    func own(_ text: String) -> [Substring] {
        let start = text.range(of: "\nCriterion ")!.lowerBound, end = text.range(of: "\nThe winning bid\n")!.lowerBound
        return text[start..<end].split(separator: "\n")
    }

    @Test func everyLineFitsIn80Columns() throws {
        var named = panel
        // The winner's name appears in every other bidder's summary too.
        named.bids[0].bidder = "Café Mosaïque 🎨🎭 Youth Project and Community Arts Collective of the Northern Wards 🌍"
        for moderated in [true, false] {
            let (result, reasons) = try scored(moderated: moderated)
            let sheet = try ExamplePanels.sheet(named, scores: "youth-services-scores.csv",
                                                moderated: moderated ? "youth-services-moderated.csv" : nil)
            let wide = ScoringEngine.score(named, sheet)
            for bid in panel.bids {
                for text in [summary(bid.id, result, reasons), summary(bid.id, wide, reasons, panel: named)] {
                    for line in text.split(separator: "\n") {
                        #expect(DisplayWidth.of(String(line)) <= 80, "\(bid.id): \(line)")
                    }
                }
            }
        }
    }

    /// Each criterion's row carries the engine's final value in words and its
    /// marks; each matrix principle its level. Expected wording is built here
    /// from the panel, not by the renderer's own helpers.
    @Test func valuesAndMarksMatchTheEngine() throws {
        let (result, reasons) = try scored()
        for bid in result.bids {
            let lines = own(summary(bid.bid.id, result, reasons))
            for c in bid.criteria {
                let row = try #require(lines.first { $0.hasPrefix(c.criterion.title) }, "\(bid.bid.id) \(c.criterion.id)")
                let value = try #require(c.finalValue ?? (c.passed.map { $0 ? Exact.one : .zero }))
                let expected: String
                switch c.criterion.kind {
                case .scored: expected = "\(value) \(panel.scale(id: "0-5")!.point(value)!.label)"
                case .ladder: expected = panel.ladder.rungs[Int(value.description)!].label
                case .matrix: expected = "average \((value * 3).compactFormatted(places: 2)) of 3"
                case .passFail: expected = c.passed! ? "Pass" : "Fail"
                }
                #expect(row.contains("  \(expected)  "), "\(bid.bid.id) \(c.criterion.id): \(row)")
                let marks = c.criterion.kind == .passFail ? "-" : c.marks.formatted(places: 2)
                #expect(row.hasSuffix(" \(marks)"), "\(bid.bid.id) \(c.criterion.id): \(row)")
                for p in c.principles {
                    let title = panel.matrix.principle(id: p.principle)!.title
                    let line = try #require(lines.first { $0.hasPrefix("  " + title.prefix(20)) })
                    #expect(line.hasSuffix("  " + panel.matrix.levels[Int(p.level!.description)!]), "\(line)")
                }
            }
        }
        let b2 = own(summary("B2", result, reasons))
        #expect(b2.contains("Your experience                               10  3 Good                  6.00"))
        #expect(b2.contains { $0.hasPrefix("Total:") && $0.hasSuffix("71.34 out of 100") })
        #expect(b2.contains { $0.hasPrefix("Price marks:") && $0.hasSuffix("13.99 out of 20") })
        #expect(b2.contains { $0.hasPrefix("Your price:") && $0.hasSuffix("£214,500") })
        #expect(b2.contains { $0.hasPrefix("Rank:") && $0.hasSuffix("2nd of 5") })
    }

    @Test func explanationsAreTheModerationReasons() throws {
        let (result, reasons) = try scored()
        let text = flat(summary("B2", result, reasons))
        #expect(text.contains("Moderated 4 after discussion: strong youth-led offer, capacity of 35 a night noted as a risk"))
        #expect(text.contains("Agreed Excellent: shared rota and decisions, equal votes, youth trustees")) // a matrix principle
        #expect(!text.contains("No explanation was recorded."))
        var fewer = reasons
        fewer[Slot(bid: "B2", criterion: "logic")] = nil
        #expect(summary("B2", result, fewer).contains("    No explanation was recorded."))
    }

    @Test func neverShowsMembersOrTheirComments() throws {
        let (result, reasons) = try scored()
        let text = summary("B1", result, reasons)
        for member in panel.members { #expect(!text.contains(member.name)) }
        #expect(!text.contains("Strong local track record")) // Priya's comment on B1
    }

    @Test func theWinnerSectionShowsTheRankOneBid() throws {
        let (result, reasons) = try scored()
        let winner = try #require(result.bids.first { $0.rank == 1 })
        let text = summary("B3", result, reasons)
        let section = String(text[text.range(of: "\nThe winning bid\n")!.upperBound...])
        #expect(flat(section).contains("bid \(winner.bid.id) from \(winner.bid.bidder)"))
        #expect(section.split(separator: "\n").contains {
            $0.hasPrefix("Total:") && $0.hasSuffix("\(winner.total.formatted(places: 2)) out of 100")
        })
        #expect(!section.contains("Agreed")) // no explanations for another bidder's scores
        let own = summary(winner.bid.id, result, reasons)
        #expect(flat(own).contains("Your bid is ranked first: it is the winning bid"))
        #expect(own.components(separatedBy: "Criterion  ").count == 2) // one table, not repeated
    }

    @Test func anExcludedBidIsToldWhy() throws {
        let (result, reasons) = try scored()
        let text = flat(summary("B5", result, reasons))
        #expect(text.contains("Rank: not ranked"))
        #expect(text.contains("excluded from the ranking, for the following reason: - it did not meet the pass/fail requirement \"Safeguarding\"."))
        #expect(text.contains("Safeguarding - Fail -"))
    }

    @Test func provisionalOnlyWhileIncomplete() throws {
        let (complete, reasons) = try scored()
        #expect(!summary("B2", complete, reasons).contains("PROVISIONAL"))
        let (provisional, none) = try scored(moderated: false)
        let text = summary("B2", provisional, none)
        #expect(text.contains("\nPROVISIONAL: the panel has not yet agreed every score"))
        #expect(text.hasSuffix("\nPROVISIONAL\n"))
        #expect(flat(text).contains("The bid currently ranked first"))
    }

    @Test func priceIsLeftOutWhenNotScored() throws {
        let grants = ExamplePanels.load("community-grants")
        let result = ScoringEngine.score(grants, try ExamplePanels.sheet(grants, scores: "community-grants-scores.csv"))
        let text = AssessmentSummary.render(bid: "B2", result: result, panel: grants, explanations: [:], date: "2026-03-02")
        #expect(!text.contains("Price marks") && !text.contains("Your price"))
        #expect(text.contains("Total:"))
    }

    @Test func ordinals() {
        let made = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(AssessmentSummary.ordinal)
        #expect(made == ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th"])
    }
}
