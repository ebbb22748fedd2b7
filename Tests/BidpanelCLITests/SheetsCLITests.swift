import Foundation
import Testing

/// `bidpanel sheets` end to end: print the sheets, fill them in as a member
/// would (by a script that reads only the printed sheet), type them in with
/// `import`, and find the values in `export` under the right member and bid.
@Suite("Paper sheets command line")
struct SheetsCLITests {
    static let chairPIN = "2468"

    func bidpanel(_ arguments: [String], in folder: URL) throws -> CLI.Run {
        try Tmux.run(CLI.binary.path, arguments, input: Self.chairPIN + "\n", in: folder.path)
    }

    func newEvaluation(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let run = try bidpanel(["init", "\(CLI.panels)/youth-services.toml", "--out", "ys.bidpanel", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        return folder
    }

    /// A member filling in one sheet: a value from the choices printed above
    /// each box (varied by position), and a comment. Returns CSV rows.
    static func fillIn(_ sheet: String) throws -> (member: String, rows: [String]) {
        var match: (member: String, bid: String)?
        var choices: [String] = [], listing = false, rows: [String] = [], box = 0
        for line in sheet.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("Sheet for: ") {
                var found: [String: String] = [:]
                // The footer has the page number after the match.
                for part in line.dropFirst("Sheet for: ".count).split(separator: " ") where part.contains("=") {
                    let pair = part.split(separator: "=")
                    found[String(pair[0])] = String(pair[1])
                }
                match = (found["member"]!, found["bid"]!)
            } else if line.hasPrefix("Write one of:") || line.hasPrefix("Write the id of one rung:") {
                choices = []; listing = true
            } else if line.hasPrefix("Write pass or fail.") {
                choices = ["pass", "fail"]; listing = false
            } else if listing, line.hasPrefix("  "), !line.hasPrefix("   ") {
                choices.append(String(line.dropFirst(2).split(separator: " ")[0]))
            } else if line.hasPrefix("Score: [") {
                listing = false
                let inside = line[line.range(of: "(")!.upperBound...].dropLast()
                var keys: [String: String] = [:]
                for part in inside.split(separator: " ") {
                    let pair = part.split(separator: "=")
                    keys[String(pair[0])] = String(pair[1])
                }
                let match = try #require(match)
                let value = choices[box % choices.count]
                box += 1
                rows.append("\(match.bid),\(keys["criterion"]!),\(match.member),\(value),\(keys["principle"] ?? ""),\"On paper, box \(box)\"")
            }
        }
        return (try #require(match).member, rows)
    }

    @Test func sheetsFilledInOnPaperAreImportedForTheRightMemberAndBid() throws {
        let folder = try newEvaluation("sheets")
        defer { try? FileManager.default.removeItem(at: folder) }
        var run = try bidpanel(["sheets", "ys.bidpanel", "--out", "paper", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let out = folder.appendingPathComponent("paper")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names.count == 5 * 6)
        #expect(names.contains("zoe-B2.txt") && names.contains("priya-B6.txt"))
        let folderMode = try FileManager.default.attributesOfItem(atPath: out.path)[.posixPermissions] as? NSNumber
        #expect(folderMode?.intValue == 0o700)
        let fileMode = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("zoe-B2.txt").path)[.posixPermissions] as? NSNumber
        #expect(fileMode?.intValue == 0o600)

        var rows: [String] = [], members: Set<String> = []
        for name in names {
            let filled = try Self.fillIn(String(contentsOf: out.appendingPathComponent(name), encoding: .utf8))
            #expect(!filled.rows.isEmpty)
            rows += filled.rows
            members.insert(filled.member)
        }
        let scores = folder.appendingPathComponent("typed-scores.csv")
        try (["bid,criterion,member,value,principle,comment"] + rows).joined(separator: "\n").appending("\n")
            .write(to: scores, atomically: true, encoding: .utf8)
        let conflicts = folder.appendingPathComponent("typed-conflicts.csv")
        try (["bid,member,reason"] + members.sorted().map { "none,\($0)," }).joined(separator: "\n").appending("\n")
            .write(to: conflicts, atomically: true, encoding: .utf8)
        run = try bidpanel(["import", "ys.bidpanel", "--scores", scores.path, "--conflicts", conflicts.path, "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("member values: \(rows.count) new"), "\(run.out)")

        run = try bidpanel(["export", "ys.bidpanel", "--scores", "exported.csv", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let exported = try String(contentsOf: folder.appendingPathComponent("exported.csv"), encoding: .utf8)
        let lines = exported.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let keyed = { (cells: [String], columns: [String]) in
            ["bid", "criterion", "member", "value", "principle"].map { cells[columns.firstIndex(of: $0)!] }.joined(separator: ",")
        }
        let written = Set(lines.dropFirst().map { keyed($0.split(separator: ",", omittingEmptySubsequences: false).map(String.init), header) })
        let typed = ["bid", "criterion", "member", "value", "principle"]
        #expect(written.count == rows.count)
        for row in rows {
            let cells = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(written.contains(keyed(cells, typed)), "\(row) not exported")
        }
    }

    @Test func aConflictedMemberGetsNoSheetForThatBidAndFiltersPick() throws {
        let folder = try newEvaluation("sheets-conflict")
        defer { try? FileManager.default.removeItem(at: folder) }
        let conflicts = folder.appendingPathComponent("conflicts.csv")
        try "bid,member,reason\nB3,kyle,My aunt runs it\n".write(to: conflicts, atomically: true, encoding: .utf8)
        var run = try bidpanel(["import", "ys.bidpanel", "--conflicts", conflicts.path, "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")

        run = try bidpanel(["sheets", "ys.bidpanel", "--out", "kyle", "--member", "kyle", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("kyle").path).sorted()
        #expect(names == ["kyle-B1.txt", "kyle-B2.txt", "kyle-B4.txt", "kyle-B5.txt", "kyle-B6.txt"])
        #expect(run.out.contains("No sheet for kyle on B3") && run.out.contains("conflict of interest"))

        run = try bidpanel(["sheets", "ys.bidpanel", "--out", "b3", "--bid", "B3", "--member", "kyle", "--pin-stdin"], in: folder)
        #expect(run.status == 1)
        #expect(run.err.contains("no sheet to print") && !FileManager.default.fileExists(atPath: folder.appendingPathComponent("b3").path))

        // One sheet, and a second run keeps it unless --force.
        run = try bidpanel(["sheets", "ys.bidpanel", "--out", "one", "--bid", "B2", "--member", "zoe", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("one").path) == ["zoe-B2.txt"])
        run = try bidpanel(["sheets", "ys.bidpanel", "--out", "one", "--bid", "B2", "--member", "zoe", "--pin-stdin"], in: folder)
        #expect(run.status == 1 && run.err.contains("--force"))
        run = try bidpanel(["sheets", "ys.bidpanel", "--out", "one", "--bid", "B2", "--member", "zo", "--pin-stdin"], in: folder)
        #expect(run.status == 1 && run.err.contains("zoe"))
    }
}
