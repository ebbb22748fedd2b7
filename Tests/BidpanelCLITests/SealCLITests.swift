import Foundation
import Testing

/// Nothing unverified prints as final: report, summaries and export on a
/// file edited with the sqlite3 shell, and the seal on every page of one
/// that verifies.
@Suite("Seal on the command line")
struct SealCLITests {
    static let chairPIN = "2468"

    /// A folder holding ys.bidpanel with the youth example's scores and
    /// moderated values imported.
    func evaluation() throws -> URL {
        try CLI.youthEvaluation(named: "seal") { try bidpanel($0, in: $1) }
    }

    func bidpanel(_ arguments: [String], in folder: URL) throws -> CLI.Run {
        try Tmux.run(CLI.binary.path, arguments, input: Self.chairPIN + "\n", in: folder.path)
    }

    /// The sqlite3 shell, as an attacker would use it.
    func sqlite(_ file: URL, _ sql: String) throws {
        let run = try Tmux.run("/usr/bin/env", ["sqlite3", file.path, sql])
        #expect(run.status == 0, "\(run.err)")
    }

    /// The head line "Audit seal <16 hex>, N entries" that `audit` prints.
    func auditSeal(in folder: URL) throws -> String {
        let run = try bidpanel(["audit", "ys.bidpanel", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        return String(try #require(run.out.firstMatch(of: /Audit seal [0-9a-f]{16}, \d+ entries/)).0)
    }

    @Test func theVersionIsPrinted() throws {
        let run = try CLI.run(["--version"])
        #expect(run.status == 0)
        #expect(run.out == "0.6.0\n")
    }

    @Test func initKeepsAWitnessFileThatAuditChecks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-seal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var run = try bidpanel(["init", "\(CLI.panels)/youth-services.toml", "--out", "ys.bidpanel", "--witness", "witness.txt",
                                "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let witness = folder.appendingPathComponent("witness.txt").path
        let mode = try FileManager.default.attributesOfItem(atPath: witness)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        // Nothing is signed off yet, so the witness has nothing to vouch for: audit says so.
        run = try bidpanel(["audit", "ys.bidpanel", "--witness", "witness.txt", "--pin-stdin"], in: folder)
        #expect(run.status == 1)
        #expect(run.out.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("has no line for YS-2026-01"))
        // A witness that cannot be made stops init before any file is made.
        run = try bidpanel(["init", "\(CLI.panels)/youth-services.toml", "--out", "other.bidpanel", "--witness", "no/such/folder/w.txt",
                            "--pin-stdin"], in: folder)
        #expect(run.status == 1)
        #expect(run.err.contains("cannot make the witness file"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("other.bidpanel").path))
    }

    @Test func everyReportPageAndSummaryCarriesTheSealAuditPrints() throws {
        let folder = try evaluation()
        defer { try? FileManager.default.removeItem(at: folder) }
        let seal = try auditSeal(in: folder)
        var run = try bidpanel(["report", "ys.bidpanel", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let pages = run.out.split(separator: "\u{0C}")
        #expect(pages.count >= 3)
        for page in pages {
            #expect(page.contains("\n\(seal)\n"))
            #expect(!page.contains("NOT VERIFIED"))
        }
        run = try bidpanel(["summaries", "ys.bidpanel", "--out", "summaries", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let out = folder.appendingPathComponent("summaries")
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path) {
            let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            #expect(text.contains("\n\(seal)\n"), "\(name)")
        }
        // A report that verifies keeps its JSON as it always was.
        run = try bidpanel(["report", "ys.bidpanel", "--format", "json", "--pin-stdin"], in: folder)
        #expect(run.out.hasPrefix("{\n  \"tender\": \"YS-2026-01\""))
    }

    @Test func aTamperedFilePrintsNothingAsFinalAndEverythingNotVerifiedWhenAsked() throws {
        let folder = try evaluation()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("ys.bidpanel")
        try sqlite(file, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; UPDATE bid SET price = '99000' WHERE id = 'B6';")
        let problem = "bid B6's price was changed after the file was made: it was \"229000\", it is now \"99000\""

        // Without --unverified: exit 1, the problem named, nothing written.
        for arguments in [["report"], ["report", "--format", "json"], ["summaries", "--out", "summaries"],
                          ["export", "--scores", "s.csv", "--moderated", "m.csv"]] {
            let run = try bidpanel([arguments[0], "ys.bidpanel"] + arguments.dropFirst() + ["--pin-stdin"], in: folder)
            #expect(run.status == 1, "\(arguments)")
            #expect(run.err.contains(problem) && run.err.contains("--unverified") && run.err.contains("bidpanel audit"), "\(run.err)")
            #expect(run.out.isEmpty)
        }
        for name in ["summaries", "s.csv", "m.csv"] {
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path), "\(name)")
        }
        let audit = try bidpanel(["audit", "ys.bidpanel", "--pin-stdin"], in: folder)
        #expect(audit.status == 1)
        #expect(audit.out.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains(problem))

        // With --unverified: written, and marked on every page and file.
        var run = try bidpanel(["report", "ys.bidpanel", "--unverified", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.err.contains("NOT VERIFIED: \(problem)"))
        let pages = run.out.split(separator: "\u{0C}")
        #expect(pages.count >= 3)
        for page in pages {
            #expect(page.contains("NOT VERIFIED: bid B6's price was changed"))
            let footer = page.split(separator: "\n").last ?? ""
            #expect(footer.contains("NOT VERIFIED"), "\(footer)")
        }
        run = try bidpanel(["report", "ys.bidpanel", "--format", "json", "--unverified", "--pin-stdin"], in: folder)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        #expect(json["verified"] as? Bool == false)
        #expect((json["problems"] as? [String])?.contains(problem) == true)
        run = try bidpanel(["summaries", "ys.bidpanel", "--out", "summaries", "--unverified", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let out = folder.appendingPathComponent("summaries")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(names.count == 6)
        for name in names {
            let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            // Marked, but the warning quotes no other bid's price to a bidder.
            let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(words.contains("NOT VERIFIED: the evaluation record does not verify (1 problem), so this summary is not final."), "\(name)")
            #expect(!text.contains("it is now"), "\(name)")
        }
        run = try bidpanel(["export", "ys.bidpanel", "--scores", "s.csv", "--moderated", "m.csv", "--unverified", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        for name in ["s.csv", "m.csv"] {
            #expect(try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).hasPrefix("bid,"))
            let note = try String(contentsOf: folder.appendingPathComponent(name + ".NOT-VERIFIED.txt"), encoding: .utf8)
            #expect(note.hasPrefix("NOT VERIFIED: \(name) was written from an evaluation file that does not verify."))
            #expect(note.contains("- \(problem)\n"))
        }
    }

    /// The attacker trial, as root: `export --scores /dev/null --unverified`
    /// made /dev/null.NOT-VERIFIED.txt, and /dev/stdout made one in /dev too.
    /// A note goes beside a regular file only; otherwise to standard error.
    @Test func anUnverifiedExportToADeviceOrLinkMakesNoNoteBesideIt() throws {
        let folder = try evaluation()
        defer { try? FileManager.default.removeItem(at: folder) }
        try sqlite(folder.appendingPathComponent("ys.bidpanel"),
                   "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; UPDATE bid SET price = '99000' WHERE id = 'B6';")
        let problem = "- bid B6's price was changed after the file was made"
        let before = try FileManager.default.contentsOfDirectory(atPath: "/dev").sorted()
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("link.csv").path, withDestinationPath: "kept.csv")
        try Data("kept\n".utf8).write(to: folder.appendingPathComponent("kept.csv"))
        let run = try bidpanel(["export", "ys.bidpanel", "--scores", "/dev/null", "--moderated", "/dev/stdout",
                                "--conflicts", "link.csv", "--unverified", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.hasPrefix("bid,"), "\(run.out.prefix(200))") // the moderated values, on standard output
        for path in ["/dev/null", "/dev/stdout", "link.csv"] {
            #expect(run.err.contains("NOT VERIFIED: \(path) is not a plain file, so no note was written beside it. Problems:\n\(problem)"),
                    "\(run.err)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: "/dev").sorted() == before)
        #expect(try FileManager.default.attributesOfItem(atPath: "/dev/null")[.type] as? FileAttributeType == .typeCharacterSpecial)
        // The link was written through, to its target, and nothing was made beside either.
        #expect(try String(contentsOf: folder.appendingPathComponent("kept.csv"), encoding: .utf8).hasPrefix("bid,member,reason"))
        let made = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("NOT-VERIFIED") }
        #expect(made.isEmpty, "\(made)")
        // "-" too: the CSV on standard output, the note on standard error.
        let dash = try bidpanel(["export", "ys.bidpanel", "--scores", "-", "--unverified", "--pin-stdin"], in: folder)
        #expect(dash.status == 0 && dash.out.hasPrefix("bid,"), "\(dash.err)")
        #expect(dash.err.contains("NOT VERIFIED: - is not a plain file"), "\(dash.err)")
    }

    @Test func aModeratedValueEditedInTheShellIsCaughtBeforeAnyReport() throws {
        let folder = try evaluation()
        defer { try? FileManager.default.removeItem(at: folder) }
        try sqlite(folder.appendingPathComponent("ys.bidpanel"),
                   "UPDATE moderated_value SET value = CASE value WHEN '5' THEN '4' ELSE '5' END WHERE rowid = (SELECT MIN(rowid) FROM moderated_value);")
        let run = try bidpanel(["report", "ys.bidpanel", "--pin-stdin"], in: folder)
        #expect(run.status == 1)
        #expect(run.err.contains("moderated value") && run.err.contains("the audit log says"), "\(run.err)")
    }
}
