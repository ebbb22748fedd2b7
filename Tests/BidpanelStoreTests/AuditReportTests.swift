import BidpanelCore
import Foundation
import Testing
@testable import BidpanelStore

@Suite("Audit report")
struct AuditReportTests {
    /// The text between one section heading and the next, across page breaks.
    func section(_ text: String, _ heading: String, next: String?) throws -> String {
        let start = try #require(text.range(of: "\n\(heading)\n"), "no section \(heading)")
        let end = next.flatMap { text.range(of: "\n\($0)\n", range: start.upperBound..<text.endIndex) }
        return String(text[start.upperBound..<(end?.lowerBound ?? text.endIndex)])
    }

    func pages(_ text: String) -> [[Substring]] {
        text.split(separator: "\u{0C}", omittingEmptySubsequences: false).map {
            $0.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { $0 }
        }
    }

    /// A real file: each kind of change lands in its own section with who,
    /// when, old and new values and the reason, times to the second.
    @Test func eachChangeAppearsInItsSection() throws {
        let clock = TestClock() // starts at 2027-01-15 08:00:00 UTC
        let store = try Fixtures.youthStore(clock: clock.read)
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        let slot = Slot(bid: "B1", criterion: "experience")
        clock.advance(60)
        try chair.importPaper(values: [MemberValue(slot: slot, member: "zoe", value: .scale(4), comment: "Lots of clubs")],
                              moderated: [], conflicts: [Conflict(bid: "B3", member: "kyle", reason: "Plays for their team")],
                              noConflicts: ["zoe"])
        clock.advance(60.25)
        try chair.record(slot, .scale(2), comment: "Thin evidence of outcomes")
        clock.advance(60)
        try chair.record(slot, .scale(3), comment: "Outcomes on page 4 after all")
        clock.advance(60)
        try chair.moderate(slot, .scale(4), reason: "Evidence on page 3 agreed by all")
        clock.advance(60)
        try chair.signOff(anyway: "Members score elsewhere in this test")
        clock.advance(60)
        try chair.reopenEvaluation(reason: "A bidder's clarification arrived")

        let text = AuditReport.render(try chair.auditEntries(), panel: store.panel, problems: try store.verifyAudit(),
                                      date: "15 January 2027")
        let headings = ["1. Chain check", "2. Members' values as recorded", "3. Moderated values",
                        "4. Paper sheets, conflicts and submissions", "5. Sign-off", "6. Other entries"]
        let parts = try headings.indices.map { try section(text, headings[$0], next: $0 + 1 < headings.count ? headings[$0 + 1] : nil) }

        #expect(parts[0].contains("Chain verified"))
        #expect(parts[1].contains("2027-01-15 08:01:00 UTC  Zoë Clarke (zoe)  [paper]"))
        #expect(parts[1].contains("B1 experience: 4\n     comment: Lots of clubs"))
        #expect(parts[1].contains("2027-01-15 08:02:00 UTC  Priya Shah (priya)  [terminal]"))
        #expect(parts[1].contains("B1 experience: 2\n     comment: Thin evidence of outcomes"))
        #expect(parts[1].contains("2027-01-15 08:03:00 UTC  Priya Shah (priya)  [terminal]"))
        #expect(parts[1].contains("B1 experience: 2 → 3\n     comment: Outcomes on page 4 after all"))
        #expect(!parts[1].contains("reason:"))
        #expect(parts[2].contains("2027-01-15 08:04:00 UTC  Priya Shah (priya)  [terminal]"))
        #expect(parts[2].contains("B1 experience: 4\n     reason: Evidence on page 3 agreed by all"))
        #expect(!parts[2].contains("Thin evidence"))
        // Priya had not submitted B1 when she moderated it: from then on she is not scoring it.
        #expect(parts[2].contains("is not scoring bid B1: moderated it before submitting their own values"))
        // Zoë's paper declaration (no conflicts) and Kyle's conflict.
        #expect(parts[3].contains("1 member value (Zoë Clarke (zoe) 1); 2 conflicts."))
        #expect(parts[3].contains("Kyle Mensah (kyle)  [paper]\n     has a conflict with bid B3\n     reason: Plays for their team"))
        #expect(parts[4].contains("2027-01-15 08:05:00 UTC  Priya Shah (priya)  [terminal]\n     signed the evaluation off"))
        #expect(parts[4].contains("2027-01-15 08:06:00 UTC  Priya Shah (priya)  [terminal]\n"
            + "     reopened the evaluation: signed off → open\n     reason: A bidder's clarification arrived"))
        #expect(parts[5].contains("created the evaluation"))
        #expect(parts[5].contains("set the PIN of Priya Shah (priya)"))
        // Fractional seconds are dropped; the stored time is otherwise kept.
        #expect(!text.contains(".250"))
        #expect(text.hasSuffix("End of the audit log: 11 entries.\n"))
    }

    @Test func brokenChainIsSaidFirst() {
        let entry = AuditEntry(seq: 1, at: "2027-01-15T08:00:00.000Z", actor: "system", action: "create", bid: "",
                               criterion: "", principle: "", member: "", oldValue: "", newValue: "YS-2026-01",
                               reason: "", source: "command", prevHash: "", hash: String(repeating: "a", count: 64))
        let text = AuditReport.render([entry], panel: ExampleStorePanel.youth, problems: ["row 1 was changed after it was written"],
                                      date: "15 January 2027")
        #expect(text.contains("NOT VERIFIED: 1 problem found."))
        #expect(text.contains("  - row 1 was changed after it was written"))
        #expect(!text.contains("Chain verified"))
    }

    /// 58 lines leave room for a heading (a blank and two lines) but not for
    /// the entry after it, so both go to the next page together.
    @Test func headingStaysWithWhatFollows() {
        let filler = AuditReport.Block((1...58).map { "line \($0)" })
        let heading = AuditReport.Block(["Heading", "======="], keepWithNext: true)
        let entry = AuditReport.Block(["#1  entry", "     detail", "     more"])
        let printed = pages(AuditReport.paginate([filler, heading, entry], title: "T", date: "today"))
        #expect(printed.count == 2)
        #expect(printed.first?.last == "line 58")
        #expect(Array(printed.last?.dropFirst(4) ?? []) == ["Heading", "=======", "", "#1  entry", "     detail", "     more"])
        #expect(printed.last?[1].hasSuffix("Page 2 of 2") == true)
    }

    @Test func storedTimesReadToTheSecond() {
        #expect(AuditReport.readable("2027-01-15T08:00:00.123Z") == "2027-01-15 08:00:00 UTC")
        #expect(AuditReport.readable("2027-01-15T08:00:00Z") == "2027-01-15 08:00:00 UTC")
        #expect(AuditReport.readable("2027-01-15T09:00:00.5+01:00") == "2027-01-15 09:00:00 +01:00")
        #expect(AuditReport.readable("yesterday") == "yesterday")
    }

    /// 600 entries with long comments, words longer than a line, wide
    /// characters and stray control characters: every line fits 80 columns,
    /// every page 66 lines, every page is numbered, and no text is lost.
    @Test func longLogFitsA4Pages() throws {
        let actions = ["record", "moderate", "conflict", "submit", "reopen-bid", "sign-off", "reopen", "lock", "odd-new-action"]
        let longWord = String(repeating: "Q", count: 150)
        let entries = (1...600).map { seq in
            AuditEntry(seq: seq, at: "2027-01-15T08:\(String(format: "%02d", seq % 60)):00.\(seq)Z",
                       actor: seq % 7 == 0 ? "someone-not-on-the-panel-with-a-very-long-identifier-indeed-\(seq)" : "zoe",
                       action: actions[seq % actions.count], bid: "B\(seq % 6 + 1)", criterion: "coproduction",
                       principle: seq % 2 == 0 ? "peer-support" : "", member: "kyle", oldValue: "2", newValue: "3",
                       reason: seq % 5 == 0
                           ? "Line one\nline two\u{0C}page\tbreak 💬 雨 " + longWord
                           : String(repeating: "A longer comment with ordinary words. ", count: seq % 9),
                       source: seq % 3 == 0 ? "paper" : "terminal", prevHash: "", hash: "")
        }
        let text = AuditReport.render(entries, panel: ExampleStorePanel.youth, problems: [], date: "15 January 2027")
        let printed = pages(text)
        #expect(printed.count > 10)
        for (index, page) in printed.enumerated() {
            #expect(page.count <= AuditReport.pageLength, "page \(index + 1) has \(page.count) lines")
            #expect(page.first?.hasPrefix("Audit log: YS-2026-01 ") == true)
            #expect(page.count > 1 && page[1].hasPrefix("Printed 15 January 2027"))
            #expect(page.count > 1 && page[1].hasSuffix("Page \(index + 1) of \(printed.count)"))
            for line in page {
                #expect(DisplayWidth.of(String(line)) <= AuditReport.pageWidth, "page \(index + 1): \(line)")
                #expect(!line.contains { $0.isNewline || $0 == "\t" })
            }
            // A heading never ends a page: its underline would be the last line.
            let last = page.last { !$0.isEmpty } ?? ""
            #expect(!(last.allSatisfy { $0 == "=" || $0 == "-" }), "page \(index + 1) ends with a heading")
        }
        for seq in 1...600 {
            #expect(text.contains("\n#\(seq)  "), "entry \(seq) is missing")
        }
        let withLongWord = entries.filter { $0.reason.hasSuffix(longWord) }.count
        #expect(text.filter { $0 == "Q" }.count == withLongWord * longWord.count)
        #expect(text.hasSuffix("End of the audit log: 600 entries.\n"))
    }

    /// A 3,000-character reason with a 100-character URL, a comment that is
    /// only the URL, a 200-character member name and a 200-character tender
    /// title: each reads back whole from the pages (joined without their
    /// headers), and every page still fits A4 with the right page number.
    @Test func longReasonsNamesAndURLsComeOutWhole() throws {
        let url = "https://www.example-borough.gov.uk/commissioning/youth-services/2026/evidence/safeguarding-audit.pdf"
        var reason = "The panel read the audit at \(url) together. "
        while reason.count < 3000 { reason += "Members discussed the evidence on page \(reason.count) again. " }
        reason = String(reason.prefix(3000))
        var panel = ExampleStorePanel.youth
        let name = String(repeating: "Alexandra Featherstonehaugh-Montgomery ", count: 6).prefix(199) + "."
        let title = String(repeating: "Positive activities and detached youth work in every ward ", count: 4).prefix(199) + "."
        #expect(url.count == 100 && reason.count == 3000 && name.count == 200 && title.count == 200)
        panel.members[3].name = String(name)
        panel.tender.title = String(title)
        let member = panel.members[3].id
        func entry(_ seq: Int, _ action: String, reason: String) -> AuditEntry {
            AuditEntry(seq: seq, at: "2027-01-15T08:0\(seq):00.000Z", actor: action == "moderate" ? "priya" : member,
                       action: action, bid: "B1", criterion: "experience", principle: "", member: member, oldValue: "",
                       newValue: "3", reason: reason, source: "terminal", prevHash: "", hash: "")
        }
        let entries = [entry(1, "record", reason: url)] + (2...9).map { entry($0, "moderate", reason: reason) }
        let text = AuditReport.render(entries, panel: panel, problems: [], date: "15 January 2027")
        let printed = pages(text)
        var body = ""
        for (index, page) in printed.enumerated() {
            #expect(page.count <= AuditReport.pageLength, "page \(index + 1) has \(page.count) lines")
            for line in page { #expect(DisplayWidth.of(String(line)) <= AuditReport.pageWidth, "page \(index + 1): \(line)") }
            let rule = try #require(page.firstIndex { $0.hasPrefix("-----") && $0.allSatisfy { $0 == "-" } })
            #expect(page[rule - 1].hasSuffix("Page \(index + 1) of \(printed.count)"))
            // The title wraps in the header rather than being cut.
            #expect(page[..<(rule - 1)].joined(separator: " ") == "Audit log: YS-2026-01 \(title)")
            body += page[(rule + 1)...].joined(separator: "\n") + "\n"
        }
        #expect(!text.contains("…"))
        let letters = { (text: String) in String(text.filter { !$0.isWhitespace }) }
        let all = letters(body)
        #expect(all.contains(letters("comment: " + url)))
        #expect(all.components(separatedBy: letters("reason: " + reason)).count - 1 == 8)
        #expect(all.components(separatedBy: letters("\(name) (\(member))")).count - 1 == 1)
    }

    /// Text an attacker could have put in the file (a time, a reason, a
    /// source) with escape sequences and bidi overrides: each shows as a mark.
    @Test func escapeSequencesInStoredTextAreShownNotObeyed() {
        let entry = AuditEntry(seq: 1, at: "2027-01-15T08:00:00Z\u{1B}]0;owned\u{07}", actor: "zoe", action: "record",
                               bid: "B1", criterion: "experience", principle: "", member: "zoe", oldValue: "",
                               newValue: "3\u{202E}", reason: "Good\u{1B}[2J\u{0C}work", source: "terminal\u{1B}[31m",
                               prevHash: "", hash: "")
        let text = AuditReport.render([entry], panel: ExampleStorePanel.youth, problems: [], date: "15 January 2027")
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        #expect(text.contains("␛]0;owned␇"))
        #expect(text.contains("comment: Good␛[2J␌work"))
        #expect(text.filter { $0 == "\u{0C}" }.isEmpty, "one page: no form feed at all")
    }
}

/// The shipped youth-services panel, for renderer tests that need no file.
enum ExampleStorePanel {
    static let youth = (try? PanelFile.load(path: Fixtures.root.appendingPathComponent("panels/youth-services.toml").path).panel)!
}
