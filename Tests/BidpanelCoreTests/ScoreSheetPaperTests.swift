import Foundation
import Testing
@testable import BidpanelCore

@Suite("Paper score sheets")
struct ScoreSheetPaperTests {
    let panel = ExamplePanels.youth

    /// Every page is 66 lines of at most 78 columns and names its sheet.
    func checkPages(_ pages: [String], member: String, bid: String) {
        for page in pages {
            let lines = page.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            #expect(lines.count == ScoreSheetPaper.pageLength)
            for line in lines { #expect(DisplayWidth.of(line) <= 78, "too wide: \(line)") }
            let matches = lines.compactMap(ScoreSheetPaper.match)
            #expect(!matches.isEmpty && matches.allSatisfy { $0.member == member && $0.bid == bid })
        }
    }

    /// The (criterion, principle) pairs a sheet has a box for.
    func boxes(_ text: String) -> [String] {
        text.split(separator: "\n").filter { $0.hasPrefix("Score: [") }.map { line in
            String(line[line.range(of: "(criterion=")!.upperBound...].dropLast())
        }
    }

    @Test func everyMemberAndBidOfTheYouthExampleHasAWholeSheet() {
        for member in panel.members {
            let criteria = ScoreSheetPaper.criteria(for: member, in: panel)
            #expect(!criteria.isEmpty)
            let expected = criteria.flatMap { criterion in
                criterion.kind == .matrix ? panel.matrix.principles.map { "\(criterion.id) principle=\($0.id)" } : [criterion.id]
            }
            for bid in panel.bids {
                let pages = ScoreSheetPaper.pages(panel: panel, member: member, bid: bid)
                checkPages(pages, member: member.id, bid: bid.id)
                let text = ScoreSheetPaper.render(panel: panel, member: member, bid: bid)
                #expect(text.components(separatedBy: "\u{0C}").count == pages.count)
                #expect(boxes(text) == expected)
                #expect(text.contains(bid.bidder) && text.contains(member.name))
                #expect(text.contains("bid,criterion,member,value,principle,comment"))
                #expect(text.contains("none,\(member.id),"))
                for criterion in panel.criteria where !criterion.scoredBy.contains(member.role) {
                    #expect(!text.contains("criterion=\(criterion.id))"), "\(member.id) does not score \(criterion.id)")
                }
            }
        }
    }

    @Test func aYoungAssessorGetsThePlainWordingAndNoPrice() throws {
        let zoe = try #require(panel.member(id: "zoe"))
        let david = try #require(panel.member(id: "david"))
        let bid = try #require(panel.bid(id: "B1"))
        let young = ScoreSheetPaper.render(panel: panel, member: zoe, bid: bid)
        let officer = ScoreSheetPaper.render(panel: panel, member: david, bid: bid)
        let price = try #require(bid.price).description
        for text in [young, officer] {
            #expect(!text.contains(price) && !text.contains("238,000") && !text.contains("£"))
        }
        let flat = { (text: String) in text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        for criterion in ScoreSheetPaper.criteria(for: zoe, in: panel) {
            #expect(flat(young).contains(flat(criterion.plain ?? criterion.guidance)), "\(criterion.id)")
            if !criterion.question.isEmpty {
                #expect(!flat(young).contains(flat(criterion.question)))
                #expect(flat(officer).contains(flat(criterion.question)))
            }
        }
        let point = try #require(panel.scales.first?.points.last)
        #expect(flat(young).contains(flat(point.plain)) && !flat(young).contains(flat(point.meaning)))
        #expect(flat(officer).contains(flat(point.meaning)))
    }

    @Test func aLongBidderNameLongDescriptorsAndLongRungIdsWrapWhole() throws {
        var long = panel
        let name = (1...40).map { "Name\($0)" }.joined(separator: " ").prefix(200).description
        #expect(name.count == 200)
        long.bids[0].bidder = name
        let meaning = (1...60).map { "descriptor\($0)" }.joined(separator: " ")
        long.scales[0].points[0].meaning = meaning
        long.ladder.rungs[0].id = "a-rung-id-far-longer-than-the-column-it-is-written-in"
        long.ladder.rungs[0].meaning = meaning
        let officer = try #require(long.member(id: "david"))
        let pages = ScoreSheetPaper.pages(panel: long, member: officer, bid: long.bids[0])
        checkPages(pages, member: "david", bid: long.bids[0].id)
        let flat = pages.joined().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains(name))
        #expect(flat.contains(meaning))
        #expect(flat.contains("a-rung-id-far-longer-than-the-column-it-is-written-in Coercing"))
        #expect(!pages.joined().contains("…"))
    }

    @Test func controlAndBidiCharactersInPanelTextArePrintedAsMarks() throws {
        var hostile = panel
        hostile.bids[0].bidder = "Evil\u{1B}[2J Ltd \u{202E}gnp.exe"
        hostile.criteria[0].plain = "Plain\u{07} words"
        let zoe = try #require(hostile.member(id: "zoe"))
        let text = ScoreSheetPaper.render(panel: hostile, member: zoe, bid: hostile.bids[0])
        #expect(!text.contains("\u{1B}") && !text.contains("\u{202E}") && !text.contains("\u{07}"))
        #expect(text.contains("Evil") && text.contains("Plain"))
    }

    @Test func aMemberWhoseRoleScoresNothingHasNoCriteria() {
        let observer = Member(id: "obs", name: "Olu Observer", role: .observer)
        #expect(ScoreSheetPaper.criteria(for: observer, in: panel).isEmpty)
    }

    @Test func theMatchLineReadsBackAndIgnoresOtherLines() {
        let line = ScoreSheetPaper.matchLine(member: "zoe", bid: "B2")
        #expect(line == "Sheet for: member=zoe bid=B2")
        #expect(ScoreSheetPaper.match(line)?.member == "zoe" && ScoreSheetPaper.match(line)?.bid == "B2")
        #expect(ScoreSheetPaper.match("Sheet for: member=zoe") == nil)
        #expect(ScoreSheetPaper.match("Member: zoe") == nil)
        // An escape sequence in an id is shown as a mark, never sent to the printer.
        #expect(!ScoreSheetPaper.matchLine(member: "z\u{1B}[2J", bid: "B2").contains("\u{1B}"))
    }
}
