import Foundation
import Testing
@testable import BidpanelCore

/// What reg 31 asks a summary to hold, and what it must never show, on the
/// shipped examples and on panels made the way real people fill them in.
/// Expected figures come from the engine's result and the panel, never from
/// the summary's own helpers.
@Suite("Assessment summary content")
struct SummaryContentTests {
    struct Example {
        var panel: Panel
        var result: EvaluationResult
        var reasons: [Slot: String]
    }

    static func example(_ name: String, moderated: Bool) throws -> Example {
        let panel = ExamplePanels.load(name)
        let sheet = try ExamplePanels.sheet(panel, scores: "\(name)-scores.csv", moderated: moderated ? "\(name)-moderated.csv" : nil)
        return Example(panel: panel, result: ScoringEngine.score(panel, sheet),
                       reasons: Dictionary(sheet.moderated.map { ($0.slot, $0.reason) }, uniquingKeysWith: { $1 }))
    }

    static func shipped() throws -> [Example] {
        [try example("youth-services", moderated: true), try example("youth-services", moderated: false),
         try example("community-grants", moderated: false), try example("day-opportunities", moderated: false)]
    }

    static func summary(_ bid: String, _ e: Example) -> String {
        AssessmentSummary.render(bid: bid, result: e.result, panel: e.panel, explanations: e.reasons, date: "2026-03-02")
    }

    static func flat(_ text: some StringProtocol) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    /// Whether `word` occurs in `text` with no letter or digit either side.
    static func containsWord(_ text: String, _ word: String) -> Bool {
        var rest = text[...]
        while let range = rest.range(of: word) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            let isWord: (Character?) -> Bool = { $0.map { $0.isLetter || $0.isNumber } ?? false }
            if !isWord(before) && !isWord(after) { return true }
            rest = text[range.upperBound...]
        }
        return false
    }

    // MARK: - Who the bidder is

    @Test func everySummaryGivesItsOwnBiddersContactDetailsAndNoOneElses() throws {
        for e in try Self.shipped() {
            for bid in e.panel.bids {
                let text = Self.summary(bid.id, e)
                let contact = bid.contact
                #expect(text.contains("\nUnique ID: \(contact.supplierID!)\n"), "\(bid.id)")
                #expect(Self.flat(text).contains("Address: \(contact.address!) E-mail: \(contact.email!)"), "\(bid.id)")
                for other in e.panel.bids where other.id != bid.id {
                    #expect(!text.contains(other.contact.email!) && !text.contains(other.contact.supplierID!), "\(bid.id) shows \(other.id)")
                }
            }
        }
    }

    @Test func missingContactDetailsAreSaidToBeMissing() throws {
        var e = try Self.example("youth-services", moderated: true)
        e.panel.bids[1].contact = BidderContact(supplierID: "PUK-1", address: "  ", email: nil)
        e.result = ScoringEngine.score(e.panel, try ExamplePanels.sheet(e.panel, scores: "youth-services-scores.csv",
                                                                         moderated: "youth-services-moderated.csv"))
        let text = Self.summary("B2", e)
        #expect(text.contains("\nUnique ID: PUK-1\nAddress:   not recorded\nE-mail:    not recorded\n"))
    }

    // MARK: - The award criteria

    /// Title, weight, how scored and the scores available, for every
    /// criterion and for price.
    @Test func theAwardCriteriaAreSummarised() throws {
        for e in try Self.shipped() {
            let text = Self.summary(e.panel.bids[0].id, e)
            let section = String(text[text.range(of: "\nThe award criteria\n")!.upperBound..<text.range(of: "\nYour scores\n")!.lowerBound])
            let lines = section.split(separator: "\n").map { $0.drop { $0 == " " } }
            for criterion in e.panel.criteria {
                let weight = criterion.kind == .passFail ? "-" : criterion.weight.description
                let row = try #require(lines.first { $0.hasPrefix(criterion.title.prefix(25)) && $0.contains("  \(weight)  ") },
                                       "\(e.panel.tender.id) \(criterion.id)")
                switch criterion.kind {
                case .scored:
                    let scale = e.panel.scale(id: criterion.scaleID!)!
                    #expect(row.contains("\(scale.minimum) to \(scale.maximum) on the"), "\(row)")
                    #expect(Self.flat(section).contains(scale.points.map { "\($0.value) \($0.label)" }.joined(separator: ", ")))
                case .passFail: #expect(row.contains("pass or fail"))
                case .ladder: #expect(Self.flat(section).contains(e.panel.ladder.rungs.map(\.label).joined(separator: ", ")))
                case .matrix: #expect(Self.flat(section).contains("\(e.panel.matrix.principles.count) principles, each at a level from 0 to \(e.panel.matrix.levels.count - 1)"))
                }
            }
            if e.result.priceFormula != .none {
                #expect(lines.contains { $0.hasPrefix("Price") && $0.contains("  \(e.result.price)  \(e.result.priceFormula.rawValue) price formula") })
                #expect(Self.flat(section).contains("Price is worth \(e.result.price) marks, on the \(e.result.priceFormula.rawValue) formula"))
            }
            if let budget = e.panel.scoring.budget {
                #expect(Self.flat(section).contains("above the budget of \(Money(currency: "GBP").format(budget)) excludes the bid"))
            }
            #expect(Self.flat(section).contains("set out in full in the tender documents for \(e.panel.tender.id)"))
        }
    }

    // MARK: - Scores, sub-totals and totals

    /// Each section of two or more weighted criteria has a sub-total: the
    /// exact sum of the engine's marks, rounded once.
    @Test func sectionSubTotalsAreTheExactSumsOfTheEnginesMarks() throws {
        for e in try Self.shipped() {
            for bid in e.result.bids {
                let text = Self.summary(bid.bid.id, e)
                let table = text[text.range(of: "\nYour scores\n")!.upperBound..<text.range(of: "\nYour marks\n")!.lowerBound]
                let subtotals = table.split(separator: "\n").filter { $0.drop { $0 == " " }.hasPrefix("Sub-total") }
                var expected: [String] = []
                for section in e.panel.sections {
                    let criteria = bid.criteria.filter { $0.criterion.section == section && $0.criterion.kind != .passFail }
                    guard criteria.count >= 2 else { continue }
                    expected.append(Exact.sum(criteria.map(\.marks)).formatted(places: e.panel.scoring.decimals))
                }
                #expect(subtotals.map { String($0.split(separator: " ").last!) } == expected, "\(bid.bid.id)")
                #expect(text.contains("\nTotal:          \(bid.total.formatted(places: e.panel.scoring.decimals)) out of 100\n"))
            }
        }
    }

    /// The working shown for price marks uses the lowest (and, linear, the
    /// highest) price in contention and ends with the engine's own marks;
    /// the figures shown give those marks exactly.
    @Test func priceMarksAreWorkedOutWithTheEnginesFigures() throws {
        let money = Money(currency: "GBP")
        for e in try Self.shipped() where e.result.priceFormula != .none {
            let prices = e.result.bids.filter { !$0.excluded }.compactMap(\.bid.price)
            let lowest = try #require(prices.min()), highest = try #require(prices.max())
            let share = e.result.price
            let winner = try #require(e.result.bids.first { $0.rank == 1 })
            let winnersWorking = Self.flat(Self.summary(winner.bid.id, e)).components(separatedBy: "Worked out as: ")[1]
                .replacingOccurrences(of: "your price", with: "its price").components(separatedBy: " Total:")[0]
            for bid in e.result.bids {
                let text = Self.flat(Self.summary(bid.bid.id, e))
                if bid.bid.id != winner.bid.id { #expect(text.contains("Winning bid: " + winnersWorking), "\(bid.bid.id)") }
                guard !bid.excluded, let price = bid.bid.price else {
                    #expect(text.contains("no price marks: an excluded bid gets none"))
                    continue
                }
                let marks = bid.priceMarks.formatted(places: 2)
                switch e.result.priceFormula {
                case .relative:
                    #expect(share * lowest / price == bid.priceMarks)
                    #expect(text.contains("Worked out as: \(share) × lowest price \(money.format(lowest)) ÷ your price \(money.format(price)) = \(marks)"), "\(bid.bid.id)")
                case .linear:
                    #expect(share * (highest - price) / (highest - lowest) == bid.priceMarks)
                    #expect(text.contains("Worked out as: \(share) × (highest price \(money.format(highest)) - your price \(money.format(price))) ÷ (highest price \(money.format(highest)) - lowest price \(money.format(lowest))) = \(marks)"), "\(bid.bid.id)")
                case .none: break
                }
            }
        }
    }

    /// Equal totals: the loser is told which of the tender's rules decided.
    @Test func aTieBrokenByTheRulesIsExplained() throws {
        let panel = TestPanels.panel(quality: 80, weights: [("quality", 80)], bids: [("A", 100), ("B", 60)])
        let result = ScoringEngine.score(panel, TestPanels.sheet(["A": ["quality": 60], "B": ["quality": 50]]))
        #expect(result.total("A") == result.total("B") && result.rank("A") == 1 && result.rank("B") == 2)
        let text = Self.flat(AssessmentSummary.render(bid: "B", result: result, panel: panel, explanations: [:], date: "today"))
        #expect(text.contains("Your bid is ranked 2nd of 2, with 60.00 marks out of 100. The winning bid is from Bidder A (bid A), with 60.00 marks, the same total as yours. The tender's rule for equal totals decided between them: the winning bid has more quality marks (48.00 against your 40.00)."))
    }

    /// A difference too small to show at the panel's decimals is said to
    /// be small, never "0.00 more".
    @Test func aTinyDifferenceIsNotPrintedAsNothing() throws {
        let e = try Self.example("youth-services", moderated: true)
        let context = SummaryContext(reader: e.result.bids[1], result: e.result, panel: e.panel, explanations: [:])
        #expect(context.amount(Exact(1, 1000)) == "less than 0.01")
        #expect(context.amount(Exact(1, 200)) == "0.01")
        #expect(context.amount(Exact(4)) == "4.00")
    }

    // MARK: - What a summary never shows

    /// Reasons as chairs really write them: naming members, another
    /// bidder, the winner, and with control and bidi characters typed or pasted in.
    static func handMade() throws -> Example {
        var e = try example("youth-services", moderated: true)
        func add(_ bid: String, _ criterion: String, _ principle: String? = nil, reason text: String) {
            e.reasons[Slot(bid: bid, criterion: criterion, principle: principle)] = text
        }
        add("B2", "experience", reason: "Kyle and Priya Shah felt this was weaker than Brightwater Sports Trust; helen agreed.")
        add("B2", "logic", reason: "Better than B3 and brightwater sports trust, not as good as Northgate Youth Collective. (Zoë)")
        add("B1", "experience", reason: "David Okafor: strongest record; Kingsmead Detached Youth Work came close.")
        add("B1", "coproduction", "reciprocity", reason: "Okafor's note\u{1B}]52;c;cGFzdA==\u{07} and \u{202E}000,932£\u{202C} pasted in")
        add("B2", "monitoring", reason: "See https://example.org/evaluations/cafe-mosaic/2025/annual-report.pdf for the data")
        return e
    }

    @Test func noSummaryNamesAMemberOrAnotherUnsuccessfulBidder() throws {
        for e in try Self.shipped() + [try Self.handMade()] {
            let winners = Set(e.result.bids.filter { $0.rank == 1 }.map(\.bid.id))
            for bid in e.panel.bids {
                let text = Self.summary(bid.id, e)
                for member in e.panel.members {
                    #expect(!text.lowercased().contains(member.name.lowercased()), "\(bid.id) names \(member.name)")
                    #expect(!Self.containsWord(text, member.id), "\(bid.id) shows id \(member.id)")
                    for part in member.name.split(separator: " ") where part.count >= 3 {
                        #expect(!Self.containsWord(text, String(part)), "\(bid.id) names \(part)")
                    }
                }
                for other in e.panel.bids where other.id != bid.id && !winners.contains(other.id) {
                    #expect(!text.lowercased().contains(other.bidder.lowercased()), "\(bid.id) names \(other.bidder)")
                    #expect(!Self.containsWord(text, other.id), "\(bid.id) shows bid \(other.id)")
                }
            }
        }
    }

    /// No member's own value reaches a summary: a value only one member
    /// gave, unlike any final value, does not appear in the scores.
    @Test func aMembersOwnValueIsNeverShown() throws {
        var e = try Self.example("youth-services", moderated: true)
        var sheet = try ExamplePanels.sheet(e.panel, scores: "youth-services-scores.csv", moderated: "youth-services-moderated.csv")
        sheet.record(MemberValue(slot: Slot(bid: "B2", criterion: "experience"), member: "kyle", value: .scale(1),
                                 comment: "Kyle's private note"))
        e.result = ScoringEngine.score(e.panel, sheet)
        let text = Self.summary("B2", e)
        #expect(!text.contains("Kyle's private note"))
        let table = text[text.range(of: "\nYour scores\n")!.upperBound...]
        let row = try #require(table.split(separator: "\n").first { $0.hasPrefix("  Your experience  ") })
        #expect(row.hasSuffix("10  3 Good                  6.00")) // the moderated value, not Kyle's 1
    }

    @Test func whatTheChairWroteIsRedactedNotLost() throws {
        let e = try Self.handMade()
        let b2 = Self.flat(Self.summary("B2", e))
        #expect(b2.contains("[a panel member] and [a panel member] felt this was weaker than [another bidder]; [a panel member] agreed."))
        #expect(b2.contains("Better than [another bidder] and [another bidder], not as good as Northgate Youth Collective. ([a panel member])"))
        #expect(b2.contains("[a panel member]: strongest record; [another bidder] came close."))
        // The winner's own summary may name no losing bidder either.
        #expect(Self.flat(Self.summary("B1", e)).contains("[a panel member]: strongest record; [another bidder] came close."))
    }

    @Test func controlAndBidiCharactersAreShownNotObeyed() throws {
        var e = try Self.handMade()
        e.panel.bids[1].bidder = "Café\u{1B}]0;pwned\u{07} Mosaic\u{202E}"
        e.panel.tender.title = "Youth work\u{1B}[2J"
        e.result = ScoringEngine.score(e.panel, try ExamplePanels.sheet(e.panel, scores: "youth-services-scores.csv",
                                                                         moderated: "youth-services-moderated.csv"))
        for bid in ["B1", "B2", "B3"] {
            let text = Self.summary(bid, e)
            #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E || $0.value == 0x202C })
            #expect(SafeText.isSafe(text))
        }
        let b2 = Self.summary("B2", e)
        #expect(b2.contains("Bidder:    Café␛]0;pwned␇ Mosaic\u{FFFD} (bid B2)"))
        #expect(Self.flat(Self.summary("B2", e)).contains("[a panel member]'s note␛]52;c;cGFzdA==␇ and \u{FFFD}000,932£\u{FFFD} pasted in"))
    }

    /// A long address in a reason is printed whole, within 80 columns.
    @Test func aLinkInAReasonIsPrintedWhole() throws {
        let e = try Self.handMade()
        let text = Self.summary("B2", e)
        #expect(text.contains("https://example.org/evaluations/cafe-mosaic/2025/annual-report.pdf"))
        #expect(text.split(separator: "\n").allSatisfy { DisplayWidth.of(String($0)) <= 80 })
    }

    /// Six decimals, the most a panel may publish: every figure is printed
    /// whole, in every table, and still within 80 columns.
    @Test func figuresAreNeverCutAtSixDecimals() throws {
        var e = try Self.example("youth-services", moderated: true)
        e.panel.scoring.decimals = 6
        e.result = ScoringEngine.score(e.panel, try ExamplePanels.sheet(e.panel, scores: "youth-services-scores.csv",
                                                                         moderated: "youth-services-moderated.csv"))
        let winner = try #require(e.result.bids.first { $0.rank == 1 })
        for bid in e.result.bids {
            let text = Self.summary(bid.bid.id, e)
            #expect(!text.contains("…"))
            #expect(text.split(separator: "\n").allSatisfy { DisplayWidth.of(String($0)) <= 80 })
            for c in bid.criteria where c.criterion.kind != .passFail {
                #expect(text.contains("  \(c.marks.formatted(places: 6))\n"), "\(bid.bid.id) \(c.criterion.id)")
                if bid.bid.id != winner.bid.id { // the comparison's marks column
                    #expect(text.contains(" \(c.marks.formatted(places: 6)) marks\n"), "\(bid.bid.id) \(c.criterion.id)")
                }
            }
            if bid.bid.id != winner.bid.id {
                #expect(text.contains(" \(winner.total.formatted(places: 6)) marks\n"))
                #expect(text.contains(" \(winner.priceMarks.formatted(places: 6))\n"))
            }
        }
    }

    /// Many bids, long names: every line fits and the comparison names only
    /// the winner.
    @Test func manyBidsWithLongNames() throws {
        var e = try Self.example("youth-services", moderated: true)
        let base = try ExamplePanels.sheet(e.panel, scores: "youth-services-scores.csv", moderated: "youth-services-moderated.csv")
        var sheet = ScoreSheet()
        var bids: [Bid] = []
        for copy in 0..<8 {
            for bid in e.panel.bids {
                let id = "\(bid.id)-\(copy)"
                bids.append(Bid(id: id, bidder: "\(bid.bidder) and the Northern Wards Community Partnership \(copy) 🌍",
                                price: bid.price.map { $0 + Exact(copy * 1000) }, contact: bid.contact))
                for v in base.memberValues where v.slot.bid == bid.id {
                    sheet.record(MemberValue(slot: Slot(bid: id, criterion: v.slot.criterion, principle: v.slot.principle),
                                             member: v.member, value: v.value, comment: v.comment))
                }
                for v in base.moderated where v.slot.bid == bid.id {
                    sheet.moderate(ModeratedValue(slot: Slot(bid: id, criterion: v.slot.criterion, principle: v.slot.principle),
                                                  value: v.value, reason: v.reason))
                }
            }
        }
        e.panel.bids = bids
        e.result = ScoringEngine.score(e.panel, sheet)
        e.reasons = Dictionary(sheet.moderated.map { ($0.slot, $0.reason) }, uniquingKeysWith: { $1 })
        let winner = try #require(e.result.bids.first { $0.rank == 1 })
        for bid in e.result.bids.prefix(6) {
            let text = Self.summary(bid.bid.id, e)
            #expect(text.split(separator: "\n").allSatisfy { DisplayWidth.of(String($0)) <= 80 })
            for other in e.panel.bids where other.id != bid.bid.id && other.id != winner.bid.id {
                #expect(!Self.containsWord(text, other.id))
            }
        }
    }
}
