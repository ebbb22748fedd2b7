import Foundation
import Testing
@testable import BidpanelCore

/// A copy of the youth example (panel file and answers) in a fresh folder,
/// for writing hostile variants next to it as an attacker would.
struct PanelFolder {
    let folder: URL
    let text: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-hostile-\(UUID().uuidString)")
        let panels = ExamplePanels.folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["youth-services.toml", "youth-services", "youth-services-scores.csv", "youth-services-moderated.csv"] {
            try FileManager.default.copyItem(at: panels.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        text = try String(contentsOf: folder.appendingPathComponent("youth-services.toml"), encoding: .utf8)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Writes `text` (bytes as given) as `name` and loads it from disk.
    func load(_ name: String, _ text: String) throws -> PanelFile.Loaded {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        return try PanelFile.load(path: path(name))
    }

    /// The errors loading `text` throws; records an issue if it loads.
    func errors(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [Diagnostic] {
        let error = #expect(throws: DiagnosticsError.self, sourceLocation: sourceLocation) {
            try load("hostile.toml", text)
        }
        let found = error?.diagnostics ?? []
        for diagnostic in found {
            #expect(diagnostic.line >= 1 && !diagnostic.file.isEmpty, sourceLocation: sourceLocation)
        }
        return found
    }

    /// The one error containing `phrase`, which must be on `line`.
    @discardableResult
    func refuses(_ text: String, _ phrase: String, line: Int, sourceLocation: SourceLocation = #_sourceLocation) -> Diagnostic? {
        let all = errors(text, sourceLocation: sourceLocation)
        let match = all.first { $0.message.contains(phrase) }
        #expect(match != nil, "no error containing \"\(phrase)\" in \(all.map(\.description))", sourceLocation: sourceLocation)
        #expect(match?.line == line, "\(all.map(\.description))", sourceLocation: sourceLocation)
        #expect(match?.file == path("hostile.toml"), sourceLocation: sourceLocation)
        #expect(match?.fix != nil, sourceLocation: sourceLocation)
        return match
    }

    func lineCount(_ text: String) -> Int { text.split(separator: "\n", omittingEmptySubsequences: false).count }

    /// 1-based line of the first line containing `needle`.
    func line(of needle: String, in text: String) -> Int {
        (text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) } ?? -2) + 1
    }

    /// `text` with the first `old` replaced, failing when there is none.
    func replacing(_ old: String, with new: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        #expect(text.contains(old), "\(old) not in the youth panel", sourceLocation: sourceLocation)
        guard let range = text.range(of: old) else { return text }
        return text.replacingCharacters(in: range, with: new)
    }
}

@Suite("Hostile panel files are refused with file and line")
struct HostilePanelTests {
    // MARK: Nesting, NUL, lines, size: before the TOML parser

    @Test func aHeaderNestedAHundredThousandDeepIsRefused() throws {
        let files = try PanelFolder()
        let deep = files.text + "\n[" + Array(repeating: "a", count: 100_000).joined(separator: ".") + "]\n"
        files.refuses(deep, "longer than 10000 characters", line: files.lineCount(deep) - 1)
        let nested = files.text + "\n[" + Array(repeating: "a", count: 17).joined(separator: ".") + "]\n"
        files.refuses(nested, "17 parts", line: files.lineCount(nested) - 1)
        let dottedKey = files.text + "\n" + Array(repeating: "b", count: 40).joined(separator: ".") + " = 1\n"
        files.refuses(dottedKey, "40 parts", line: files.lineCount(dottedKey) - 1)
    }

    @Test func arraysAndInlineTablesNestedTooDeepAreRefused() throws {
        let files = try PanelFolder()
        let oneLine = files.text + "\nx = " + String(repeating: "[", count: 5_000) + "\n"
        files.refuses(oneLine, "nested more than 16 deep", line: files.lineCount(oneLine) - 1)
        // Over many short lines, so no line is too long: the depth is what counts.
        let start = files.lineCount(files.text) + 1
        let manyLines = files.text + "\nx = " + String(repeating: "[\n", count: 100_000)
        files.refuses(manyLines, "nested more than 16 deep", line: start + 16)
        let tables = files.text + "\nx = " + String(repeating: "{ a = ", count: 20) + "1" + String(repeating: " }", count: 20) + "\n"
        files.refuses(tables, "nested more than 16 deep", line: files.lineCount(tables) - 1)
        let keyInTable = files.text + "\nx = { " + Array(repeating: "k", count: 30).joined(separator: ".") + " = 1 }\n"
        files.refuses(keyInTable, "30 parts", line: files.lineCount(keyInTable) - 1)
    }

    @Test func nestingThePanelFormatUsesStillLoads() throws {
        let files = try PanelFolder()
        // Strings holding brackets, dots and quotes are text, not nesting.
        let text = files.replacing("[tender]", with: """
            [tender]
            # [a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r] in a comment is not a header
            """)
            .replacingOccurrences(of: "title = \"Positive", with: "title = \"[[[[[[[[[[[[[[[[[[[[ a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q \\\" Positive")
        let loaded = try files.load("nested-text.toml", text)
        #expect(loaded.panel.tender.title.hasPrefix("[[[[[[[[[[[[[[[[[[[[ a.b"))
    }

    @Test func aNULByteIsAnErrorAtItsLine() throws {
        let files = try PanelFolder()
        // On main a NUL cut the file short: a price of 229000 read as 229.
        let text = files.replacing("price = 238000", with: "price = 238\u{0}000")
        files.refuses(text, "NUL character", line: files.line(of: "price = 238", in: text))
        let atTheEnd = files.text + "\n\u{0}[[bid]]\n"
        files.refuses(atTheEnd, "NUL character", line: files.lineCount(atTheEnd) - 1)
    }

    @Test func aTableNameStartingWithAControlCharacterIsRefused() throws {
        // Each of these aborted the TOML parser (an assertion) on main.
        let files = try PanelFolder()
        for header in ["[\u{01}abc]", "[[\u{1B}]]", "[ \u{7F}x]", "[é]", "[=]", "[.a]", "[[ #x]]", "[,]"] {
            let text = files.text + "\n" + header + "\nx = 1\n"
            files.refuses(text, "a table name in [ ] must start with", line: files.lineCount(text) - 2)
        }
    }

    @Test func aControlCharacterElsewhereInAKeyIsATOMLError() throws {
        let files = try PanelFolder()
        for text in [files.text + "\n[a.\u{01}]\n", files.text + "\nx = { \u{01} = 1 }\n", files.text + "\n\u{01} = 1\n"] {
            let errors = files.errors(text)
            #expect(errors.first?.line == files.lineCount(text) - 1, "\(errors)")
        }
    }

    @Test func aLineLongerThanTenThousandCharactersIsRefused() throws {
        let files = try PanelFolder()
        let text = files.replacing("authority = \"", with: "authority = \"" + String(repeating: "é", count: 10_001))
        files.refuses(text, "longer than 10000 characters", line: files.line(of: "authority = ", in: text))
        // 10,000 characters (not bytes) is still fine.
        let fits = files.replacing("authority = \"", with: "authority = \"" + String(repeating: "é", count: 9_900))
        #expect(try files.load("fits.toml", fits).panel.tender.authority.hasPrefix("éé"))
    }

    @Test func aPanelFileOverFourMegabytesIsRefusedBeforeReading() throws {
        let files = try PanelFolder()
        let text = files.text + String(repeating: "# padding padding padding padding padding padding\n", count: 90_000)
        let refused = files.refuses(text, "it can be at most 4 MB", line: 1)
        // The size is said as a person reads it (one decimal, in megabytes).
        let size = TextLimits.megabytes(text.utf8.count)
        #expect(size.hasPrefix("4.") && refused?.message.contains("is \(size);") == true, "\(String(describing: refused))")
    }

    @Test func aDeviceAPipeOrAFolderIsNotReadAsAPanelFile() throws {
        let files = try PanelFolder()
        let fifo = files.path("pipe.toml")
        #expect(mkfifo(fifo, 0o600) == 0)
        for path in ["/dev/zero", fifo] {
            let error = #expect(throws: DiagnosticsError.self) { try PanelFile.load(path: path) }
            #expect(error?.diagnostics.first?.message.contains("not an ordinary file") == true, "\(String(describing: error))")
        }
        let error = #expect(throws: DiagnosticsError.self) { try PanelFile.load(path: files.folder.path) }
        #expect(error?.diagnostics.first?.message == "this is a folder, not a file")
    }

    // MARK: Numbers

    @Test func numbersWithAnExponentAreRefused() throws {
        // 1e-9999 made validate hang: exact arithmetic on a 10^9999 denominator.
        let files = try PanelFolder()
        for (old, new) in [("quality = 80", "quality = 8e-9999"), ("weight = 10", "weight = 1e-9999"),
                           ("price = 238000", "price = 2.29E5"), ("weight = 10", "weight = 1e1")] {
            let text = files.replacing(old, with: new)
            let error = files.refuses(text, "exponent", line: files.line(of: new, in: text))
            #expect(error?.fix?.contains("in full") == true)
        }
    }

    @Test func numbersWithMoreThanSixDecimalsOrFifteenDigitsAreRefused() throws {
        let files = try PanelFolder()
        let text = files.replacing("weight = 10", with: "weight = 10.0000001")
        files.refuses(text, "more than 6 decimal places", line: files.line(of: "weight = 10.0000001", in: text))
        let huge = files.replacing("price = 238000", with: "price = 1234567890123456.5")
        files.refuses(huge, "more than 15 digits", line: files.line(of: "price = 1234567890123456.5", in: huge))
        // Six decimals are fine (the weights then do not add up, which is a different error).
        let six = files.replacing("weight = 10", with: "weight = 10.000001")
        #expect(!files.errors(six).contains { $0.message.contains("decimal places") })
    }

    @Test func numbersInCSVsAreRefusedTheSameWay() throws {
        let panel = ExamplePanels.youth
        let bids = "id,bidder,price\nB7,Hostile Ltd,1e-9999\nB8,Other Ltd,£1.0000001\n"
        let error = #expect(throws: DiagnosticsError.self) { try ScoresCSV.bids(text: bids, file: "bids.csv") }
        #expect(error?.diagnostics.map(\.line) == [2, 3], "\(String(describing: error))")
        #expect(error?.diagnostics.first?.message.contains("exponent") == true)
        let criterion = try #require(panel.criteria.first { $0.kind == .scored })
        let member = try #require(panel.members.first { criterion.scoredBy.contains($0.role) }).id
        let scores = "bid,criterion,member,value\n\(panel.bids[0].id),\(criterion.id),\(member),3e0\n"
        let scoreError = #expect(throws: DiagnosticsError.self) {
            try ScoresCSV.memberValues(text: scores, file: "scores.csv", panel: panel)
        }
        #expect(scoreError?.diagnostics.first?.line == 2)
        #expect(scoreError?.diagnostics.first?.message.contains("exponent") == true, "\(String(describing: scoreError))")
    }

    // MARK: Did you mean

    @Test func didYouMeanSkipsIdsLongerThanSixtyFourCharacters() throws {
        let long = String(repeating: "q", count: 1_000_000)
        #expect(Suggest.closest(to: long, in: ["quality", String(repeating: "q", count: 1_000_001)]) == nil)
        #expect(Suggest.hint(for: long, in: ["quality", "price"]) == "expected one of: \"quality\", \"price\"")
        let sixtyFour = String(repeating: "a", count: 63) + "b"
        #expect(Suggest.closest(to: sixtyFour, in: [String(repeating: "a", count: 64)]) == String(repeating: "a", count: 64))
        // Through a CSV, as the fuzzer sent it: a 90,000-character bid id.
        let panel = ExamplePanels.youth
        let csv = "bid,member,reason\n\(String(repeating: "B", count: 90_000)),\(panel.members[0].id),x\n"
        let error = #expect(throws: DiagnosticsError.self) { try ScoresCSV.conflicts(text: csv, file: "c.csv", panel: panel) }
        #expect(error?.diagnostics.first?.message.contains("expected one of") == true)
    }

    // MARK: Answers files

    @Test func answersOutsideThePanelFolderAreRefusedAtTheAnswersKey() throws {
        let files = try PanelFolder()
        let inside = files.path("youth-services/bids/outside.md")
        try FileManager.default.createSymbolicLink(atPath: inside, withDestinationPath: "/etc/passwd")
        let linkedFolder = files.path("youth-services/elsewhere")
        try FileManager.default.createSymbolicLink(atPath: linkedFolder, withDestinationPath: "/etc")
        // A hard link to a file outside (as root could make to /etc/shadow).
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-secret-\(UUID().uuidString)").path
        try "root:*:secret\n".write(toFile: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: secret) }
        #expect(link(secret, files.path("youth-services/bids/hard.md")) == 0)
        let cases: [(String, String)] = [
            ("youth-services/bids/hard.md", "is a hard link"),
            ("/etc/passwd", "starts with /"), ("~/notes.md", "starts with ~"),
            ("../../../../etc/passwd", "goes up out of"), ("youth-services/../../x.md", "goes up out of"),
            ("youth-services/bids/outside.md", "a link to a file outside"),
            ("youth-services/elsewhere/passwd", "a link to a file outside"),
            ("youth-services/bids", "a folder, not a file"), ("", "empty"),
            ("youth-services/bids/missing.md", "does not exist"),
        ]
        for (path, phrase) in cases {
            let text = files.replacing("answers = \"youth-services/bids/northgate.md\"", with: "answers = \"\(path)\"")
            let error = files.refuses(text, phrase, line: files.line(of: "answers = \"\(path)\"", in: text))
            #expect(error?.message.hasPrefix("bid \"B1\":") == true, "\(String(describing: error))")
        }
    }

    @Test func aLinkInsideThePanelFolderIsFollowed() throws {
        let files = try PanelFolder()
        try FileManager.default.createSymbolicLink(atPath: files.path("youth-services/bids/same.md"),
                                                   withDestinationPath: files.path("youth-services/bids/northgate.md"))
        let text = files.replacing("youth-services/bids/northgate.md", with: "youth-services/bids/./same.md")
        let loaded = try files.load("linked.toml", text)
        #expect(!loaded.panel.bids[0].answers.isEmpty)
    }

    @Test func anAnswersFileOverOneMegabyteOrNotOrdinaryIsRefused() throws {
        let files = try PanelFolder()
        let big = "## experience\n" + String(repeating: "An answer that goes on. ", count: 44_000)
        try big.write(toFile: files.path("youth-services/bids/big.md"), atomically: true, encoding: .utf8)
        #expect(mkfifo(files.path("youth-services/bids/pipe.md"), 0o600) == 0)
        for (name, phrase) in [("big.md", "it can be at most 1 MB"), ("pipe.md", "not an ordinary file")] {
            let text = files.replacing("youth-services/bids/northgate.md", with: "youth-services/bids/\(name)")
            files.refuses(text, phrase, line: files.line(of: "bids/\(name)", in: text))
        }
        let fits = "## experience\n" + String(repeating: "An answer that goes on. ", count: 40_000)
        try fits.write(toFile: files.path("youth-services/bids/fits.md"), atomically: true, encoding: .utf8)
        let text = files.replacing("youth-services/bids/northgate.md", with: "youth-services/bids/fits.md")
        #expect(try files.load("fits.toml", text).answersFiles["youth-services/bids/fits.md"]?.count == fits.count)
    }

    @Test func aNULInAnAnswersFileIsAnErrorAtItsLine() throws {
        let files = try PanelFolder()
        try "## experience\nfine\nnot \u{0} fine\n".write(toFile: files.path("youth-services/bids/nul.md"), atomically: true, encoding: .utf8)
        let text = files.replacing("youth-services/bids/northgate.md", with: "youth-services/bids/nul.md")
        let errors = files.errors(text)
        #expect(errors.map(\.line) == [3], "\(errors)")
        #expect(errors.first?.file == files.path("youth-services/bids/nul.md"))
    }

    @Test func aFrozenPanelKeepsItsPathsBecauseNothingIsReadFromDisk() throws {
        // An evaluation file made before these rules may hold "../" paths;
        // its answers come from the file itself, so it still opens.
        let files = try PanelFolder()
        let text = files.replacing("youth-services/bids/northgate.md", with: "../shared/northgate.md")
        let loaded = try PanelFile.parse(text: text, file: "p.toml") { path in
            path == "../shared/northgate.md" ? "## experience\nFrom the evaluation file." : "## experience\nOther."
        }
        #expect(loaded.panel.bids[0].answers["experience"] == "From the evaluation file.")
    }

    // MARK: CSVs

    @Test func aCSVWithANULOrAnEndlessLineIsRefusedAtItsLine() throws {
        let panel = ExamplePanels.youth
        let nul = "bid,member,reason\nB1,\(panel.members[0].id),fine\nB1,x\u{0},bad\n"
        let error = #expect(throws: DiagnosticsError.self) { try ScoresCSV.conflicts(text: nul, file: "c.csv", panel: panel) }
        #expect(error?.diagnostics.map(\.line) == [3])
        let long = "bid,member,reason\nB1,\(panel.members[0].id),\(String(repeating: "x", count: 100_001))\n"
        let longError = #expect(throws: DiagnosticsError.self) { try ScoresCSV.conflicts(text: long, file: "c.csv", panel: panel) }
        #expect(longError?.diagnostics.first?.line == 2)
        #expect(longError?.diagnostics.first?.message.contains("longer than 100000") == true)
    }

    @Test func moreBidsMembersOrCriteriaThanAnEvaluationTakesAreRefused() throws {
        let files = try PanelFolder()
        let bid = "\n[[bid]]\nid = \"X%d\"\nbidder = \"Extra %d\"\nprice = 1000\n"
        let extra = (1...TextLimits.bids).map { String(format: bid, $0, $0) }.joined()
        let text = files.text + extra
        // The existing bids come first, so the first one over the limit is
        // extra number (limit - existing + 1).
        let existing = try files.load("ok.toml", files.text).panel.bids.count
        let first = "id = \"X\(TextLimits.bids - existing + 1)\""
        files.refuses(text, "bidpanel takes at most \(TextLimits.bids)", line: files.line(of: first, in: text) - 1)
    }
}
