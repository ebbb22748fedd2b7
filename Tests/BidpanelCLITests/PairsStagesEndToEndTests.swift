import BidpanelCore
import BidpanelStore
import Foundation
import Testing

/// The issue's end-to-end test for pairs with stages (and one for pairs
/// with lots), in tmux windows running the real binary: a pair of young assessors signs in together
/// during stage 1, the chair signs the stage off on the board (the panel
/// moves to stage 2), and the pair, told so on screen, scores the interview
/// for a shortlisted bid; the value is the pair's and the audit names both.
@Suite("Pairs with stages end to end", .serialized)
struct PairsStagesEndToEndTests {
    static let chairPIN = "2468", amiraPIN = "4826", jayPIN = "7391"

    @Test func aPairScoresAStageTwoInterviewAfterTheChairMovesThePanelOn() async throws {
        let folder = URL(fileURLWithPath: try CLI.temporary("README", "bidpanel pairs with stages end-to-end test\n"))
            .deletingLastPathComponent().path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func bidpanel(_ arguments: [String], input: String = Self.chairPIN + "\n") throws -> CLI.Run {
            try Tmux.run(CLI.binary.path, arguments + ["--pin-stdin"], input: input, in: folder)
        }
        let panel = try String(contentsOfFile: "\(CLI.panels)/youth-stages.toml", encoding: .utf8)
            + "\n[[member]]\nid = \"jay\"\nname = \"Jay Morgan\"\nrole = \"young\"\n"
            + "\n[[member]]\nid = \"amira-jay\"\nname = \"Amira and Jay\"\nrole = \"young\"\npair = [\"amira\", \"jay\"]\n"
        try panel.write(toFile: folder + "/stages-pair.toml", atomically: true, encoding: .utf8)
        var run = try bidpanel(["init", "stages-pair.toml", "--out", "ys.bidpanel"])
        try #require(run.status == 0, "\(run.err)")
        for (member, pin) in [("amira", Self.amiraPIN), ("jay", Self.jayPIN)] {
            run = try bidpanel(["members", "ys.bidpanel", "set-pin", member], input: "\(Self.chairPIN)\n\(pin)\n")
            try #require(run.status == 0, "\(run.err)")
        }
        try "bid,member,reason\nnone,chris,\nnone,tom,\nnone,amira-jay,\n"
            .write(toFile: folder + "/conflicts.csv", atomically: true, encoding: .utf8)
        try "bid,criterion,member,value\nB1,plan,chris,4\nB1,plan,tom,4\nB1,plan,amira-jay,5\nB2,plan,chris,3\nB2,plan,tom,3\nB2,plan,amira-jay,3\nB3,plan,chris,2\nB3,plan,tom,1\nB3,plan,amira-jay,2\n"
            .write(toFile: folder + "/written.csv", atomically: true, encoding: .utf8)
        run = try bidpanel(["import", "ys.bidpanel", "--scores", "written.csv", "--conflicts", "conflicts.csv"])
        try #require(run.status == 0, "\(run.err)")

        func script(_ tag: String) -> String {
            #"cd '\#(folder)' && trap : INT; "#
                + #"BIDPANEL_CRASH_LOG='\#(folder)/crash.log' '\#(CLI.binary.path)' open ys.bidpanel; code=$?; "#
                + #"echo "exit=$code" > code-\#(tag).txt; sleep 600"#
        }
        let member = try Tmux(script("pair"))
        defer { member.kill() }
        let chair = try Tmux(script("chair"))
        defer { chair.kill() }

        // Amira and Jay sign in together during stage 1, each with their own PIN.
        try await member.waitFor("Who are you?")
        try member.type("amira and")
        try await member.waitFor("▸ Amira and Jay")
        try member.send("Enter")
        try await member.waitFor("PIN for Amira:")
        try member.type(Self.amiraPIN)
        try member.send("Enter")
        try await member.waitFor("PIN for Jay Morgan:")
        try member.type(Self.jayPIN)
        try member.send("Enter")
        try await member.waitFor("Amira and Jay", "Part 1 of 2: Written bids. Score every bid.")

        // The chair signs stage 1 off from the board; values came on paper, so with a reason.
        try await chair.waitFor("Who are you?")
        try chair.type("ch")
        try await chair.waitFor("▸ Chris")
        try chair.send("Enter")
        try await chair.waitFor("PIN for Chris:")
        try chair.type(Self.chairPIN)
        try chair.send("Enter")
        try await chair.waitFor("Panel board", "Stage 1 of 2: Written bids · S signs it off")
        try chair.type("s")
        try await chair.waitFor("Why sign off anyway?")
        try chair.type("Scored on paper")
        try chair.send("Enter")
        try await chair.waitFor("Stage 2 of 2: Interviews · shortlist (top 2): B1, B2", "Stage signed off. Write down: Audit seal")

        // The pair's screen follows with no key pressed; B1 is shortlisted.
        try await member.waitFor("Part 1 is finished. Now part 2: Interviews.", "Part 2 of 2: Interviews", "not picked")
        try member.send("Enter") // B1, in focus
        try await member.waitFor("Bid B1 · Riverside Youth Arts", "Step 1 of 1", "Did they answer our questions well?")
        try member.type("4")
        try await member.waitFor("✓ saved")

        let store = try EvaluationStore.open(path: folder + "/ys.bidpanel")
        let session = try store.signIn(member: "chris", pin: Self.chairPIN)
        let values = try session.scoreSheet().memberValues.filter { $0.slot == Slot(bid: "B1", criterion: "questions") }
        #expect(values.map(\.member) == ["amira-jay"] && values.first?.value == .scale(Exact(4)))
        #expect(try session.auditEntries().last { $0.action == "record" }?.actor == "amira+jay")
        #expect(try store.verifyAudit().isEmpty)
        let log = (try? String(contentsOfFile: folder + "/crash.log", encoding: .utf8)) ?? ""
        #expect(!log.contains("Backtrac") && !log.contains("crashed"), "\(log.prefix(500))")
    }

    /// The pair in a tender in lots: signed in together, it sees its bids
    /// under a heading per lot and scores a bid of the second lot.
    @Test func aPairWalksTheBidsLotByLotAndScoresOne() async throws {
        let folder = URL(fileURLWithPath: try CLI.temporary("README", "bidpanel pairs with lots end-to-end test\n"))
            .deletingLastPathComponent().path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func bidpanel(_ arguments: [String], input: String = Self.chairPIN + "\n") throws -> CLI.Run {
            try Tmux.run(CLI.binary.path, arguments + ["--pin-stdin"], input: input, in: folder)
        }
        let panel = try String(contentsOfFile: "\(CLI.panels)/youth-lots.toml", encoding: .utf8)
            + "\n[[member]]\nid = \"jay\"\nname = \"Jay Morgan\"\nrole = \"young\"\n"
            + "\n[[member]]\nid = \"amira-jay\"\nname = \"Amira and Jay\"\nrole = \"young\"\npair = [\"amira\", \"jay\"]\n"
        try panel.write(toFile: folder + "/lots-pair.toml", atomically: true, encoding: .utf8)
        var run = try bidpanel(["init", "lots-pair.toml", "--out", "yl.bidpanel"])
        try #require(run.status == 0, "\(run.err)")
        for (member, pin) in [("amira", Self.amiraPIN), ("jay", Self.jayPIN)] {
            run = try bidpanel(["members", "yl.bidpanel", "set-pin", member], input: "\(Self.chairPIN)\n\(pin)\n")
            try #require(run.status == 0, "\(run.err)")
        }
        try "bid,member,reason\nnone,amira-jay,\n".write(toFile: folder + "/conflicts.csv", atomically: true, encoding: .utf8)
        run = try bidpanel(["import", "yl.bidpanel", "--conflicts", "conflicts.csv"])
        try #require(run.status == 0, "\(run.err)")
        let tmux = try Tmux(#"cd '\#(folder)' && trap : INT; '\#(CLI.binary.path)' open yl.bidpanel; sleep 600"#)
        defer { tmux.kill() }
        try await tmux.waitFor("Who are you?")
        try tmux.type("amira and")
        try await tmux.waitFor("▸ Amira and Jay")
        try tmux.send("Enter")
        try await tmux.waitFor("PIN for Amira:")
        try tmux.type(Self.amiraPIN)
        try tmux.send("Enter")
        try await tmux.waitFor("PIN for Jay Morgan:")
        try tmux.type(Self.jayPIN)
        try tmux.send("Enter")
        try await tmux.waitFor("Lot north: North locality", "Lot south: South locality", "S2   Southbank Youth")
        try tmux.send("Down", "Down", "Down", "Enter") // S2, the last bid: under the south heading
        try await tmux.waitFor("Bid S2 (lot south) · Southbank Youth", "Step 1 of 1")
        try tmux.type("4")
        try await tmux.waitFor("✓ saved")
        let store = try EvaluationStore.open(path: folder + "/yl.bidpanel")
        let chair = try store.signIn(member: "chris", pin: Self.chairPIN)
        let values = try chair.scoreSheet().memberValues
        #expect(values.map(\.member) == ["amira-jay"] && values.first?.slot == Slot(bid: "S2", criterion: "experience"))
        #expect(try store.verifyAudit().isEmpty)
    }
}
