import BidpanelCore
import BidpanelFixtures
import BidpanelStore
import Foundation
import Testing

/// Issue 11: a 20-member panel (long, accented and wide names) moderated
/// by the chair at 80×24 in a real terminal: every member's value can be
/// reached, the chair's own score stays independent, and the agreed value
/// reaches the board.
@Suite("Large panel end to end", .serialized)
struct LargePanelEndToEndTests {
    /// Every member who scores records and submits bid B1, each value a little
    /// different, so the spread and the mean have work to do.
    static func scoreB1(store: EvaluationStore, panel: Panel) throws {
        for (index, member) in LargePanel.members.enumerated().dropFirst() where member.role != .observer {
            let session = try store.signIn(member: member.id, pin: LargePanel.pin(member.id))
            try session.declareConflicts([])
            for slot in session.slots(for: "B1") {
                guard let criterion = panel.criterion(id: slot.criterion) else { continue }
                let value: Value
                switch criterion.kind {
                case .scored:
                    let points = panel.scale(id: criterion.scaleID ?? "")?.points.map(\.value) ?? [.zero]
                    value = .scale(points[(index + 2) % points.count])
                case .ladder: value = .rung(index % panel.ladder.rungs.count)
                case .matrix: value = .level(index % panel.matrix.levels.count)
                case .passFail: value = .pass(index % 5 != 0)
                }
                try session.record(slot, value, comment: "Member \(index + 1) on \(slot.criterion)")
            }
            try session.submit(bid: "B1")
        }
    }

    @Test func theChairModeratesATwentyMemberPanelAt80x24() async throws {
        let folder = URL(fileURLWithPath: try CLI.temporary("README", "large panel end-to-end test\n"))
            .deletingLastPathComponent().path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let base = try String(contentsOfFile: "\(CLI.panels)/youth-services.toml", encoding: .utf8)
        let file = folder + "/large.bidpanel"
        let panel = try LargePanel.panel(base: base)
        try Self.scoreB1(store: try LargePanel.create(at: file, base: base), panel: panel)

        let chair = try Tmux("cd '\(folder)' && '\(CLI.binary.path)' open '\(file)'; sleep 600")
        defer { chair.kill() }
        try await chair.signInChair(find: "priy", name: "Priyanka Venkataraman-Oyelaran",
                                    pin: LargePanel.pin(LargePanel.members[0].id))
        // 17 scorers besides the chair, 18 with the chair: the columns scroll.
        try await chair.waitFor("Panel board", "bids 1–", "of 60", "of 18 ←→")

        try chair.send("Enter")
        // The chair scores B1 too: others' values stay hidden until they say
        // they are not scoring it (or submit their own).
        let hidden = try await chair.waitFor("Moderate · Bid B1", "Item 1 of 12")
        #expect(!hidden.contains("Dr Bartholomew"), "others' values show before the chair has scored:\n\(hidden)")
        try chair.type("i")
        try await chair.waitFor("not scoring")
        try chair.type("y")
        let first = try await chair.waitFor("Fitzwilliam-Ashcombe", "3 Good", "of 18 ↓")
        // The list scrolls to the last member who scores, whole.
        var page = first
        for _ in 0..<10 where !page.contains("Ceallaigh-Fitzgerald") {
            try chair.send("PageDown")
            try await Task.sleep(nanoseconds: 200_000_000)
            page = try chair.screen()
        }
        // A long name wraps under itself, at a space: never cut.
        #expect(Tmux.rows(page).contains { $0.contains("Tomás Ó") && $0.contains("1 Poor") }
                && page.contains("Ceallaigh-Fitzgerald"), "the last scorer is never reached whole:\n\(page)")
        #expect(page.contains("Members' mean:") && page.contains("over all 17 values in"), "\(page)")

        try chair.type("3")
        try await chair.waitFor("Enter save agreed value")
        try chair.type("The panel agreed on the evidence of local work")
        try chair.send("Enter")
        try await chair.waitFor("Agreed and saved.")
        try chair.send("Escape")
        let board = try await chair.waitFor("Panel board")
        #expect(Tmux.rows(board).contains { $0.contains("B1") && $0.contains("1/12") }, "\(board)")
        // The cursor sits on the bid in focus, not somewhere stray.
        let cursor = try chair.cursor()
        #expect(Tmux.rows(board)[cursor.y].contains("B1"), "cursor at \(cursor) on:\n\(board)")
    }
}
