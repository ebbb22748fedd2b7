import BidpanelCore
import BidpanelStore
import Foundation
import Testing

/// A panel with a pair of young assessors (panels/youth-pair.toml), from the
/// command line and at a real terminal (tmux, 80×24).
@Suite("Pairs end to end", .serialized)
struct PairsEndToEndTests {
    static let amiraPIN = "4826", jayPIN = "7391"

    @Test func initMembersImportAndReportTreatThePairAsOneScorer() throws {
        let folder = URL(fileURLWithPath: try CLI.temporary("README", "pairs\n")).deletingLastPathComponent().path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/pair.bidpanel"
        func bidpanel(_ arguments: [String], _ input: String) throws -> CLI.Run {
            try Tmux.run(CLI.binary.path, arguments, input: input, in: folder)
        }
        let made = try bidpanel(["init", "\(CLI.panels)/youth-pair.toml", "--out", file, "--pin-stdin"], "2468\n")
        try #require(made.status == 0, "\(made.err)")
        #expect(made.out.contains("set-pin amira   # Amira Hassan, young"))
        #expect(made.out.contains("Amira Hassan and Jay Morgan sign in together as one pair (amira-jay)"))
        #expect(!made.out.contains("set-pin amira-jay"))
        #expect(made.out.contains("a pair has no PIN of its own"))

        let pairPIN = try bidpanel(["members", file, "set-pin", "amira-jay", "--pin-stdin"], "2468\n5555\n")
        #expect(pairPIN.status == 1)
        #expect(pairPIN.err.contains("has no PIN of its own") && pairPIN.err.contains("set-pin amira"), "\(pairPIN.err)")
        for (member, pin) in [("amira", Self.amiraPIN), ("jay", Self.jayPIN)] {
            let set = try bidpanel(["members", file, "set-pin", member, "--pin-stdin"], "2468\n\(pin)\n")
            try #require(set.status == 0, "\(set.err)")
        }

        let conflicts = try CLI.temporary("conflicts.csv", "bid,member,reason\nnone,amira-jay,\n")
        let own = try CLI.temporary("own.csv", "bid,criterion,member,value,principle,comment\nB1,experience,amira,3,,\n")
        let refused = try bidpanel(["import", file, "--scores", own, "--conflicts", conflicts, "--pin-stdin"], "2468\n")
        #expect(refused.status == 1)
        #expect(refused.err.contains("\(own):2") && refused.err.contains("write amira-jay in the member column"), "\(refused.err)")

        let paired = try CLI.temporary("paired.csv", "bid,criterion,member,value,principle,comment\nB1,experience,amira-jay,4,,Good youth forum\n")
        let taken = try bidpanel(["import", file, "--scores", paired, "--conflicts", conflicts, "--pin-stdin"], "2468\n")
        try #require(taken.status == 0, "\(taken.err)")

        let report = try bidpanel(["report", file, "--pin-stdin"], "2468\n")
        try #require(report.status == 0, "\(report.err)")
        #expect(report.out.contains("Amira and Jay"))
        #expect(!report.out.contains("Amira Hassan  ") && !report.out.contains("Jay Morgan  "))
        let audit = try bidpanel(["audit", file, "--pin-stdin"], "2468\n")
        try #require(audit.status == 0, "\(audit.err)")
        #expect(audit.out.contains("Amira Hassan (amira) and Jay Morgan (jay)"), "\(audit.out)")
    }

    @Test func aPairSignsInTogetherAtOneTerminalAndScoresABid() async throws {
        let evaluation = try Evaluation(pins: ["amira": Self.amiraPIN, "jay": Self.jayPIN], panel: "youth-pair.toml")
        defer { evaluation.remove() }
        let tmux = try Tmux(evaluation.script)
        defer { tmux.kill() }
        try await tmux.waitFor("Who are you?")
        // A person in the pair is taken to the pair's sign-in; Esc goes back to the names.
        try tmux.type("jay")
        try await tmux.waitFor("▸ Jay Morgan")
        try tmux.send("Enter")
        try await tmux.waitFor("Amira Hassan and Jay Morgan: each of you types your own PIN.", "PIN for Amira Hassan:")
        try tmux.send("Escape")
        try await tmux.waitFor("Who are you?")
        try tmux.send("Escape")
        try tmux.type("amira and")
        try await tmux.waitFor("▸ Amira and Jay")
        try tmux.send("Enter")
        try await tmux.waitFor("Amira Hassan and Jay Morgan: each of you types your own PIN.", "PIN for Amira Hassan:")
        try tmux.type(Self.amiraPIN)
        try tmux.send("Enter")
        try await tmux.waitFor("PIN for Jay Morgan:")
        // A wrong PIN for Jay: counted against Jay, and both start again.
        try tmux.type("0000")
        try tmux.send("Enter")
        try await tmux.waitFor("Wrong PIN for Jay Morgan. 4 more tries", "PIN for Amira Hassan:")
        try tmux.type(Self.amiraPIN)
        try tmux.send("Enter")
        try await tmux.waitFor("PIN for Jay Morgan:")
        try tmux.type(Self.jayPIN)
        try tmux.send("Enter")
        try await tmux.waitFor("If either of you has a conflict", "▸ I have no conflicts")
        try tmux.send("Enter")
        try await tmux.waitFor("Y yes, N no")
        try tmux.type("y")
        try await tmux.waitFor("The bids", "▸ B1   Northgate Youth Collective")
        try tmux.send("Enter")
        try await tmux.waitFor("Step 1 of", "not scored yet")
        try tmux.send("4")
        try await tmux.waitFor("✓ saved")

        let store = try EvaluationStore.open(path: evaluation.file)
        let chair = try store.signIn(member: "priya", pin: Evaluation.chairPIN)
        let values = try chair.scoreSheet()
        #expect(values.value(of: "amira-jay", at: Slot(bid: "B1", criterion: "experience"))?.value == .scale(Exact(4)))
        let record = try #require(try chair.auditEntries().last { $0.action == "record" })
        #expect(record.actor == "amira+jay" && record.member == "amira-jay")
        #expect(try store.verifyAudit().isEmpty)
        let audit = try evaluation.bidpanel(["audit", evaluation.file, "--pin-stdin"], input: Evaluation.chairPIN + "\n")
        #expect(audit.out.contains("Amira Hassan (amira) and Jay Morgan (jay)"), "\(audit.out)")
    }
}
