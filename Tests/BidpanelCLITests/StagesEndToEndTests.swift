import BidpanelCore
import BidpanelStore
import Foundation
import Testing

/// A tender in stages in two tmux windows running the real binary: a young
/// assessor is signed in during stage 1, the chair signs the stage off on
/// the board (the panel moves to stage 2), and the young assessor, told so
/// on screen, scores the interview criterion for a shortlisted bid.
@Suite("Stages end to end", .serialized)
struct StagesEndToEndTests {
    static let chairPIN = "2468", amiraPIN = "2580"

    @Test func theChairMovesThePanelToStageTwoAndAYoungAssessorScoresAnInterview() async throws {
        let folder = URL(fileURLWithPath: try CLI.temporary("README", "bidpanel stages end-to-end test\n"))
            .deletingLastPathComponent().path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func bidpanel(_ arguments: [String], input: String = Self.chairPIN + "\n") throws -> CLI.Run {
            try Tmux.run(CLI.binary.path, arguments + ["--pin-stdin"], input: input, in: folder)
        }
        var run = try bidpanel(["init", "\(CLI.panels)/youth-stages.toml", "--out", "ys.bidpanel"])
        try #require(run.status == 0, "\(run.err)")
        run = try bidpanel(["members", "ys.bidpanel", "set-pin", "amira"], input: "\(Self.chairPIN)\n\(Self.amiraPIN)\n")
        try #require(run.status == 0, "\(run.err)")
        try "bid,member,reason\nnone,chris,\nnone,tom,\nnone,amira,\n"
            .write(toFile: folder + "/conflicts.csv", atomically: true, encoding: .utf8)
        try "bid,criterion,member,value\nB1,plan,chris,4\nB1,plan,tom,4\nB1,plan,amira,5\nB2,plan,chris,3\nB2,plan,tom,3\nB2,plan,amira,3\nB3,plan,chris,2\nB3,plan,tom,1\nB3,plan,amira,2\n"
            .write(toFile: folder + "/written.csv", atomically: true, encoding: .utf8)
        run = try bidpanel(["import", "ys.bidpanel", "--scores", "written.csv", "--conflicts", "conflicts.csv"])
        try #require(run.status == 0, "\(run.err)")

        func script(_ tag: String) -> String {
            #"cd '\#(folder)' && trap : INT; "#
                + #"BIDPANEL_CRASH_LOG='\#(folder)/crash.log' '\#(CLI.binary.path)' open ys.bidpanel; code=$?; "#
                + #"echo "exit=$code" > code-\#(tag).txt; sleep 600"#
        }
        let member = try Tmux(script("member"))
        defer { member.kill() }
        let chair = try Tmux(script("chair"))
        defer { chair.kill() }

        // Amira signs in during stage 1 (she declared on paper).
        try await member.waitFor("Who are you?")
        try member.type("am")
        try await member.waitFor("▸ Amira")
        try member.send("Enter")
        try await member.waitFor("PIN for Amira:")
        try member.type(Self.amiraPIN)
        try member.send("Enter")
        try await member.waitFor("Part 1 of 2: Written bids. Score every bid.")

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

        // Amira's screen follows with no key pressed.
        try await member.waitFor("Part 1 is finished. Now part 2: Interviews.", "Part 2 of 2: Interviews", "not picked")
        try member.send("Enter") // B1, in focus
        try await member.waitFor("Bid B1 · Riverside Youth Arts", "Step 1 of 1", "Did they answer our questions well?")
        try member.type("4")
        try await member.waitFor("✓ saved")

        let store = try EvaluationStore.open(path: folder + "/ys.bidpanel")
        let session = try store.signIn(member: "chris", pin: Self.chairPIN)
        let value = try session.scoreSheet().memberValues.first { $0.member == "amira" && $0.slot == Slot(bid: "B1", criterion: "questions") }
        #expect(value?.value == .scale(Exact(4)))
        #expect(try store.verifyAudit().isEmpty)
        let log = (try? String(contentsOfFile: folder + "/crash.log", encoding: .utf8)) ?? ""
        #expect(!log.contains("Backtrac") && !log.contains("crashed"), "\(log.prefix(500))")
    }
}
