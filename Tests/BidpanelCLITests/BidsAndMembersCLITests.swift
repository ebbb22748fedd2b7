import BidpanelCore
import BidpanelStore
import Foundation
import Testing

/// `bidpanel bids … withdraw|disqualify|reinstate` and `bidpanel members …
/// add` through the real binary, on the youth example as imported.
@Suite("Bids and members command line")
struct BidsAndMembersCLITests {
    static let chairPIN = "2468"

    func bidpanel(_ arguments: [String], in folder: URL, input: String = chairPIN + "\n") throws -> CLI.Run {
        try Tmux.run(CLI.binary.path, arguments, input: input, in: folder.path)
    }

    func evaluation(_ name: String) throws -> (URL, path: String) {
        let folder = try CLI.youthEvaluation(named: name) { try bidpanel($0, in: $1) }
        return (folder, folder.appendingPathComponent("ys.bidpanel").path)
    }

    @Test func theChairWithdrawsTheLeadingBidAndEveryOutputSaysWhy() throws {
        let (folder, path) = try evaluation("bids")
        defer { try? FileManager.default.removeItem(at: folder) }
        let chair = try EvaluationStore.open(path: path).signIn(member: "priya", pin: Self.chairPIN)
        let before = try chair.result()
        let leader = try #require(before.bids.first { $0.rank == 1 }).bid
        let second = try #require(before.bids.first { $0.rank == 2 }).bid
        let reason = "Letter from the bidder's director, 3 March: they can no longer deliver the service"

        var run = try bidpanel(["bids", "ys.bidpanel", "withdraw", "--bid", leader.id, "--reason", "  ", "--pin-stdin"], in: folder)
        #expect(run.status == 2 && run.err.contains("--reason is empty"), "\(run.err)")
        run = try bidpanel(["bids", "ys.bidpanel", "withdraw", "--bid", leader.id.lowercased(), "--reason", reason, "--pin-stdin"], in: folder)
        #expect(run.status == 1 && run.err.contains("did you mean \"\(leader.id)\""), "\(run.err)")
        run = try bidpanel(["bids", "ys.bidpanel", "reinstate", "--bid", leader.id, "--reason", reason, "--pin-stdin"], in: folder)
        #expect(run.status == 1 && run.err.contains("nothing to reinstate"), "\(run.err)")
        run = try bidpanel(["bids", "ys.bidpanel", "withdraw", "--bid", leader.id, "--reason", reason, "--pin-stdin"], in: folder, input: "0000\n")
        #expect(run.status == 1, "a wrong PIN changes nothing: \(run.err)")
        #expect(try chair.result() == before)

        run = try bidpanel(["bids", "ys.bidpanel", "withdraw", "--bid", leader.id, "--reason", reason, "--pin-stdin"], in: folder)
        #expect(run.status == 0 && run.out.contains("is now withdrawn by the bidder"), "\(run.err)")
        let after = try chair.result()
        #expect(after.bid(leader.id)?.rank == nil && after.bid(second.id)?.rank == 1)
        #expect(after.bid(leader.id)?.qualityMarks == before.bid(leader.id)?.qualityMarks, "its values still count for its own marks")
        #expect(after == ScoringEngine.score(chair.store.panel, try chair.scoreSheet()))

        run = try bidpanel(["report", "ys.bidpanel", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let report = run.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(report.contains("withdrawn by the bidder: \(reason)"), "\(run.out)")
        run = try bidpanel(["report", "ys.bidpanel", "--format", "json", "--pin-stdin"], in: folder)
        #expect(run.status == 0 && run.out.contains(#""standing": "withdrawn""#) && run.out.contains(reason), "\(run.err)")
        run = try bidpanel(["report", "ys.bidpanel", "--format", "csv", "--pin-stdin"], in: folder)
        let row = try #require(run.out.split(separator: "\n").first { $0.contains(",\(leader.id),") })
        #expect(row.hasPrefix(",") && row.contains("withdrawn by the bidder: \(reason)"), "\(row)")
        run = try bidpanel(["summaries", "ys.bidpanel", "--out", "summaries", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("summaries").path)
        let name = try #require(files.first { $0.hasPrefix("\(leader.id)-") })
        let summary = try String(contentsOf: folder.appendingPathComponent("summaries/\(name)"), encoding: .utf8)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(summary.contains("it was withdrawn from the competition after the panel began its evaluation"), "\(summary)")
        #expect(summary.contains(reason))
        run = try bidpanel(["audit", "ys.bidpanel", "--pin-stdin"], in: folder)
        #expect(run.status == 0 && run.out.contains("as withdrawn by the bidder"), "\(run.err)")

        run = try bidpanel(["bids", "ys.bidpanel", "reinstate", "--bid", leader.id, "--reason", "The letter was withdrawn", "--pin-stdin"], in: folder)
        #expect(run.status == 0 && run.out.contains("back in the competition"), "\(run.err)")
        #expect(try chair.result() == before)
        try chair.signOff(anyway: "Signing off with members yet to submit, for this test")
        run = try bidpanel(["bids", "ys.bidpanel", "disqualify", "--bid", leader.id, "--reason", reason, "--pin-stdin"], in: folder)
        #expect(run.status == 1 && run.err.contains("signed off and read-only"), "status \(run.status) out \(run.out) err \(run.err)")
        #expect(try EvaluationStore.open(path: path).verifyAudit() == [])
    }

    @Test func theChairAddsAMemberGivesThemAPINAndTheyCanSignIn() throws {
        let (folder, path) = try evaluation("members")
        defer { try? FileManager.default.removeItem(at: folder) }
        let name = "Samira Okonkwo-Fitzgerald (Youth Voice)"
        var run = try bidpanel(["members", "ys.bidpanel", "add", "sam", "--name", name, "--pin-stdin"], in: folder)
        #expect(run.status == 2 && run.err.contains("--role"), "\(run.err)")
        run = try bidpanel(["members", "ys.bidpanel", "add", "sam", "--name", name, "--role", "chair", "--reason", "r", "--pin-stdin"], in: folder)
        #expect(run.status == 2 && run.err.contains("--role officer"), "\(run.err)")
        run = try bidpanel(["members", "ys.bidpanel", "add", "zoe", "--name", name, "--role", "young", "--reason", "r", "--pin-stdin"], in: folder)
        #expect(run.status == 1 && run.err.contains("already a member \"zoe\""), "\(run.err)")

        run = try bidpanel(["members", "ys.bidpanel", "add", "sam", "--name", name, "--role", "young",
                            "--reason", "Joins in place of Kyle, who is ill", "--pin-stdin"], in: folder)
        #expect(run.status == 0 && run.out.contains("as a young assessor") && run.out.contains("set-pin sam"), "\(run.err)")
        run = try bidpanel(["members", "ys.bidpanel", "set-pin", "sam", "--pin-stdin"], in: folder, input: "\(Self.chairPIN)\n1593\n")
        #expect(run.status == 0 && run.out.contains("PIN set for Samira"), "\(run.err)")
        let store = try EvaluationStore.open(path: path)
        #expect(try store.verifyAudit() == [])
        let sam = try store.signIn(member: "sam", pin: "1593")
        #expect(sam.member.role == .young && !sam.slots(for: "B1").isEmpty)
        run = try bidpanel(["audit", "ys.bidpanel", "--pin-stdin"], in: folder)
        let listing = run.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(run.status == 0 && listing.contains("added \(name) (sam) to the panel") && listing.contains("set the PIN of \(name) (sam)"), "\(run.out)")
        #expect(listing.contains("Joins in place of Kyle"))
        #expect(listing.contains("Chain verified"), "\(run.out)")
    }
}

/// A member added after `init` signs in on the real terminal and scores.
@Suite("Terminal end to end: a member added after init", .serialized)
struct AddedMemberTerminalTests {
    @Test func theAddedMemberSignsInAtTheTerminalAndTheirValueIsSaved() async throws {
        let evaluation = try Evaluation(pins: [:])
        defer { evaluation.remove() }
        let name = "Samira Okonkwo-Fitzgerald"
        var run = try evaluation.bidpanel(["members", evaluation.file, "add", "sam", "--name", name, "--role", "young",
                                           "--reason", "Joins in place of Kyle", "--pin-stdin"], input: Evaluation.chairPIN + "\n")
        try #require(run.status == 0, "\(run.err)")
        run = try evaluation.bidpanel(["members", evaluation.file, "set-pin", "sam", "--pin-stdin"], input: "\(Evaluation.chairPIN)\n8024\n")
        try #require(run.status == 0, "\(run.err)")

        let tmux = try Tmux(evaluation.script)
        defer { tmux.kill() }
        try await tmux.openB1(find: "sam", name: name, pin: "8024")
        try tmux.send("4")
        try await tmux.waitFor("✓ saved")
        try tmux.send("C-c")
        try await tmux.waitFor("bidpanel closed")
        #expect(try await evaluation.exitStatus() == 0)
        let saved = try evaluation.scores(member: "sam", bid: "B1")
        #expect(saved.count == 1 && saved.first?.prefix(4) == ["B1", "experience", "sam", "4"], "\(saved)")
        run = try evaluation.bidpanel(["audit", evaluation.file, "--pin-stdin"], input: Evaluation.chairPIN + "\n")
        #expect(run.status == 0 && run.out.contains("Chain verified"), "\(run.out)")
    }
}
