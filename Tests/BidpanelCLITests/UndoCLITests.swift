import BidpanelCore
import BidpanelStore
import Foundation
import Testing

/// `bidpanel reopen` and `bidpanel conflicts … withdraw` through the real
/// binary, on the youth example as a chair's script would make it.
@Suite("Undo command line")
struct UndoCLITests {
    static let chairPIN = "2468"

    func bidpanel(_ arguments: [String], in folder: URL) throws -> CLI.Run {
        try Tmux.run(CLI.binary.path, arguments, input: Self.chairPIN + "\n", in: folder.path)
    }

    /// The evaluation in its folder, with the chair and Zoë signed in to it.
    func evaluation(_ name: String) throws -> (URL, chair: MemberSession, zoe: MemberSession) {
        let folder = try CLI.youthEvaluation(named: name) { try bidpanel($0, in: $1) }
        let store = try EvaluationStore.open(path: folder.appendingPathComponent("ys.bidpanel").path)
        let chair = try store.signIn(member: "priya", pin: Self.chairPIN)
        try chair.setPIN(for: "zoe", to: "1357")
        return (folder, chair, try store.signIn(member: "zoe", pin: "1357"))
    }

    @Test func theChairReopensAMembersSubmittedBidAndTheAuditStillVerifies() throws {
        let (folder, chair, zoe) = try evaluation("reopen")
        defer { try? FileManager.default.removeItem(at: folder) }
        let reason = "Zoë pressed submit before she had read the outcomes answer again"
        var run = try bidpanel(["reopen", "ys.bidpanel", "--bid", "B1", "--member", "zoe", "--reason", reason, "--pin-stdin"], in: folder)
        #expect(run.status == 1 && run.err.contains("zoe has not submitted bid B1, so it is open already"), "\(run.err)")
        try zoe.submit(bid: "B1")
        run = try bidpanel(["reopen", "ys.bidpanel", "--bid", "B1", "--member", "zoey", "--reason", reason, "--pin-stdin"], in: folder)
        #expect(run.status == 1 && run.err.contains("did you mean \"zoe\""), "\(run.err)")
        // An id pasted with an escape sequence is shown, not obeyed.
        run = try bidpanel(["reopen", "ys.bidpanel", "--bid", "B1", "--member", "zoe\u{1B}[2J", "--reason", reason, "--pin-stdin"], in: folder)
        #expect(run.status == 1 && run.err.contains("is not a member of this panel") && !run.err.contains("\u{1B}"), "\(run.err)")
        run = try bidpanel(["reopen", "ys.bidpanel", "--bid", "b1", "--member", "zoe", "--reason", reason, "--pin-stdin"], in: folder)
        #expect(run.status == 1 && run.err.contains("did you mean \"B1\""), "\(run.err)")
        run = try bidpanel(["reopen", "ys.bidpanel", "--bid", "B1", "--member", "zoe", "--reason", " ", "--pin-stdin"], in: folder)
        #expect(run.status == 2 && run.err.contains("--reason is empty"), "\(run.err)")

        run = try bidpanel(["reopen", "ys.bidpanel", "--bid", "B1", "--member", "zoe", "--reason", reason, "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("Reopened bid B1 (") && run.out.contains("for Zoë"), "\(run.out)")
        try zoe.record(Slot(bid: "B1", criterion: "experience"), .scale(2), comment: "Changed after a second reading")
        run = try bidpanel(["audit", "ys.bidpanel", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains(reason), "the reason is in the audit listing")

        try zoe.submit(bid: "B1")
        try chair.signOff(anyway: "Members score elsewhere in this test")
        run = try bidpanel(["reopen", "ys.bidpanel", "--bid", "B1", "--member", "zoe", "--reason", reason, "--pin-stdin"], in: folder)
        #expect(run.status == 1 && run.err.contains("signed off and read-only"), "\(run.err)")
    }

    @Test func theChairWithdrawsAConflictAndTheMembersValuesCountAgain() throws {
        let (folder, chair, zoe) = try evaluation("withdraw")
        defer { try? FileManager.default.removeItem(at: folder) }
        try zoe.declareConflicts([(bid: "B2", reason: "My aunt is a trustee there")])
        let conflicted = try chair.result()
        let reason = "Her aunt is a trustee of a different charity with a similar name"
        var run = try bidpanel(["conflicts", "ys.bidpanel", "withdraw", "--bid", "B2", "--member", "kyle", "--reason", reason,
                                "--pin-stdin"], in: folder)
        #expect(run.status == 1 && run.err.contains("kyle has not declared a conflict with bid B2"), "\(run.err)")
        run = try bidpanel(["conflicts", "ys.bidpanel", "withdraw", "--bid", "B2", "--member", "zoe", "--reason", "",
                            "--pin-stdin"], in: folder)
        #expect(run.status == 2 && run.err.contains("--reason is empty"), "\(run.err)")

        run = try bidpanel(["conflicts", "ys.bidpanel", "withdraw", "--bid", "B2", "--member", "zoe", "--reason", reason,
                            "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("Withdrew Zoë") && run.out.contains("conflict with bid B2"), "\(run.out)")
        // Zoë's imported values for B2 count again: the totals are the engine's on the sheet without the conflict.
        let sheet = try chair.scoreSheet()
        #expect(sheet.conflicts.isEmpty)
        #expect(try chair.result() == ScoringEngine.score(EvaluationStore.open(path: folder.appendingPathComponent("ys.bidpanel").path).panel, sheet))
        #expect(try chair.result().bid("B2") != conflicted.bid("B2"))
        run = try bidpanel(["audit", "ys.bidpanel", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let listing = run.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(listing.contains("with bid B2: conflict: My aunt is a trustee there → no conflict"), "\(listing)")
    }

    @Test func theHelpSaysWhatEachCommandDoes() throws {
        let members = try CLI.run(["members", "--help"])
        #expect(members.out.contains("Set or reset a member's PIN"), "\(members.out)")
        let conflicts = try CLI.run(["conflicts", "--help"])
        #expect(conflicts.out.contains("Withdraw a member's declared conflict"), "\(conflicts.out)")
        let top = try CLI.run(["--help"])
        #expect(top.out.contains("reopen") && top.out.contains("conflicts"), "\(top.out)")
    }
}
