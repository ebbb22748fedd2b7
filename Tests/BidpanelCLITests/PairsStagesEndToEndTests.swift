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
    static let pairPINs = [(prompt: "PIN for Amira:", pin: amiraPIN), (prompt: "PIN for Jay Morgan:", pin: jayPIN)]

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
        try StagesDay.writtenScores(young: "amira-jay").write(toFile: folder + "/written.csv", atomically: true, encoding: .utf8)
        run = try bidpanel(["import", "ys.bidpanel", "--scores", "written.csv", "--conflicts", "conflicts.csv"])
        try #require(run.status == 0, "\(run.err)")

        let member = try StagesDay.terminal(folder: folder, file: "ys.bidpanel", tag: "pair")
        defer { member.kill() }
        let chair = try StagesDay.terminal(folder: folder, file: "ys.bidpanel", tag: "chair")
        defer { chair.kill() }

        // Amira and Jay sign in together during stage 1, each with their own PIN.
        try await StagesDay.signIn(member, find: "amira and", chosen: "Amira and Jay", pins: Self.pairPINs)
        try await member.waitFor("Amira and Jay", "Part 1 of 2: Written bids. Score every bid.")
        try await StagesDay.chairSignsOffStageOne(chair, pin: Self.chairPIN)
        // The pair's screen follows with no key pressed; B1 is shortlisted.
        try await StagesDay.youngScoresTheInterview(member)

        let store = try EvaluationStore.open(path: folder + "/ys.bidpanel")
        let session = try store.signIn(member: "chris", pin: Self.chairPIN)
        let values = try session.scoreSheet().memberValues.filter { $0.slot == Slot(bid: "B1", criterion: "questions") }
        #expect(values.map(\.member) == ["amira-jay"] && values.first?.value == .scale(Exact(4)))
        #expect(try session.auditEntries().last { $0.action == "record" }?.actor == "amira+jay")
        #expect(try store.verifyAudit().isEmpty)
        StagesDay.expectNoCrash(folder: folder)
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
        try await StagesDay.signIn(tmux, find: "amira and", chosen: "Amira and Jay", pins: Self.pairPINs)
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
