import Foundation
import Testing
@testable import BidpanelPrint

/// ReportPrinter with fake `lp` programs on the search path, so the tests
/// never reach a real printer.
@Suite("Report printer")
struct ReportPrinterTests {
    /// A fresh folder per test, removed by the caller.
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-print-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes an executable shell script named lp into `folder`.
    func fakeLP(in folder: URL, _ body: String) throws {
        let path = folder.appendingPathComponent("lp").path
        try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    func mode(_ path: String) throws -> Int? {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
    }

    /// More than a pipe holds at once, so a printer that reads slowly or not
    /// at all would show up as a hang or a cut.
    let report = String(repeating: "Café Mosaïque 🎨 line of the report\n", count: 4000) + "\u{0C}page two\n"

    @Test func aWorkingLPGetsTheTextOnStandardInputAndTheTitle() throws {
        let bin = try folder(), work = try folder()
        defer { try? FileManager.default.removeItem(at: bin); try? FileManager.default.removeItem(at: work) }
        try fakeLP(in: bin, """
            printf '%s\\n' "$@" > "\(work.path)/args"
            cat > "\(work.path)/printed"
            echo "request id is Office-42 (1 file(s))"
            """)
        let fallback = work.appendingPathComponent("report.txt").path
        let printer = ReportPrinter(searchPath: "/nonexistent:\(bin.path):/usr/bin:/bin")
        let outcome = try printer.print(report, title: "YS-2026-01 moderated totals", fallbackPath: fallback)
        #expect(outcome == .sent(detail: "request id is Office-42 (1 file(s))"))
        #expect(try String(contentsOfFile: work.appendingPathComponent("printed").path, encoding: .utf8) == report)
        #expect(try String(contentsOfFile: work.appendingPathComponent("args").path, encoding: .utf8)
            == "-t\nYS-2026-01 moderated totals\n")
        #expect(!FileManager.default.fileExists(atPath: fallback))
    }

    @Test func aPrinterErrorSavesTheReportAndQuotesTheMessage() throws {
        let bin = try folder(), work = try folder()
        defer { try? FileManager.default.removeItem(at: bin); try? FileManager.default.removeItem(at: work) }
        // Exits without reading its input, as the real lp can.
        try fakeLP(in: bin, "echo 'lp: Error - No default destination.' >&2\nexit 1")
        let fallback = work.appendingPathComponent("ys-report-2026-11-22.txt").path
        let outcome = try ReportPrinter(searchPath: bin.path).print(report, title: "t", fallbackPath: fallback)
        #expect(outcome == .saved(path: fallback, why: "The printer said: lp: Error - No default destination."))
        #expect(try String(contentsOfFile: fallback, encoding: .utf8) == report)
        // The report holds scores, prices and names: owner-only.
        #expect(try mode(fallback) == 0o600)
    }

    @Test func noLPOnTheSearchPathSavesTheReport() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let fallback = work.appendingPathComponent("report.txt").path
        for searchPath in ["", nil, work.path] as [String?] {
            let printer = ReportPrinter(searchPath: searchPath)
            #expect(printer.lpPath == nil)
            let outcome = try printer.print("x\n", title: "t", fallbackPath: fallback)
            guard case let .saved(_, why) = outcome else { Issue.record("\(outcome)"); continue }
            #expect(why == "There is no printer program (lp) on this computer.")
        }
    }

    @Test func anLPThatIsNotExecutableOrInTheCurrentFolderIsNotUsed() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        try "#!/bin/sh\nexit 0\n".write(to: work.appendingPathComponent("lp"), atomically: true, encoding: .utf8)
        #expect(ReportPrinter(searchPath: work.path).lpPath == nil) // not executable
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: work.appendingPathComponent("lp").path)
        #expect(ReportPrinter(searchPath: work.path).lpPath == work.appendingPathComponent("lp").path)
        // An empty entry means "the current folder" to a shell; never to us.
        #expect(ReportPrinter(searchPath: ":relative/bin:").lpPath == nil)
    }

    @Test func savingNeverOverwritesAnExistingFile() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let first = work.appendingPathComponent("ys-report.txt").path
        try "the chair's own notes".write(toFile: first, atomically: true, encoding: .utf8)
        let printer = ReportPrinter(searchPath: "")
        let paths = try (1...3).map { copy -> String in
            guard case let .saved(path, _) = try printer.print("copy \(copy)\n", title: "t", fallbackPath: first) else { return "" }
            return path
        }
        #expect(paths == ["ys-report (2).txt", "ys-report (3).txt", "ys-report (4).txt"].map { work.appendingPathComponent($0).path })
        #expect(try String(contentsOfFile: first, encoding: .utf8) == "the chair's own notes")
        #expect(try String(contentsOfFile: paths[2], encoding: .utf8) == "copy 3\n")
        #expect(ReportPrinter.numbered("notes", 2) == "notes (2)")
        #expect(ReportPrinter.numbered("a/b.c/report.txt", 3) == "a/b.c/report (3).txt")
    }

    @Test func whenSavingFailsTooTheErrorNamesThePathAndWhatToDo() throws {
        let missing = "/nonexistent-\(UUID().uuidString)/report.txt"
        #expect {
            _ = try ReportPrinter(searchPath: "").print("x\n", title: "t", fallbackPath: missing)
        } throws: { error in
            let message = (error as? PrintFailure)?.message ?? ""
            return message.contains(missing) && message.contains("does not exist") && message.contains("--output")
        }
    }
}
