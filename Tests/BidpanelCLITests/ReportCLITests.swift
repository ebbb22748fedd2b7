import BidpanelCore
import BidpanelStore
import Foundation
import Testing

/// `bidpanel report` on a real evaluation file: the paginated text report,
/// and --print with a fake `lp` on PATH or none at all, so no test ever
/// reaches a real printer.
@Suite("Report command line")
struct ReportCLITests {
    static let chairPIN = "2468"

    /// A folder holding ys.bidpanel with the youth example's scores and
    /// moderated values imported, as a chair's script would make it.
    func evaluation() throws -> URL {
        try CLI.youthEvaluation(named: "report") { try bidpanel($0, in: $1) }
    }

    /// Runs the binary with the chair's PIN on standard input and, when
    /// given, its own PATH and time zone.
    func bidpanel(_ arguments: [String], in folder: URL, path: String? = nil, timeZone: String? = nil) throws -> CLI.Run {
        var changes: [String: String] = [:]
        if let path { changes["PATH"] = path }
        if let timeZone { changes["TZ"] = timeZone }
        return try Tmux.run(CLI.binary.path, arguments, input: Self.chairPIN + "\n", in: folder.path, environment: changes)
    }

    /// An executable `lp` shell script in a folder of its own.
    func fakeLP(_ body: String) throws -> URL {
        let bin = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-lp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let lp = bin.appendingPathComponent("lp")
        try ("#!/bin/sh\n" + body + "\n").write(to: lp, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: lp.path)
        return bin
    }

    func savedReports(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("ys-report-") }.sorted()
    }

    @Test func theTextReportIsPaginatedWithFormFeeds() throws {
        let folder = try evaluation()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try bidpanel(["report", "ys.bidpanel", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let pages = run.out.split(separator: "\u{0C}", omittingEmptySubsequences: false)
        #expect(pages.count >= 3)
        for (index, page) in pages.enumerated() {
            let lines = page.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count <= 66)
            #expect(lines.first?.hasPrefix("MODERATED TOTALS") == true)
            #expect(lines.first?.contains(/Printed \d{1,2} [A-Z][a-z]+ \d{4}$/) == true, "\(lines.first ?? "")")
            #expect(lines.last?.hasSuffix("Page \(index + 1) of \(pages.count)") == true)
            #expect(page.contains("PROVISIONAL: the chair has not signed off."))
        }
        // The chair's reasons are there, wrapped to the page.
        let words = run.out.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(words.contains("Moderated: Agreed 3: good results at small scale; no contract of this size before"))
    }

    @Test func printSendsTheTextReportToLP() throws {
        let folder = try evaluation()
        let bin = try fakeLP("""
            printf '%s\\n' "$@" > "$(dirname "$0")/args"
            cat > "$(dirname "$0")/printed"
            echo "request id is Office-7 (1 file(s))"
            """)
        defer { try? FileManager.default.removeItem(at: folder); try? FileManager.default.removeItem(at: bin) }
        let run = try bidpanel(["report", "ys.bidpanel", "--print", "--pin-stdin"], in: folder, path: bin.path + ":/usr/bin:/bin")
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out == "Sent to the printer.\nlp said: request id is Office-7 (1 file(s))\n")
        let printed = try String(contentsOf: bin.appendingPathComponent("printed"), encoding: .utf8)
        #expect(printed.hasPrefix("MODERATED TOTALS") && printed.contains("\u{0C}MODERATED TOTALS"))
        #expect(printed.contains("Each bid in detail") && printed.contains("The panel"))
        #expect(try String(contentsOf: bin.appendingPathComponent("args"), encoding: .utf8) == "-t\nYS-2026-01 moderated totals\n")
        #expect(try savedReports(in: folder).isEmpty)
    }

    @Test func withoutLPTheReportIsSavedAndTheUserIsTold() throws {
        let folder = try evaluation()
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-nolp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder); try? FileManager.default.removeItem(at: empty) }
        var run = try bidpanel(["report", "ys.bidpanel", "--print", "--pin-stdin"], in: folder, path: empty.path)
        #expect(run.status == 0, "\(run.err)")
        let saved = try savedReports(in: folder)
        #expect(saved.count == 1)
        let name = try #require(saved.first)
        #expect(name.contains(/^ys-report-\d{4}-\d{2}-\d{2}\.txt$/), "\(name)")
        #expect(run.out == "Not printed: there is no printer program (lp) on this computer. Saved to \(name) instead; print that file from another computer.\n")
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        #expect(text.hasPrefix("MODERATED TOTALS") && text.contains("\u{0C}"))

        // Again: the first copy is kept and the second gets its own name.
        run = try bidpanel(["report", "ys.bidpanel", "--print", "--pin-stdin"], in: folder, path: empty.path)
        #expect(run.status == 0, "\(run.err)")
        let second = name.replacingOccurrences(of: ".txt", with: " (2).txt")
        #expect(try savedReports(in: folder) == [name, second].sorted())
        #expect(run.out.contains("Saved to \(second) instead"))
    }

    @Test func aPrinterErrorIsQuotedAndTheReportSavedToOutput() throws {
        let folder = try evaluation()
        let bin = try fakeLP("echo 'lp: Error - No default destination.' >&2\nexit 1")
        defer { try? FileManager.default.removeItem(at: folder); try? FileManager.default.removeItem(at: bin) }
        let run = try bidpanel(["report", "ys.bidpanel", "--print", "--output", "totals.txt", "--pin-stdin"], in: folder, path: bin.path)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out == "Not printed: the printer said: lp: Error - No default destination. Saved to totals.txt instead; print that file from another computer.\n")
        #expect(try String(contentsOf: folder.appendingPathComponent("totals.txt"), encoding: .utf8).hasPrefix("MODERATED TOTALS"))
    }

    @Test func printIsForTheTextReportOnly() throws {
        let folder = try evaluation()
        defer { try? FileManager.default.removeItem(at: folder) }
        for format in ["json", "csv"] {
            let run = try bidpanel(["report", "ys.bidpanel", "--print", "--format", format, "--pin-stdin"], in: folder, path: "/nonexistent")
            #expect(run.status == 2)
            #expect(run.err.contains("--print prints the text report only"))
        }
        #expect(try savedReports(in: folder).isEmpty)
    }

    @Test func onceSignedOffAndCompleteTheReportSaysSoAndIsNotProvisional() throws {
        let folder = try evaluation()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ys.bidpanel").path
        // 1 December 2026 09:30 UTC; the command line cannot sign off yet.
        let store = try EvaluationStore.open(path: path, clock: { Date(timeIntervalSince1970: 1_796_117_400) })
        let chair = try store.signIn(member: "priya", pin: Self.chairPIN)
        #expect(try chair.signedOffAt() == nil)
        try chair.signOff(anyway: "Members score elsewhere in this test")
        let run = try bidpanel(["report", "ys.bidpanel", "--pin-stdin"], in: folder, timeZone: "UTC")
        #expect(run.status == 0, "\(run.err)")
        #expect(!run.out.contains("PROVISIONAL"))
        let pages = run.out.split(separator: "\u{0C}")
        #expect(pages.allSatisfy { $0.contains("\nSigned off 1 December 2026 at 09:30 (UTC+00:00).\n") })
    }

    /// The report is the record of the meeting, in the reader's local time
    /// with its offset: the chair in India reads 15:00 (UTC+05:30).
    @Test func theReportRecordsTheMeetingInLocalTime() throws {
        let folder = try evaluation()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ys.bidpanel").path
        let store = try EvaluationStore.open(path: path, clock: { Date(timeIntervalSince1970: 1_796_117_400) })
        let chair = try store.signIn(member: "priya", pin: Self.chairPIN)
        try chair.signOff(anyway: "Members score elsewhere in this test")
        try chair.reopenEvaluation(reason: "Hollow Lane's price clarification arrived")
        try chair.signOff(anyway: "Members score elsewhere in this test")
        let run = try bidpanel(["report", "ys.bidpanel", "--pin-stdin"], in: folder, timeZone: "Asia/Kolkata")
        #expect(run.status == 0, "\(run.err)")
        let pages = run.out.split(separator: "\u{0C}")
        #expect(pages.allSatisfy { $0.contains("\nSigned off 1 December 2026 at 15:00 (UTC+05:30).\n") })
        let flat = run.out.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        for heading in ["Conflicts of interest", "Who scored each bid", "Sign-off and reopenings"] {
            #expect(run.out.contains("\n\(heading)\n"), "\(heading)")
        }
        #expect(flat.contains("Made by bidpanel \(BidpanelVersion.current)."))
        #expect(flat.contains("Priya Shah, chair, reopened the evaluation on 1 December 2026 at 15:00 (UTC+05:30). Reason: Hollow Lane's price clarification arrived"))
        #expect(flat.contains("B1 Northgate Youth Collective Priya Shah, chair:"))
    }
}
