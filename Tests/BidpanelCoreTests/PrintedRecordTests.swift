import Foundation
import Testing
@testable import BidpanelCore

/// The printed report as the record of the meeting: conflicts, who scored
/// each bid, sign-offs and reopenings, observers, the version; and nothing
/// anyone wrote is cut, however long.
@Suite("Printed report: the record of the meeting")
struct PrintedRecordTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/youth-services-record.txt")
    static let date = "22 November 2026"
    static let url = "https://www.example-borough.gov.uk/commissioning/youth-services/2026/evidence/safeguarding-audit.pdf"

    /// Each page's lines (form feeds cut, the last newline dropped).
    func pages(_ text: String) -> [[String]] {
        text.split(separator: "\u{0C}", omittingEmptySubsequences: false).map { page in
            var lines = page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            return lines
        }
    }

    /// The body of every page, without the header (down to its rule of "=")
    /// and the two footer lines, so text running over a page reads on.
    func body(_ text: String) -> [String] {
        pages(text).flatMap { page -> [String] in
            guard let rule = page.firstIndex(where: { !$0.isEmpty && $0.allSatisfy { $0 == "=" } }) else { return [] }
            return Array(page[(rule + 1)..<max(rule + 1, page.count - 2)])
        }
    }

    /// Every character but spaces and line breaks: wrapped text joined back.
    func letters(_ text: some StringProtocol) -> String {
        String(text.filter { !$0.isWhitespace })
    }

    func flat(_ text: some StringProtocol) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    /// The text of one section: from its heading to the next heading given.
    func section(_ text: String, _ heading: String, until next: String) throws -> String {
        let lines = body(text)
        let start = try #require(lines.firstIndex(of: heading), "no section \(heading)")
        let end = lines[start...].firstIndex(of: next) ?? lines.endIndex
        return lines[start..<end].joined(separator: "\n")
    }

    /// The youth example with an observer, Kyle's conflict with B3, and a
    /// meeting that signed off, reopened (the evaluation, and one member's
    /// bid) and signed off again.
    func meeting() throws -> (Panel, ScoreSheet, MeetingRecord) {
        var panel = ExamplePanels.youth
        panel.members.append(Member(id: "sam", name: "Sam Patel", role: .observer))
        var sheet = try ExamplePanels.sheet(panel, scores: "youth-services-scores.csv", moderated: "youth-services-moderated.csv")
        sheet.declare(Conflict(bid: "B3", member: "kyle", reason: "Plays for their under-18 football team"))
        var declarations = panel.members.filter { $0.id != "kyle" }.map {
            MeetingRecord.Declaration(member: $0.id, bid: nil, at: "22 November 2026 at 09:0\(panel.members.firstIndex(of: $0)!) (UTC+00:00)")
        }
        declarations.insert(.init(member: "kyle", bid: "B3", reason: "Plays for their under-18 football team",
                                  at: "22 November 2026 at 09:04 (UTC+00:00)"), at: 3)
        var progress: [String: [String: MeetingRecord.Progress]] = [:]
        for bid in panel.bids {
            for member in panel.members where member.role != .observer {
                progress[bid.id, default: [:]][member.id] = .submitted(at: "22 November 2026 at 11:4\(bid.id.last!) (UTC+00:00)")
            }
        }
        progress["B3"]!["kyle"] = .conflict
        progress["B6"]!["zoe"] = .recorded(5, of: 9)
        progress["B6"]!["kyle"] = .nothing
        let events: [MeetingRecord.Event] = [
            .init(.signedOff, by: "priya", at: "22 November 2026 at 14:05 (UTC+00:00)"),
            .init(.reopenedEvaluation, by: "priya", reason: "Hollow Lane sent a clarification of its price that the panel must read.",
                  at: "22 November 2026 at 14:30 (UTC+00:00)"),
            .init(.reopenedBid(bid: "B4", member: "david"), by: "priya", reason: "David misread the price schedule.",
                  at: "22 November 2026 at 14:32 (UTC+00:00)"),
            .init(.signedOff, by: "priya", at: "22 November 2026 at 15:10 (UTC+00:00)"),
        ]
        let record = MeetingRecord(declarations: declarations, progress: progress, events: events,
                                   signedOff: "22 November 2026 at 15:10 (UTC+00:00)", version: "0.6.0")
        return (panel, sheet, record)
    }

    func render(_ panel: Panel, _ sheet: ScoreSheet, _ record: MeetingRecord?) -> String {
        PrintedReport.render(result: ScoringEngine.score(panel, sheet), panel: panel, sheet: sheet,
                             signedOff: record?.signedOff, printedOn: Self.date, record: record)
    }

    /// Every page at most 78 columns and 66 lines, numbered "Page n of m".
    func expectA4(_ text: String, _ name: String) {
        let all = pages(text)
        for (index, page) in all.enumerated() {
            #expect(page.count <= 66, "\(name) page \(index + 1) has \(page.count) lines:\n\(page.joined(separator: "\n"))")
            for line in page { #expect(DisplayWidth.of(line) <= 78, "\(name) page \(index + 1): \(line)") }
            #expect(page.last?.hasSuffix("Page \(index + 1) of \(all.count)") == true, "\(name) page \(index + 1)")
        }
        #expect(text.filter { $0 == "\u{0C}" }.count == all.count - 1, "\(name): a form feed only between pages")
    }

    // MARK: - The golden copy

    /// Read it as the chair's lawyer would: Golden/youth-services-record.txt.
    @Test func theRecordOfTheMeetingMatchesTheGoldenCopy() throws {
        let (panel, sheet, record) = try meeting()
        let text = render(panel, sheet, record)
        if ProcessInfo.processInfo.environment["BIDPANEL_RECORD_GOLDEN"] == "1" {
            try text.write(to: Self.golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        let made = text.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = expected.split(separator: "\n", omittingEmptySubsequences: false)
        if let line = (0..<min(made.count, kept.count)).first(where: { made[$0] != kept[$0] }) {
            Issue.record("line \(line + 1) differs:\n  made: \(made[line])\n  kept: \(kept[line])\nRe-record with BIDPANEL_RECORD_GOLDEN=1 if the change is meant.")
        }
        #expect(made.count == kept.count)
        expectA4(text, "record")
    }

    // MARK: - The sections

    @Test func conflictsAreListedWithWhoWhenAndWhy() throws {
        let (panel, sheet, record) = try meeting()
        var undeclared = record
        undeclared.declarations.removeAll { $0.member == "helen" }
        let text = render(panel, sheet, undeclared)
        let part = flat(try section(text, "Conflicts of interest", until: "Who scored each bid"))
        #expect(part.contains("Kyle Mensah, young assessor Conflict with bid B3 (Brightwater Sports Trust), declared 22 November 2026 at 09:04 (UTC+00:00). Reason: Plays for their under-18 football team"))
        #expect(part.contains("Priya Shah, chair Declared no conflicts, 22 November 2026 at 09:00 (UTC+00:00)."))
        #expect(part.contains("Helen Marsh, officer Has not declared yet."))
        #expect(part.contains("Sam Patel, observer Declared no conflicts"))
    }

    @Test func eachBidSaysWhoScoredItAndWhoseValuesCount() throws {
        let (panel, sheet, record) = try meeting()
        let text = render(panel, sheet, record)
        let part = try section(text, "Who scored each bid", until: "Sign-off and reopenings")
        let b3 = flat(part[part.range(of: "\nB3  ")!.lowerBound..<part.range(of: "\nB4  ")!.lowerBound])
        #expect(b3.contains("Kyle Mensah, young assessor: declared a conflict, so records nothing for this bid."))
        #expect(b3.contains("Values that count: Priya Shah, David Okafor, Helen Marsh and Zoë Clarke."))
        #expect(b3.contains("Left out because of a conflict: Kyle Mensah."))
        #expect(b3.contains("Priya Shah, chair: submitted 22 November 2026 at 11:43 (UTC+00:00)."))
        let b6 = flat(part[part.range(of: "\nB6  ")!.lowerBound...])
        #expect(b6.contains("Zoë Clarke, young assessor: 5 of 9 values in, not submitted."))
        #expect(b6.contains("Kyle Mensah, young assessor: nothing recorded."))
        #expect(b6.contains("Values that count: Priya Shah, David Okafor, Helen Marsh and Zoë Clarke."))
        // Observers score nothing, so they are not listed under any bid.
        #expect(!part.contains("Sam Patel"))
        for bid in panel.bids { #expect(part.contains("\n\(bid.id)  \(bid.bidder)"), "\(bid.id)") }
    }

    @Test func signOffsAndReopeningsKeepTheirReasons() throws {
        let (panel, sheet, record) = try meeting()
        let text = render(panel, sheet, record)
        let part = flat(try section(text, "Sign-off and reopenings", until: "The panel"))
        #expect(part.contains("Priya Shah, chair, signed off on 22 November 2026 at 14:05 (UTC+00:00). Priya Shah, chair, reopened the evaluation on 22 November 2026 at 14:30 (UTC+00:00). Reason: Hollow Lane sent a clarification"))
        #expect(part.contains("Priya Shah, chair, reopened bid B4 (Hollow Lane Community Association) for David Okafor, officer, on 22 November 2026 at 14:32 (UTC+00:00). Reason: David misread the price schedule."))
        #expect(part.hasSuffix("Priya Shah, chair, signed off on 22 November 2026 at 15:10 (UTC+00:00)."))
        // The sign-off time, with its offset, heads every page.
        for page in pages(text) { #expect(page.contains("Signed off 22 November 2026 at 15:10 (UTC+00:00).")) }

        var quiet = record
        quiet.events = []
        #expect(flat(render(panel, sheet, quiet)).contains("The evaluation has not been signed off, and nothing has been reopened."))
        quiet.events = [record.events[0]]
        #expect(flat(render(panel, sheet, quiet)).contains("(UTC+00:00). Nothing has been reopened."))
    }

    @Test func observersArePresentButNotAskedToSign() throws {
        let (panel, sheet, record) = try meeting()
        let text = render(panel, sheet, record)
        let part = try section(text, "The panel", until: "(the end)")
        let signatures = part.split(separator: "\n").filter { $0.hasPrefix("Signature: ___") }
        #expect(signatures.count == panel.members.filter { $0.role != .observer }.count + 1)
        #expect(!part.contains("Sam Patel, observer"))
        #expect(flat(part).contains("Also present as an observer, who reads the bids but does not score, so does not sign: Sam Patel"))
        #expect(flat(text).contains("Made by bidpanel 0.6.0."))
        // Without a record the report is as before: no meeting sections.
        let plain = render(panel, sheet, nil)
        #expect(!plain.contains("Conflicts of interest") && !plain.contains("Made by bidpanel"))
        #expect(flat(plain).contains("does not sign: Sam Patel"))
    }

    // MARK: - Nothing is cut

    /// A 200-character bidder name, a 200-character member name, a reason of
    /// 3,000 characters with a 100-character URL in it, an unbroken 150-
    /// character word: each reads back whole from the printed pages.
    @Test func longNamesReasonsAndURLsComeOutWhole() throws {
        var (panel, sheet, record) = try meeting()
        #expect(Self.url.count == 100)
        let bidder = String(("Kingsmead and Hollow Lane Detached Youth Work, Mentoring, Sport and Arts Partnership for "
            + "the Northern, Eastern and Riverside Wards, working with schools, the police, health visitors, youth clubs and families ").prefix(199)) + "."
        let member = String(("Dr Alexandra Catherine Oluwaseun Featherstonehaugh-Montgomery-Vandersteen, Assistant Director "
            + "of Commissioning for Children, Young People and Families, Example Borough Council, and Chair of the Joint Commissioning Board ").prefix(199)) + "."
        #expect(bidder.count == 200 && member.count == 200)
        let word = String(repeating: "Z", count: 150)
        var reason = "The panel checked the safeguarding audit at \(Self.url) and the action plan \(word). "
        while reason.count < 3000 { reason += "The panel talked about the evidence on page \(reason.count) again. " }
        reason = String(reason.prefix(3000))
        #expect(reason.count == 3000)
        panel.bids[1].bidder = bidder
        panel.members[1].name = member
        var rebuilt = ScoreSheet()
        for value in sheet.memberValues { rebuilt.record(value) }
        for conflict in sheet.conflicts { rebuilt.declare(conflict) }
        for value in sheet.moderated {
            let long = value.slot.bid == panel.bids[1].id && value.slot.criterion == "activities"
            rebuilt.moderate(ModeratedValue(slot: value.slot, value: value.value, reason: long ? reason : value.reason))
        }
        sheet = rebuilt
        record.declarations.append(.init(member: "helen", bid: panel.bids[1].id, reason: "See \(Self.url)", at: "22 November 2026 at 09:09 (UTC+00:00)"))
        let text = render(panel, sheet, record)
        expectA4(text, "long")
        // The only "…" is the totals table's, with the full name on the line beneath.
        let table = body(text)
        for (index, line) in table.enumerated() where line.contains("…") {
            #expect(table[index + 1].hasPrefix("      bidder: "), "\(line)")
        }
        let all = letters(body(text).joined())
        #expect(all.contains(letters("Moderated: " + reason)), "the 3,000-character reason reads back whole")
        #expect(all.contains(letters("Reason: See \(Self.url)")))
        #expect(all.components(separatedBy: letters(Self.url)).count - 1 == 2)
        // The bidder: in the totals (in full beneath its row), its breakdown,
        // its flags, the record of who scored, and Helen's conflict.
        #expect(all.components(separatedBy: letters(bidder)).count - 1 >= 5)
        #expect(all.contains(letters("bidder: " + bidder)))
        // The member: in the conflicts, under every bid, and at the signatures.
        #expect(all.components(separatedBy: letters(member + ", officer")).count - 1 >= panel.bids.count + 2)
    }

    /// Control characters and escape sequences in names and reasons show as
    /// visible marks: a form feed cannot start a page, ESC never reaches the
    /// printer, a tab cannot push a column.
    @Test func controlCharactersInNamesAndReasonsAreShownNotObeyed() throws {
        var (panel, sheet, record) = try meeting()
        panel.members[4].name = "Kyle\u{0C}Mensah\u{1B}]0;owned\u{07}"
        panel.bids[2].bidder = "Brightwater\tSports\u{202E}Trust"
        record.declarations[3].reason = "Plays\u{0C}for\u{1B}[2Jtheir team"
        record.events[1].reason = "Line one\nline two"
        let text = render(panel, sheet, record)
        expectA4(text, "controls")
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E || $0 == "\t" })
        #expect(text.contains("Kyle␌Mensah␛]0;owned␇"))
        #expect(text.contains("Brightwater Sports\u{FFFD}Trust"))
        #expect(flat(text).contains("Reason: Plays␌for␛[2Jtheir team"))
        #expect(flat(text).contains("Reason: Line one line two"))
    }
}
