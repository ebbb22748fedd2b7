import Foundation
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
    func flat(_ text: some StringProtocol) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    /// The bidder's own table and marks: from "Your scores" to the section
    /// after "Your marks", each line without its indent.
    func own(_ text: String) -> [Substring] {
        let start = text.range(of: "\nYour scores\n")!.lowerBound
        let marks = text.range(of: "\nYour marks\n")!.upperBound
        let end = text.range(of: "\n\n", range: marks..<text.endIndex)!.lowerBound
        return text[start..<end].split(separator: "\n").map { $0.drop { $0 == " " } }
    }

    /// The comparison with the winning bid, from its heading on.
    func beside(_ text: String) -> Substring? {
        text.range(of: "\nYour bid beside the winning bid\n").map { text[$0.upperBound...] }
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
                let weight = c.criterion.kind == .passFail ? "-" : c.criterion.weight.description
                let row = try #require(lines.first { $0.hasPrefix(c.criterion.title.prefix(24)) && $0.contains("  \(weight)  ") },
                                       "\(bid.bid.id) \(c.criterion.id)")
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
                    let line = try #require(lines.first { $0.hasPrefix(title.prefix(20)) })
                    #expect(line.hasSuffix("  " + panel.matrix.levels[Int(p.level!.description)!]), "\(line)")
                }
            }
        }
        let b2 = own(summary("B2", result, reasons))
        #expect(b2.contains("Your experience                             10  3 Good                  6.00"))
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
        #expect(summary("B2", result, fewer).contains("\n      No explanation was recorded.\n"))
    }

    @Test func neverShowsMembersOrTheirComments() throws {
        let (result, reasons) = try scored()
        let text = summary("B1", result, reasons)
        for member in panel.members { #expect(!text.contains(member.name)) }
        #expect(!text.contains("Strong local track record")) // Priya's comment on B1
    }

    /// Every bid that did not win sees the winning bid's score and reason
    /// for each criterion and principle beside its own, and is told exactly
    /// where the winning bid scored more (from the engine's marks).
    @Test func aLosingBidSeesTheWinningBidsScoresAndReasonsBesideItsOwn() throws {
        let (result, reasons) = try scored()
        let winner = try #require(result.bids.first { $0.rank == 1 })
        for bid in result.bids where bid.bid.id != winner.bid.id {
            let text = summary(bid.bid.id, result, reasons)
            let section = flat(try #require(beside(text), "\(bid.bid.id)"))
            #expect(flat(text).contains("The winning bid is from \(winner.bid.bidder) (bid \(winner.bid.id)), with \(winner.total.formatted(places: 2)) marks"))
            for reason in reasons where reason.key.bid == winner.bid.id || reason.key.bid == bid.bid.id {
                #expect(section.contains(flat(reason.value)), "\(bid.bid.id): \(reason.key)")
            }
            let outcome = flat(text[text.range(of: "\nThe result\n")!.upperBound..<text.range(of: "\nThe award criteria\n")!.lowerBound])
            for (mine, theirs) in zip(bid.criteria, winner.criteria) where mine.criterion.kind != .passFail {
                let line = "\(mine.criterion.title): \(theirs.marks.formatted(places: 2)) marks against your \(mine.marks.formatted(places: 2))"
                #expect(outcome.contains(line) == (theirs.marks > mine.marks), "\(bid.bid.id): \(line)")
                let block = "\(mine.criterion.title) (weight \(mine.criterion.weight))"
                #expect(section.contains(block))
            }
            #expect(section.contains("Winning bid: \(winner.bid.price.map(Money(currency: "GBP").format)!) \(winner.priceMarks.formatted(places: 2)) marks"))
            #expect(section.contains("Winning bid: \(winner.qualityMarks.formatted(places: 2)) quality + \(winner.priceMarks.formatted(places: 2)) price \(winner.total.formatted(places: 2)) marks"))
        }
        let own = summary(winner.bid.id, result, reasons)
        #expect(flat(own).contains("Your bid is the most advantageous tender (the winning bid): it is ranked 1st of 5"))
        #expect(beside(own) == nil)
        #expect(own.components(separatedBy: "Criterion  ").count == 3) // the award criteria and its own scores
    }

    @Test func anExcludedBidIsToldWhy() throws {
        let (result, reasons) = try scored()
        let text = flat(summary("B5", result, reasons))
        #expect(text.contains("Rank: not ranked (excluded)"))
        #expect(text.contains("excluded from the ranking, so it could not win, for the following reason: - it did not meet the pass/fail requirement \"Safeguarding\". The panel's reason: Fail: policy from 2019, no named lead"))
        #expect(text.contains("Safeguarding - Fail -"))
        #expect(text.contains("Your bid: no price marks: an excluded bid gets none"))
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

    // MARK: - The golden copies

    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// The winner (B1), a bid ranked second (B2) and an excluded bid (B5),
    /// kept word for word: any change to what a bidder reads shows up here.
    @Test(arguments: [("B1", "winning"), ("B2", "second"), ("B5", "excluded")])
    func youthSummaryMatchesTheGoldenCopy(bid: String, name: String) throws {
        let (result, reasons) = try scored()
        let text = summary(bid, result, reasons)
        let file = Self.golden.appendingPathComponent("youth-services-summary-\(bid)-\(name).txt")
        if ProcessInfo.processInfo.environment["BIDPANEL_RECORD_GOLDEN"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let kept = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let made = text.split(separator: "\n", omittingEmptySubsequences: false)
        for line in 0..<max(made.count, kept.count) where line >= made.count || line >= kept.count || made[line] != kept[line] {
            Issue.record("\(bid) line \(line + 1) differs:\n  made: \(line < made.count ? made[line] : "(none)")\n  kept: \(line < kept.count ? kept[line] : "(none)")\nRe-record with BIDPANEL_RECORD_GOLDEN=1 if the change is meant.")
            break
        }
    }

    @Test func ordinals() {
        let made = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(AssessmentSummary.ordinal)
        #expect(made == ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th"])
    }
}
