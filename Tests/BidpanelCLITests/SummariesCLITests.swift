import Foundation
import Testing

/// `bidpanel summaries` on a real evaluation file, made and filled the way a
/// chair's script would: init, import, then summaries, PINs on standard input.
@Suite("Summaries command line")
struct SummariesCLITests {
    static let chairPIN = "2468"

    func bidpanel(_ arguments: [String], in folder: URL) throws -> CLI.Run {
        // Tmux.run is a plain process runner with standard input; no tmux involved.
        try Tmux.run(CLI.binary.path, arguments, input: Self.chairPIN + "\n", in: folder.path)
    }

    @Test func writesOneFilePerBidAndRefusesToOverwriteWithoutForce() throws {
        let folder = try CLI.youthEvaluation(named: "summaries") { try bidpanel($0, in: $1) }
        defer { try? FileManager.default.removeItem(at: folder) }
        var run = try bidpanel(["summaries", "ys.bidpanel", "--out", "out/summaries", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let out = folder.appendingPathComponent("out/summaries")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == ["B1-northgate-youth-collective.txt", "B2-cafe-mosaic-youth-project.txt",
                          "B3-brightwater-sports-trust.txt", "B4-hollow-lane-community-association.txt",
                          "B5-step-up-mentoring-cic.txt", "B6-kingsmead-detached-youth-work.txt"])
        for name in names { #expect(run.out.contains(name), "\(name) not listed") }
        let b2 = try String(contentsOf: out.appendingPathComponent(names[1]), encoding: .utf8)
        #expect(b2.contains("Bidder:    Café Mosaic Youth Project (bid B2)"))
        #expect(b2.contains("2nd of 5") && !b2.contains("PROVISIONAL"))
        // The contact details came from the panel file through the evaluation file.
        #expect(b2.contains("\nUnique ID: PUK-517204\nAddress:   Unit 3, The Old Library, 2 Market Row, Example Borough EB2 7CM\nE-mail:    hello@cafe-mosaic.example\n"))
        #expect(b2.contains("Winning bid:") && b2.contains("Northgate Youth Collective"))
        for other in ["Brightwater", "Hollow Lane", "Step Up", "Kingsmead", "Priya", "Kyle"] { #expect(!b2.contains(other)) }
        let mode = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(names[1]).path)[.posixPermissions]
        #expect((mode as? NSNumber)?.intValue == 0o600)

        // A second run keeps every file untouched and says how to replace them.
        try "kept".write(to: out.appendingPathComponent(names[0]), atomically: true, encoding: .utf8)
        run = try bidpanel(["summaries", "ys.bidpanel", "--out", "out/summaries", "--pin-stdin"], in: folder)
        #expect(run.status == 1)
        #expect(run.err.contains("already exist") && run.err.contains("--force"))
        #expect(try String(contentsOf: out.appendingPathComponent(names[0]), encoding: .utf8) == "kept")

        run = try bidpanel(["summaries", "ys.bidpanel", "--out", "out/summaries", "--force", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        #expect(try String(contentsOf: out.appendingPathComponent(names[0]), encoding: .utf8).hasPrefix("ASSESSMENT SUMMARY"))
    }

    /// A bid without its contact details: `validate` still says valid (exit
    /// 0) and warns at the bid's line with what to add.
    @Test func validateWarnsWhenABidHasNoContactDetails() throws {
        let youth = "\(CLI.panels)/youth-services.toml"
        let original = try String(contentsOfFile: youth, encoding: .utf8)
        // Without the answers files, which live beside the shipped panel only.
        let edited = original.replacingOccurrences(of: "email = \"hello@cafe-mosaic.example\"\n", with: "")
            .split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("answers = ") }.joined(separator: "\n")
        #expect(edited != original)
        let path = try CLI.temporary("no-email.toml", edited)
        let run = try CLI.run(["validate", path])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("is valid") && run.out.contains("1 warning above"))
        let line = edited.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "id = \"B2\"" }!
        #expect(run.err.contains("\(path):\(line):1: warning: bid \"B2\" has no \"email\";"), "\(run.err)")
        #expect(run.err.contains("fix: add a line such as: email = \"bids@example.org.uk\""))
    }

    /// Bids added from a CSV at `init` get the same warning, at the CSV's
    /// line, with a fix for a CSV; init still makes the file (exit 0).
    @Test func initWarnsWhenACSVBidHasNoContactDetails() throws {
        let csv = """
        id,bidder,price,supplier_id,address,email
        B9,"Northside Youth Collective, a long-established community interest company",231000,,,
        B10,Full Details Ltd,229500,PUK-998877,"2 Mill Lane, Anytown AB1 2CD",bids@full.example
        B11,Half Details CIC,240000,PUK-112233,,

        """
        let path = try CLI.temporary("more-bids.csv", csv)
        let folder = (path as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let made = folder + "/ys.bidpanel"
        let run = try Tmux.run(CLI.binary.path, ["init", "\(CLI.panels)/youth-services.toml", "--bids", path, "--out", made, "--pin-stdin"],
                               input: "2468\n")
        #expect(run.status == 0, "\(run.err)")
        #expect(FileManager.default.fileExists(atPath: made))
        #expect(run.out.contains(": 9 bids,"), "\(run.out)")
        let reg31 = "the bidder's assessment summary must give its unique identifier, postal address and e-mail (Procurement Regulations 2024 reg 31)"
        #expect(run.err.contains("\(path):2:1: warning: bid \"B9\" has no \"supplier_id\", \"address\" or \"email\"; \(reg31)\n"
            + "    fix: fill in the supplier_id, address and email columns on this row"), "\(run.err)")
        #expect(run.err.contains("\(path):4:1: warning: bid \"B11\" has no \"address\" or \"email\"; \(reg31)"), "\(run.err)")
        // As a bid named in a warning ("bid "B10""), not anywhere: a temporary folder's name may hold those letters.
        #expect(!run.err.contains("bid \"B10\""), "\(run.err)")
        #expect(run.err.components(separatedBy: ": warning: ").count - 1 == 2, "\(run.err)")
    }

    @Test func aWrongPINOrAFileInPlaceOfTheFolderExitsOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-summaries-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var run = try bidpanel(["init", "\(CLI.panels)/youth-services.toml", "--out", "ys.bidpanel", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        try "".write(to: folder.appendingPathComponent("taken"), atomically: true, encoding: .utf8)
        run = try bidpanel(["summaries", "ys.bidpanel", "--out", "taken", "--pin-stdin"], in: folder)
        #expect(run.status == 1)
        #expect(run.err.contains("taken is a file, not a folder"))
        run = try Tmux.run(CLI.binary.path, ["summaries", "ys.bidpanel", "--out", "s", "--pin-stdin"], input: "1111\n", in: folder.path)
        #expect(run.status == 1)
        #expect(run.err.contains("wrong PIN"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("s").path))
        #expect(try bidpanel(["summaries", "ys.bidpanel"], in: folder).status == 2) // --out is required
    }
}
