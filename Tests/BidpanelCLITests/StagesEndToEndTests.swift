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
        try StagesDay.writtenScores(young: "amira").write(toFile: folder + "/written.csv", atomically: true, encoding: .utf8)
        run = try bidpanel(["import", "ys.bidpanel", "--scores", "written.csv", "--conflicts", "conflicts.csv"])
        try #require(run.status == 0, "\(run.err)")

        let member = try StagesDay.terminal(folder: folder, file: "ys.bidpanel", tag: "member")
        defer { member.kill() }
        let chair = try StagesDay.terminal(folder: folder, file: "ys.bidpanel", tag: "chair")
        defer { chair.kill() }

        // Amira signs in during stage 1 (she declared on paper).
        try await StagesDay.signIn(member, find: "am", chosen: "Amira", pins: [("PIN for Amira:", Self.amiraPIN)])
        try await member.waitFor("Part 1 of 2: Written bids. Score every bid.")
        try await StagesDay.chairSignsOffStageOne(chair, pin: Self.chairPIN)
        // Amira's screen follows with no key pressed.
        try await StagesDay.youngScoresTheInterview(member)

        let store = try EvaluationStore.open(path: folder + "/ys.bidpanel")
        let session = try store.signIn(member: "chris", pin: Self.chairPIN)
        let value = try session.scoreSheet().memberValues.first { $0.member == "amira" && $0.slot == Slot(bid: "B1", criterion: "questions") }
        #expect(value?.value == .scale(Exact(4)))
        #expect(try store.verifyAudit().isEmpty)
        StagesDay.expectNoCrash(folder: folder)
    }
}
