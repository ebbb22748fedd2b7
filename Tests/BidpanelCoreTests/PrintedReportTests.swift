import Foundation
import Testing
@testable import BidpanelCore

/// The printed moderated-totals report: A4 pages that fit, say PROVISIONAL
/// until they may be signed, and carry the engine's figures and the chair's
/// reasons. Expected figures come from the engine's result, never from the
/// report's own helpers.
@Suite("Printed report")
struct PrintedReportTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/youth-services-report.txt")
    static let date = "22 November 2026"
    let panel = ExamplePanels.youth

    func youth(moderated: Bool = true) throws -> (EvaluationResult, ScoreSheet) {
        let sheet = try ExamplePanels.sheet(panel, scores: "youth-services-scores.csv",
                                            moderated: moderated ? "youth-services-moderated.csv" : nil)
        return (ScoringEngine.score(panel, sheet), sheet)
    }

    func render(_ panel: Panel, _ sheet: ScoreSheet, signedOff: String? = nil) -> String {
        PrintedReport.render(result: ScoringEngine.score(panel, sheet), panel: panel, sheet: sheet,
                             signedOff: signedOff, printedOn: Self.date)
    }

    /// The report cut at its form feeds, each page as lines.
    func pages(_ text: String) -> [[String]] {
        text.split(separator: "\u{0C}", omittingEmptySubsequences: false).map { page in
            var lines = page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() } // the newline ending the page's last line
            return lines
        }
    }

    /// Wrapped text with its line breaks and indents folded to single spaces.
    func flat(_ text: some StringProtocol) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    /// One bid's part of the breakdown: from its heading to the next bid's
    /// (or to the exclusions), page headers and footers included.
    func section(of bid: BidResult, in text: String, after others: [BidResult]) -> Substring {
        let details = text.range(of: "\nEach bid in detail\n")!.upperBound
        let start = text.range(of: "\n\(bid.bid.id)  ", range: details..<text.endIndex)!.lowerBound
        let ends = others.compactMap { text.range(of: "\n\($0.bid.id)  ", range: start..<text.endIndex)?.lowerBound }
            .filter { $0 > start } + [text.range(of: "\nExclusions and flags\n")!.lowerBound]
        return text[start..<ends.min()!]
    }

    /// Many bids with long, accented and emoji names, a long title, one
    /// moderation reason longer than a page and one with control characters:
    /// the youth example four times over.
    func stress() throws -> (Panel, ScoreSheet) {
        let names = ["Café Mosaïque 🎨🎭 Youth Project and Community Arts Collective of the Northern Wards 🌍",
                     "Łódź–Ōtautahi 青少年 Exchange Trust for Young People’s Voices in Every Ward",
                     "Brightwater\tSports Trust", "Zoë’s Detached Youth Work Partnership (Kingsmead, Hollow Lane and the Estates)"]
        let (_, base) = try youth()
        var stress = panel
        stress.tender.title = "Positive activities, détached youth work and outreach in every ward of the borough 🎨, 2026-2029"
        stress.bids = []
        var sheet = ScoreSheet()
        for copy in 0..<4 {
            for (index, bid) in panel.bids.enumerated() {
                let id = "\(bid.id)-\(copy)"
                stress.bids.append(Bid(id: id, bidder: names[(index + copy) % names.count],
                                       price: bid.price.map { $0 + Exact(copy * 1250) }))
                for value in base.memberValues where value.slot.bid == bid.id {
                    sheet.record(MemberValue(slot: Slot(bid: id, criterion: value.slot.criterion, principle: value.slot.principle),
                                             member: value.member, value: value.value, comment: value.comment))
                }
                for value in base.moderated where value.slot.bid == bid.id {
                    let long = id == "B2-1" && value.slot.criterion == "activities"
                    // A form feed or line break typed into a reason must not start a page.
                    let typed = id == "B3-0" && value.slot.criterion == "logic"
                    let reason = long ? String(repeating: "The panel talked this through at length. ", count: 120) + "End of reason."
                        : typed ? "Agreed 2:\u{0C}assertions\nabout diversion" : value.reason
                    sheet.moderate(ModeratedValue(slot: Slot(bid: id, criterion: value.slot.criterion, principle: value.slot.principle),
                                                  value: value.value, reason: reason))
                }
            }
        }
        return (stress, sheet)
    }

    // MARK: - The golden copy

    @Test func youthReportMatchesTheGoldenCopy() throws {
        let (result, sheet) = try youth()
        let text = PrintedReport.render(result: result, panel: panel, sheet: sheet, signedOff: nil, printedOn: Self.date)
        if ProcessInfo.processInfo.environment["BIDPANEL_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: Self.golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        let made = text.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = expected.split(separator: "\n", omittingEmptySubsequences: false)
        if let line = (0..<min(made.count, kept.count)).first(where: { made[$0] != kept[$0] }) {
            Issue.record("line \(line + 1) differs:\n  made: \(made[line])\n  kept: \(kept[line])\nRe-record with BIDPANEL_RECORD_GOLDEN=1 if the change is meant.")
        }
        #expect(made.count == kept.count)
    }

    // MARK: - Layout

    @Test func everyPageFitsA4AndIsNumberedWithTheTenderAndDate() throws {
        var reports: [(String, Panel, String)] = []
        let (result, sheet) = try youth()
        reports.append(("youth", panel, PrintedReport.render(result: result, panel: panel, sheet: sheet, signedOff: nil, printedOn: Self.date)))
        reports.append(("youth, members only", panel, render(panel, try youth(moderated: false).1)))
        // The grants round with its pot shares the round's scores.
        for (name, scores) in [("community-grants", "community-grants"), ("community-grants-pot", "community-grants"),
                               ("day-opportunities", "day-opportunities")] {
            let shipped = ExamplePanels.load(name)
            reports.append((name, shipped, render(shipped, try ExamplePanels.sheet(shipped, scores: "\(scores)-scores.csv"))))
        }
        let (stress, stressSheet) = try stress()
        let stressText = render(stress, stressSheet, signedOff: "1 December 2026 at 09:30")
        reports.append(("stress", stress, stressText))
        #expect(pages(stressText).count >= 3)
        // A form feed typed into a reason shows as a mark, under its own bid.
        let b30 = stressText[stressText.range(of: "\nB3-0  ")!.lowerBound...]
        #expect(flat(b30).contains("Moderated: Agreed 2:␌assertions about diversion"))
        #expect(stressText.filter { $0 == "\u{0C}" }.count == pages(stressText).count - 1)
        #expect(stressText.contains("Brightwater Sports Trust"))

        for (name, panel, text) in reports {
            let all = pages(text)
            #expect(text.hasSuffix("\n"), "\(name)")
            for (index, page) in all.enumerated() {
                #expect(page.count <= 66, "\(name) page \(index + 1) has \(page.count) lines")
                for line in page {
                    #expect(DisplayWidth.of(line) <= 80, "\(name) page \(index + 1): \(line)")
                    #expect(!line.hasSuffix(" "), "\(name) page \(index + 1): trailing space in \(line)")
                }
                let top = flat(page.prefix(6).joined(separator: "\n"))
                #expect(top.contains("(\(panel.tender.id))") && top.contains(Self.date), "\(name) page \(index + 1)")
                #expect(page.last?.hasSuffix("Page \(index + 1) of \(all.count)") == true, "\(name) page \(index + 1): \(page.last ?? "")")
                #expect(page.last?.hasPrefix(panel.tender.id) == true)
            }
        }
    }

    @Test func aBidFittingOnAPageIsNeverSplitAndALongerOneSaysContinued() throws {
        let (result, sheet) = try youth()
        let all = pages(PrintedReport.render(result: result, panel: panel, sheet: sheet, signedOff: nil, printedOn: Self.date))
        for bid in result.bids {
            // The page where its breakdown starts (its heading, then the table)
            // also holds its last criterion, safeguarding.
            let page = try #require(all.first { page in
                guard let start = page.firstIndex(where: { $0.hasPrefix("\(bid.bid.id)  ") }) else { return false }
                return page[start...].prefix(6).contains { $0.hasPrefix("Criterion") }
            }, "\(bid.bid.id)")
            let start = page.firstIndex { $0.hasPrefix("\(bid.bid.id)  ") }!
            #expect(page[start...].contains { $0.hasPrefix("Safeguarding  ") }, "\(bid.bid.id)")
        }

        let (stress, stressSheet) = try stress()
        let long = pages(render(stress, stressSheet))
        let next = try #require(long.firstIndex { $0.contains("B2-1 continued") })
        #expect(long[next - 1].contains { $0.hasPrefix("B2-1  ") }, "the block starts on the page before")
        // The table's column headings are repeated under the "continued" line.
        #expect(long[next].contains { $0.hasPrefix("Criterion") && $0.contains("Weight") && $0.hasSuffix("Marks") })
        let reason = flat(long[(next - 1)...].map { $0.joined(separator: "\n") }.joined(separator: "\n"))
        #expect(reason.contains("Moderated: The panel talked this through at length."))
    }

    @Test func pagesAreCutBetweenUnitsAndNeverStartWithABlankGap() {
        typealias Block = PrintedReport.Block
        let first = Block(units: [["a1", "a2"], ["a3"]])
        let second = Block(units: [["b1", "b2", "b3"]], continued: ["B continued"])
        // Three lines left after `first` and its gap: `second` fits a fresh page, so it moves whole.
        #expect(PrintedReport.paginate([first, second], capacity: 5) == [["a1", "a2", "a3"], ["b1", "b2", "b3"]])
        #expect(PrintedReport.paginate([first, second], capacity: 7) == [["a1", "a2", "a3", "", "b1", "b2", "b3"]])
        // Longer than a page: cut between units, the cut marked.
        let long = Block(units: [["l1", "l2"], ["l3", "l4"], ["l5"]], continued: ["L continued"])
        #expect(PrintedReport.paginate([long], capacity: 3) == [["l1", "l2"], ["L continued", "l3", "l4"], ["L continued", "l5"]])
        // A unit longer than any page is cut between its lines.
        let huge = Block(units: [["h1", "h2", "h3", "h4", "h5"]], continued: ["H"])
        #expect(PrintedReport.paginate([huge], capacity: 3) == [["h1", "h2", "h3"], ["H", "h4", "h5"]])
        #expect(PrintedReport.paginate([], capacity: 3) == [[]])
        // A unit's opening blank line is dropped at the top of a page.
        let spaced = Block(units: [["s1", "s2"], ["", "s3", "s4"]], continued: [])
        #expect(PrintedReport.paginate([spaced], capacity: 4) == [["s1", "s2"], ["s3", "s4"]])
        // A full page, then a block longer than a page: the gap between them
        // does not make the full page one line too long.
        let full = Block(units: [["f1", "f2", "f3"]])
        let longer = Block(units: [["g1"], ["g2"], ["g3"], ["g4"]], continued: ["G"])
        #expect(PrintedReport.paginate([full, longer], capacity: 3) == [["f1", "f2", "f3"], ["g1", "g2", "g3"], ["G", "g4"]])
        #expect(PrintedReport.paginate([Block(units: [["f1", "f2"]]), longer], capacity: 3) == [["f1", "f2"], ["g1", "g2", "g3"], ["G", "g4"]])
    }

    // MARK: - PROVISIONAL

    @Test func provisionalOnEveryPageUntilCompleteAndSignedOff() throws {
        let (complete, sheet) = try youth()
        let (incomplete, members) = try youth(moderated: false)
        #expect(complete.complete && !incomplete.complete)
        let cases: [(EvaluationResult, ScoreSheet, String?, String?)] = [
            (complete, sheet, nil, "PROVISIONAL: the chair has not signed off."),
            (incomplete, members, nil, "PROVISIONAL: not every value is in and moderated yet, and the chair has not signed off."),
            (incomplete, members, "1 December 2026 at 09:30", "PROVISIONAL: not every value is in and moderated yet."),
            (complete, sheet, "1 December 2026 at 09:30", nil),
        ]
        for (result, sheet, signedOff, status) in cases {
            let text = PrintedReport.render(result: result, panel: panel, sheet: sheet, signedOff: signedOff, printedOn: Self.date)
            for (index, page) in pages(text).enumerated() {
                if let status {
                    #expect(flat(page.prefix(6).joined(separator: "\n")).contains(status), "page \(index + 1)")
                    #expect(page.last?.contains("PROVISIONAL") == true, "page \(index + 1)")
                } else {
                    #expect(!page.contains { $0.contains("PROVISIONAL") }, "page \(index + 1)")
                    #expect(page.contains("Signed off 1 December 2026 at 09:30."), "page \(index + 1)")
                }
            }
        }
    }

    // MARK: - Figures and reasons

    @Test func everyTotalIsTheEnginesFigureRounded() throws {
        for moderated in [true, false] {
            let (result, sheet) = try youth(moderated: moderated)
            let text = PrintedReport.render(result: result, panel: panel, sheet: sheet, signedOff: nil, printedOn: Self.date)
            let summary = text[..<text.range(of: "\nEach bid in detail\n")!.lowerBound].split(separator: "\n")
            let ranked = result.bids.filter { $0.rank != nil }.count
            for bid in result.bids {
                let (q, p, t) = (bid.qualityMarks.formatted(places: 2), bid.priceMarks.formatted(places: 2), bid.total.formatted(places: 2))
                let row = summary.filter { $0.split(separator: " ").dropFirst().first.map(String.init) == bid.bid.id }
                #expect(row.count == 1, "\(bid.bid.id)")
                #expect(row.first?.split(separator: " ").map(String.init).first == (bid.rank.map { "\($0)" } ?? "-"))
                #expect(row.first?.split(separator: " ").suffix(3).map(String.init) == [q, p, t], "\(bid.bid.id): \(row)")

                let own = flat(section(of: bid, in: text, after: result.bids))
                let standing = bid.rank.map { "Rank \($0) of \(ranked)." } ?? "Excluded, so not ranked."
                #expect(own.contains("\(standing) Quality marks \(q), price marks \(p), total \(t)."), "\(bid.bid.id)")
                for c in bid.criteria where c.criterion.kind != .passFail {
                    let line = section(of: bid, in: text, after: result.bids).split(separator: "\n")
                        .first { $0.hasPrefix(c.criterion.title) }
                    #expect(line?.hasSuffix("  \(c.marks.formatted(places: 2))") == true, "\(bid.bid.id) \(c.criterion.id): \(line ?? "")")
                    #expect(line?.contains("  \(c.criterion.weight)  ") == true, "\(bid.bid.id) \(c.criterion.id)")
                }
            }
        }
    }

    @Test func everyModerationReasonAppearsUnderItsBid() throws {
        let (result, sheet) = try youth()
        let text = PrintedReport.render(result: result, panel: panel, sheet: sheet, signedOff: nil, printedOn: Self.date)
        #expect(sheet.moderated.count == 72)
        for value in sheet.moderated {
            let bid = try #require(result.bid(value.slot.bid))
            #expect(flat(section(of: bid, in: text, after: result.bids)).contains(flat("Moderated: \(value.reason)")), "\(value.slot)")
        }
        // Matrix principles are listed one by one with their agreed level.
        let b1 = section(of: result.bid("B1")!, in: text, after: result.bids).split(separator: "\n")
        let capabilities = try #require(panel.matrix.principle(id: "capabilities")).title.prefix(20)
        let reciprocity = try #require(panel.matrix.principle(id: "reciprocity")).title.prefix(20)
        #expect(b1.contains { $0.hasPrefix("  " + capabilities) && $0.hasSuffix("  " + panel.matrix.levels[3]) })
        #expect(b1.contains { $0.hasPrefix("  " + reciprocity) && $0.hasSuffix("  " + panel.matrix.levels[2]) })
    }

    @Test func unmoderatedValuesSayWhereTheyCameFrom() throws {
        let (result, sheet) = try youth(moderated: false)
        let text = PrintedReport.render(result: result, panel: panel, sheet: sheet, signedOff: nil, printedOn: Self.date)
        #expect(!text.contains("Moderated:"))
        let b1 = flat(section(of: result.bid("B1")!, in: text, after: result.bids))
        #expect(b1.contains("Not moderated yet: the members' mean is used for now."))
        #expect(b1.contains("Not moderated yet: the members' votes decide it for now, and one fail fails it."))
        #expect(flat(text).contains("Not final: \(ResultText.missingSummary(result, panel: panel))"))
    }

    @Test func exclusionsFlagsAndEveryMemberToSign() throws {
        let (result, sheet) = try youth()
        let text = PrintedReport.render(result: result, panel: panel, sheet: sheet, signedOff: nil, printedOn: Self.date)
        let tail = flat(text[text.range(of: "\nExclusions and flags\n")!.lowerBound...])
        for bid in result.bids {
            for reason in bid.reasons { #expect(tail.contains("Excluded: \(reason.text(decimals: 2, money: Money(currency: "GBP")))")) }
            for flag in bid.flags { #expect(tail.contains("Flag: \(flag.text(decimals: 2))")) }
        }
        #expect(result.bids.contains { !$0.reasons.isEmpty } && result.bids.contains { !$0.flags.isEmpty })
        let panelPart = text[text.range(of: "\nThe panel\n")!.lowerBound...]
        let signatureLines = panelPart.split(separator: "\n").filter { $0.hasPrefix("Signature: ___") && $0.contains("Date: ___") }
        #expect(signatureLines.count == panel.members.count + 1) // each member, then the chair's sign-off
        for member in panel.members { #expect(panelPart.contains(member.name)) }
        #expect(panelPart.contains("Zoë Clarke, young assessor"))
    }
}
