import Foundation
import Testing

/// The chair and a member on one evaluation file, each in their own
/// terminal window (two tmux sessions running the real binary).
@Suite("Chair end to end", .serialized)
struct ChairEndToEndTests {
    static let davidPIN = "1357"

    @Test func aMembersValueReachesTheChairWhoModeratesSignsOffAndPrints() async throws {
        let evaluation = try Evaluation(pins: ["david": Self.davidPIN])
        defer { evaluation.remove() }
        // Every value agreed on paper but the one this test agrees on screen,
        // so the evaluation is complete once it is.
        let moderated = try String(contentsOfFile: "\(CLI.panels)/youth-services-moderated.csv", encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("B1,experience,") }.joined(separator: "\n") + "\n"
        try moderated.write(toFile: evaluation.folder + "/moderated.csv", atomically: true, encoding: .utf8)
        let imported = try evaluation.bidpanel(["import", evaluation.file, "--moderated", "moderated.csv", "--pin-stdin"],
                                               input: Evaluation.chairPIN + "\n")
        try #require(imported.status == 0, "\(imported.err)")
        // A stand-in printer: `lp` that keeps what it is sent in a file.
        let bin = evaluation.folder + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try "#!/bin/sh\ncat > \"$(dirname \"$0\")/../printed.txt\"\necho 'request id is office-1 (1 file(s))'\n"
            .write(toFile: bin + "/lp", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/lp")

        let chair = try Tmux("PATH='\(bin)':\"$PATH\"; " + evaluation.script(tag: "chair"))
        defer { chair.kill() }
        let member = try Tmux(evaluation.script(tag: "member"))
        defer { member.kill() }

        try await chair.signInChair()
        try await chair.waitFor("Panel board", "Values in: 0 of 312", "Agreed: 71 of 72")

        // The member scores B1's first criterion in the other window...
        try await member.openB1(find: "da", name: "David Okafor", pin: Self.davidPIN)
        try member.type("2")
        try await member.waitFor("✓ saved")
        let saved = Date()
        // ...and the chair's board shows it with no key pressed.
        try await chair.waitFor("Values in: 1 of 312")
        let latency = Date().timeIntervalSince(saved)
        print("member's value on the chair's board after \(String(format: "%.2f", latency)) s (tmux polling included)")

        try chair.send("Enter")
        // Priya scores B1 too but has put nothing in: she says she is not scoring it.
        try await chair.waitFor("You score bid B1 too")
        try chair.type("i")
        try await chair.waitFor("Say you are not scoring bid B1?")
        try chair.type("y")
        // Waits for the member rows too: under load tmux can capture a frame half drawn.
        let moderation = try await chair.waitFor("Moderate · Bid B1", "Item 1 of 12", "2 Fair")
        #expect(Tmux.rows(moderation).contains { $0.contains("David Okafor") && $0.contains("2 Fair") })
        try chair.type("3")
        try await chair.waitFor("Enter save agreed value")
        try chair.send("Enter") // no reason yet
        try await chair.waitFor("Give a reason")
        try chair.type("Track record is local and recent")
        try chair.send("Enter")
        try await chair.waitFor("Agreed and saved. Your experience: 3 Good.")
        // The member's own value is unchanged beside the agreed one.
        try chair.send("Left")
        let again = try await chair.waitFor("Agreed: 3 Good. Reason: Track record is local and recent")
        #expect(Tmux.rows(again).contains { $0.contains("David Okafor") && $0.contains("2 Fair") })

        try chair.send("Escape")
        try await chair.waitFor("Panel board", "Agreed: 72 of 72")
        // Nobody has submitted a bid: sign-off names them and asks why.
        try chair.type("s")
        try await chair.waitFor("5 members have not submitted every bid they can score", "Why sign off anyway?")
        try chair.type("The panel scored this test on paper")
        try chair.send("Enter")
        let signedOff = try await chair.waitFor("SIGNED OFF", "Signed off. Write down: Audit seal")
        // The seal the chair writes down is the one on every printed page.
        let seal = String(try #require(signedOff.firstMatch(of: /Audit seal [0-9a-f]{16}, \d+ entries/)).0)

        try chair.type("p")
        try await chair.waitFor("Sent to the printer")
        let printed = try String(contentsOfFile: evaluation.folder + "/printed.txt", encoding: .utf8)
        #expect(printed.contains("Page 1 of"))
        #expect(printed.contains("Track record is local and recent"))
        #expect(!printed.contains("PROVISIONAL"))
        // P prints the record of the meeting too: the chair's declaration and
        // sign-off with their times (local, with the UTC offset).
        let flat = printed.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(flat.contains("Conflicts of interest"))
        #expect(flat.contains(/Priya Shah, chair Declared no conflicts, \d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d \(UTC[+-]\d\d:\d\d\)\./))
        #expect(flat.contains(/Priya Shah, chair, signed off on \d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d \(UTC[+-]\d\d:\d\d\), although not every member/))
        #expect(flat.contains("Reason for signing off anyway: The panel scored this test on paper"))
        #expect(flat.contains("David Okafor, officer: 1 of"))
        #expect(printed.components(separatedBy: "\n\(seal)\n").count - 1 == printed.components(separatedBy: "\u{0C}").count)

        // The member's window is read-only now too.
        try member.send("Enter")
        try member.type("4")
        try await member.waitFor("signed off")
    }
}

extension Evaluation {
    /// `script` for one of several windows on the same file: its own
    /// terminal-settings and exit-status files.
    func script(tag: String) -> String {
        #"cd '\#(folder)' && trap : INT; "#
            + #"BIDPANEL_CRASH_LOG='\#(crashLog)' '\#(CLI.binary.path)' open '\#(file)'; code=$?; "#
            + #"echo "exit=$code" > code-\#(tag).txt; sleep 600"#
    }
}
