import Foundation
import Testing

/// The real `bidpanel open` on a tender in lots (panels/youth-lots.toml), in
/// tmux at 80×24: a young assessor walks the bids lot by lot and scores one
/// in the second lot; then the chair's totals show each lot and who wins it.
@Suite("Terminal end to end: lots", .serialized)
struct LotsEndToEndTests {
    static let amiraPIN = "7391"

    @Test func aMemberWalksTheBidsByLotAndTheChairSeesTotalsPerLot() async throws {
        let evaluation = try Evaluation(pins: ["amira": Self.amiraPIN], panel: "youth-lots.toml")
        defer { evaluation.remove() }
        do {
            let tmux = try Tmux(evaluation.script)
            defer { tmux.kill() }
            try await tmux.waitFor("Who are you?")
            try tmux.type("am")
            try await tmux.waitFor("▸ Amira")
            try tmux.send("Enter")
            try await tmux.waitFor("PIN for Amira:")
            try tmux.type(Self.amiraPIN)
            try tmux.send("Enter")
            try await tmux.waitFor("▸ I have no conflicts")
            try tmux.send("Enter")
            try tmux.type("y")
            let list = try await tmux.waitFor("The bids", "Lot north: North locality", "Lot south: South locality", "▸ N1")
            let rows = Tmux.rows(list)
            let order = ["Lot north: North locality", " N1 ", " N2 ", "Lot south: South locality", " S1 ", " S2 "]
                .map { text in rows.firstIndex { $0.contains(text) } }
            #expect(order.allSatisfy { $0 != nil } && order.map { $0 ?? -1 } == order.map { $0 ?? -1 }.sorted(), "\(list)")
            try tmux.send("Down")
            try await tmux.waitFor("▸ N2")
            try tmux.send("Down")
            try await tmux.waitFor("▸ S1")   // past the north's last bid, straight to the south's first
            try tmux.send("Enter")
            try await tmux.waitFor("Bid S1 (lot south) · Riverside Youth Arts", "Step 1 of 1")
            try tmux.send("4")
            try await tmux.waitFor("✓ saved")
            try tmux.send("C-c")
            try await tmux.waitFor("bidpanel closed")
            #expect(try await evaluation.exitStatus() == 0)
        }
        // Everyone else's values from paper (Amira's S1 value is already in, the same).
        try "bid,member,reason\nnone,chris,\n".write(toFile: evaluation.folder + "/none.csv", atomically: true, encoding: .utf8)
        let imported = try evaluation.bidpanel(["import", evaluation.file, "--scores", "\(CLI.panels)/youth-lots-scores.csv",
                                                "--conflicts", "none.csv", "--pin-stdin"], input: Evaluation.chairPIN + "\n")
        #expect(imported.status == 0, "\(imported.err)")
        #expect(imported.out.contains("11 new, 0 replaced, 1 already there"), "\(imported.out)")

        try? FileManager.default.removeItem(atPath: evaluation.folder + "/code.txt")
        let chair = try Tmux(evaluation.script)
        defer { chair.kill() }
        try await chair.waitFor("Who are you?")
        try chair.type("ch")
        try await chair.waitFor("▸ Chris")
        try chair.send("Enter")
        try await chair.waitFor("PIN for Chris:")
        try chair.type(Evaluation.chairPIN)
        try chair.send("Enter")
        try await chair.waitFor("Panel board", "N1 (lot north)")
        try chair.send("t")
        let totals = try await chair.waitFor("Totals", "Lot north: North locality", "1 N1  Riverside Youth Arts")
        #expect(!totals.contains("S1"), "north's table shows only north's bids:\n\(totals)")
        try chair.send("End")
        try await chair.waitFor("Who wins each lot", "south: S2 Southbank Youth", "passed over: S1 (rank 1)")
        try chair.send("C-c")
        try await chair.waitFor("bidpanel closed")
        #expect(try await evaluation.exitStatus() == 0)
    }
}
