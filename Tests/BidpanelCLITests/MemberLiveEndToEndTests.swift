import BidpanelCore
import BidpanelStore
import Foundation
import Testing

/// A member signed in at a real terminal (tmux, 80×24) while the chair, at
/// another terminal, reopens the bid she submitted from the board; she
/// changes a value and sends it in again, and the chair's board follows.
/// Then the chair signs off: her screen turns read-only with no key pressed.
@Suite("Member screens follow the file", .serialized)
struct MemberLiveEndToEndTests {
    static let zoePIN = "2580"

    @Test func theChairReopensASubmittedBidThenSignsOffWhileTheMemberIsSignedIn() async throws {
        let evaluation = try Evaluation(pins: ["zoe": Self.zoePIN])
        defer { evaluation.remove() }
        // Every value agreed on paper, so the chair can sign off later.
        let imported = try evaluation.bidpanel(["import", evaluation.file, "--moderated", "\(CLI.panels)/youth-services-moderated.csv",
                                                "--pin-stdin"], input: Evaluation.chairPIN + "\n")
        try #require(imported.status == 0, "\(imported.err)")
        let tmux = try Tmux(evaluation.script)
        defer { tmux.kill() }
        try await tmux.openB1(find: "zo", name: "Zoë Clarke", pin: Self.zoePIN)

        for (index, key) in ["4", "3", "5", "2", "3", "1", "0", "6"].enumerated() {
            try await tmux.waitUntil("step \(index + 1) of 8, not scored yet") { screen, _ in
                screen.contains("Step \(index + 1) of 8") && screen.contains("not scored yet")
            }
            try tmux.send(key)
            try await tmux.waitFor("✓ saved")
            try tmux.send("Enter")
        }
        try await tmux.waitFor("Review", "8 of 8 scored")
        try tmux.send("s")
        try await tmux.waitFor("Y yes")
        try tmux.type("y")
        try await tmux.waitFor("Bid B1 is sent in")

        // The chair, at another terminal, reopens it from the board.
        let chairTerminal = try Tmux(evaluation.script(tag: "chair"))
        defer { chairTerminal.kill() }
        try await chairTerminal.signInChair()
        try await chairTerminal.waitFor("Panel board")
        for _ in 0..<3 { try chairTerminal.send("Right") } // Priya, David, Helen, Zoë
        try await chairTerminal.waitFor("B1 · Zoë Clarke, young assessor: submitted (R reopens it)")
        try chairTerminal.type("r")
        try await chairTerminal.waitFor("Why reopen B1 for Zoë Clarke?")
        try chairTerminal.type("Zoë asked to look at her first score again")
        try chairTerminal.send("Enter")
        try await chairTerminal.waitFor("Reopened B1 for Zoë Clarke.")
        let reopened = try await tmux.waitFor("The chair opened bid B1 again for you.")
        #expect(Tmux.rows(reopened).contains { $0.contains("B1") && $0.contains("8 of 8 scored") })

        // She changes a value and sends the bid in again.
        try tmux.send("Home")
        try await tmux.waitFor("▸ B1")
        try tmux.send("Enter")
        try await tmux.waitFor("Step 1 of 8", "✓ saved")
        try tmux.send("5")
        try await tmux.waitFor("Saved: 5 Excellent")
        try tmux.send("Escape") // from the comment line back to the scale, where R is the review
        try tmux.type("r")
        try await tmux.waitFor("Review", "8 of 8 scored")
        try tmux.send("s")
        try await tmux.waitFor("Y yes")
        try tmux.type("y")
        try await tmux.waitFor("Bid B1 is sent in")
        // The chair's board follows, with no key pressed there.
        try await chairTerminal.waitFor("B1 · Zoë Clarke, young assessor: submitted (R reopens it)")
        let store = try EvaluationStore.open(path: evaluation.file)
        let zoe = try store.signIn(member: "zoe", pin: Self.zoePIN)
        #expect(try zoe.myValues(bid: "B1").first { $0.slot.criterion == "experience" }?.value == .scale(Exact(5)))
        #expect(try zoe.myProgress()["B1"]?.submitted == true)

        // She opens B2; the chair signs off; her screen turns read-only.
        try tmux.send("Enter")
        try await tmux.waitFor("Bid B2", "not scored yet")
        let chair = try store.signIn(member: "priya", pin: Evaluation.chairPIN)
        _ = try chair.signOff(anyway: "Signing off with members yet to submit, for this test")
        let signedOff = Date()
        try await tmux.waitFor("signed off: read only", "The panel has finished.")
        print("sign-off on the member's screen after \(String(format: "%.2f", Date().timeIntervalSince(signedOff))) s (tmux polling included)")
        try tmux.send("3")
        try await tmux.waitFor("The panel has finished, so scores cannot change now.")
        #expect(try zoe.myValues(bid: "B2").isEmpty)
    }
}
