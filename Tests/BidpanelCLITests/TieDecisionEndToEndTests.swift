import Foundation
import Testing

/// The chair decides a tied lot on the totals screen of the real binary in
/// a tmux window at 80×24: D, a bid, a reason, the lot awarded; U undoes it
/// with a reason; `bidpanel audit` lists both.
@Suite("Lots: the chair decides a tied lot on screen, end to end", .serialized)
struct TieDecisionEndToEndTests {
    static let decideReason = "Wider reach in the north"
    static let undoReason = "Decided before the meeting voted"

    @Test func theChairDecidesATiedLotThenUndoesItAndTheAuditListsBoth() async throws {
        // youth-lots with N2 priced as N1 and marked alike: north is tied (as TieDecisionCLITests).
        let text = try String(contentsOfFile: "\(CLI.panels)/youth-lots.toml", encoding: .utf8)
            .replacingOccurrences(of: "price = 80000\nlot = \"north\"", with: "price = 90000\nlot = \"north\"")
        let panelPath = try CLI.temporary("tied.toml", text)
        let folder = URL(fileURLWithPath: panelPath).deletingLastPathComponent().path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let scores = "bid,criterion,member,value,principle,comment\n"
            + [("N1", 4, 3), ("N2", 4, 3), ("S1", 5, 4), ("S2", 3, 3)].map { bid, experience, delivery in
                "\(bid),experience,chris,\(experience),,\n\(bid),experience,amira,\(experience),,\n\(bid),delivery,chris,\(delivery),,\n"
            }.joined()
        try scores.write(toFile: folder + "/scores.csv", atomically: true, encoding: .utf8)
        try "bid,member,reason\nnone,chris,\nnone,amira,\n".write(toFile: folder + "/none.csv", atomically: true, encoding: .utf8)
        let pin = LotsEvaluationCLITests.pin
        func run(_ arguments: [String]) throws -> CLI.Run { try Tmux.run(CLI.binary.path, arguments, input: pin + "\n" + pin + "\n", in: folder) }
        try #require(try run(["init", panelPath, "--out", "tied.bidpanel", "--pin-stdin"]).status == 0)
        let imported = try run(["import", "tied.bidpanel", "--scores", "scores.csv", "--conflicts", "none.csv", "--pin-stdin"])
        try #require(imported.status == 0, "\(imported.err)")

        let chair = try StagesDay.terminal(folder: folder, file: "tied.bidpanel", tag: "chair")
        defer { chair.kill() }
        try await StagesDay.signIn(chair, find: "ch", chosen: "Chris", pins: [("PIN for Chris:", pin)])
        try await chair.waitFor("Panel board")
        try chair.type("t")
        try await chair.waitFor("Tied: lot north. D decides which bid wins.")

        // D, then Tab picks N2, then the reason.
        try chair.type("d")
        try await chair.waitFor("Lot north is tied:")
        try chair.send("Tab")
        try await chair.waitFor("Lot north is tied: N1 [N2] · N2 wins. Why:")
        try chair.type(Self.decideReason)
        try chair.send("Enter")
        try await chair.waitFor("Lot north goes to N2, your decision.")
        try chair.send("End")
        try await chair.waitFor("north: N2 Northgate Trust, the chair's decision: the lot was tied")
        let decided = try chair.screen()
        #expect(!decided.contains("Tied: lot north. D decides"), "\(decided)")

        // U undoes it, with a reason: the lot is tied again.
        try chair.type("u")
        try await chair.waitFor("Undo your decision on lot north (N2)? Why:")
        try chair.type(Self.undoReason)
        try chair.send("Enter")
        try await chair.waitFor("Tied: lot north.")
        // Every row of the screen fits the 80 columns of the window.
        for row in Tmux.rows(try chair.screen()) { #expect(row.count <= 80, "\(row)") }
        StagesDay.expectNoCrash(folder: folder)

        let audit = try run(["audit", "tied.bidpanel", "--pin-stdin"])
        #expect(audit.status == 0, "\(audit.err)")
        let listing = audit.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(listing.contains("decided the tie in lot north"), "\(audit.out)")
        #expect(listing.contains("undid the decision on the tie in lot north"), "\(audit.out)")
        #expect(listing.contains(Self.decideReason) && listing.contains(Self.undoReason), "\(audit.out)")
    }
}
