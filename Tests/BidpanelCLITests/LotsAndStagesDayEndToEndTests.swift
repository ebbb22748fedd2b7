import BidpanelCore
import BidpanelStore
import Foundation
import Testing

/// The shipped lots-and-stages example (panels/youth-tender.toml: three
/// locality lots, written bids then interviews, the pair Amira and Jay)
/// through a whole panel day, in tmux windows running the real binary at
/// 80×24. The sample scores come in on paper for most values; David types
/// his written scores of one bid on screen and the pair, signed in during
/// stage 1, follows to stage 2 and types its interview of a shortlisted
/// bid. The chair checks each lot's shortlist and its rule on the totals,
/// signs stage 1 off, takes one bid off its lot's shortlist with a reason,
/// moderates one interview value and signs the evaluation off. The report,
/// written to a file, gives each lot and each stage with the engine's
/// figures.
@Suite("Lots and stages: a whole panel day end to end", .serialized)
struct LotsAndStagesDayEndToEndTests {
    static let chairPIN = "2468", davidPIN = "1357", amiraPIN = "4826", jayPIN = "7391"
    static let offReason = "The bidder cannot come to an interview"
    static let agreedReason = "Agreed after hearing Amira and Jay"

    /// The shipped scores of one stage, less the rows `leftOut` names.
    static func shippedRows(stage: String, leavingOut leftOut: (String) -> Bool) throws -> String {
        let text = try String(contentsOfFile: "\(CLI.panels)/youth-tender-scores.csv", encoding: .utf8)
        return LotsAndStagesCLITests.rows(of: text, stage: stage).split(separator: "\n").enumerated()
            .filter { $0.offset == 0 || !leftOut(String($0.element)) }.map { $0.element + "\n" }.joined()
    }

    @Test func theYouthTenderFromInitToTheSignedOffReport() async throws {
        let folder = URL(fileURLWithPath: try CLI.temporary("README", "bidpanel lots and stages day end-to-end test\n"))
            .deletingLastPathComponent().path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func bidpanel(_ arguments: [String], input: String = Self.chairPIN + "\n") throws -> CLI.Run {
            try Tmux.run(CLI.binary.path, arguments + ["--pin-stdin"], input: input, in: folder)
        }
        func write(_ name: String, _ text: String) throws { try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8) }

        // Before the meeting: the file, the PINs, the paper declarations and
        // the written scores but David's for N1, which he types on screen.
        var run = try bidpanel(["init", "\(CLI.panels)/youth-tender.toml", "--out", "yt.bidpanel"], input: "\(Self.chairPIN)\n")
        try #require(run.status == 0, "\(run.err)")
        for (member, pin) in [("david", Self.davidPIN), ("amira", Self.amiraPIN), ("jay", Self.jayPIN)] {
            run = try bidpanel(["members", "yt.bidpanel", "set-pin", member], input: "\(Self.chairPIN)\n\(pin)\n")
            try #require(run.status == 0, "\(run.err)")
        }
        try write("declarations.csv", LotsAndStagesCLITests.declarations)
        try write("written.csv", try Self.shippedRows(stage: "written") { $0.contains(",N1,") && $0.contains(",david,") })
        run = try bidpanel(["import", "yt.bidpanel", "--scores", "written.csv", "--conflicts", "declarations.csv"])
        try #require(run.status == 0 && run.out.contains("member values: 51 new"), "\(run.out)\(run.err)")

        let david = try StagesDay.terminal(folder: folder, file: "yt.bidpanel", tag: "david")
        defer { david.kill() }
        let pair = try StagesDay.terminal(folder: folder, file: "yt.bidpanel", tag: "pair")
        defer { pair.kill() }
        let chair = try StagesDay.terminal(folder: folder, file: "yt.bidpanel", tag: "chair")
        defer { chair.kill() }

        // David walks his bids lot by lot and scores N1's written bid.
        try await StagesDay.signIn(david, find: "da", chosen: "David Okafor", pins: [("PIN for David Okafor:", Self.davidPIN)])
        try await david.waitFor("Lot north: North locality", "Lot central: Town centre", "Lot south: South locality",
                                "▸ N1   Riverside Youth Arts     £125,000  not started")
        try david.send("Enter")
        for (step, value, label) in [(1, "4", "4 Very good"), (2, "5", "5 Excellent"), (3, "4", "4 Very good")] {
            try await david.waitFor("Bid N1 (lot north) · Riverside Youth Arts", "Step \(step) of 3")
            try david.type(value)
            try await david.waitFor("Step \(step) of 3", "✓ Saved: \(label)")
            try david.send("Enter")
        }
        try await david.waitFor("3 of 3 scored. Complete: press S to submit.")
        try david.type("s")
        try await david.waitFor("Submit bid N1?")
        try david.type("y")
        try await david.waitFor("N1   Riverside Youth Arts     £125,000  ✓ submitted")

        // The pair signs in together during stage 1: it scores only interviews.
        try await StagesDay.signIn(pair, find: "amira and", chosen: "Amira and Jay",
                                   pins: [("PIN for Amira Hassan:", Self.amiraPIN), ("PIN for Jay Morgan:", Self.jayPIN)])
        try await pair.waitFor("Amira and Jay · young assessor", "Part 1 of 2: Written bids.", "Lot south: South locality")

        // The chair reads each lot's shortlist with its rule before signing stage 1 off.
        try await StagesDay.signIn(chair, find: "pri", chosen: "Priya Shah", pins: [("PIN for Priya Shah:", Self.chairPIN)])
        try await chair.waitFor("Panel board", "Stage 1 of 2: Written bids · S signs it off")
        try chair.type("t")
        // Wait for the totals' own lines: the board has the lot and stage lines too,
        // and a PageDown before the totals are drawn scrolls nothing.
        try await chair.waitFor("Totals   What if", "Rank Bid Bidder", "lines 1–17 of")
        try chair.send("PageDown")
        try await chair.waitFor("Shortlist: the top 2 by quality marks", "goes on: N3, N1",
                                "not shortlisted: N2 (outside the top places)")
        try chair.send("Escape")
        try await chair.waitFor("Panel board", "S signs it off")
        try chair.type("s")
        try await chair.waitFor("Why sign off anyway?")
        try chair.type("Written bids scored on paper")
        try chair.send("Enter")
        try await chair.waitFor("Stage 2 of 2: Interviews · shortlist: top 2 in each lot", "Stage signed off. Write down: Audit seal",
                                "lot north: N1, N3")

        // One override: S3 off the south lot's shortlist, with the reason.
        try chair.send("Down", "Down", "Down", "Down", "Down", "Down", "Down", "Down")
        try await chair.waitFor("S3 (lot south)", "lot south: S2, S3")
        try chair.type("l")
        try await chair.waitFor("Why take S3 off the shortlist?")
        try chair.type(Self.offReason)
        try chair.send("Enter")
        try await chair.waitFor("S3 is now off the shortlist. The reason is kept in the audit log.")

        // The pair's screen follows with no key pressed: part 2, and S3 not picked.
        try await pair.waitFor("Part 2 of 2: Interviews.", "N2   Northgate Trust          not picked",
                               "S3   Southbank Skate Project  not picked", "N1   Riverside Youth Arts     not started")

        // The interviews on paper, but the pair's of N1 (and none for S3).
        try write("interviews.csv", try Self.shippedRows(stage: "interview") {
            ($0.contains(",N1,") && $0.contains(",amira-jay,")) || $0.contains(",S3,")
        })
        run = try bidpanel(["import", "yt.bidpanel", "--scores", "interviews.csv"])
        try #require(run.status == 0 && run.out.contains("member values: 18 new"), "\(run.out)\(run.err)")

        // The pair interviews N1 (north, shortlisted) on screen and sends it in.
        try pair.send("Enter")
        try await pair.waitFor("Bid N1 (lot north) · Riverside Youth Arts", "Step 1 of 2", "Did they answer our questions well")
        try pair.type("3")
        try await pair.waitFor("✓ Saved: 3 Good")
        try pair.type("They answered every question we asked")
        try pair.send("Enter")
        try await pair.waitFor("Step 2 of 2")
        try pair.type("3")
        try await pair.waitFor("Step 2 of 2", "✓ Saved: 3 Good")
        try pair.send("Enter")
        try await pair.waitFor("2 of 2 scored. All done: press S to send them in.")
        try pair.type("s")
        try await pair.waitFor("Send in your scores for bid N1?")
        try pair.type("y")
        try await pair.waitFor("N1   Riverside Youth Arts     ✓ submitted")

        // The chair submits her own N1 interview, then moderates the questions.
        try chair.send("Up", "Up", "Up", "Up", "Up", "Up", "Up", "Up")
        try await chair.waitFor("N1 (lot north) · Priya Shah, chair: 2 of 2 values in")
        try chair.send("Enter")
        try await chair.waitFor("O score it  I not scoring it")
        try chair.type("o")
        try await chair.waitFor("Bid N1 (lot north) · Riverside Youth Arts", "Step 1 of 2")
        try chair.type("r")
        try await chair.waitFor("2 of 2 scored")
        try chair.type("s")
        try await chair.waitFor("Submit bid N1?")
        try chair.type("y")
        try await chair.waitFor("Bid N1 submitted.")
        try chair.type("b")
        try await chair.waitFor("Panel board", "N1 (lot north) · Priya Shah, chair: submitted")
        try chair.send("Enter")
        // In stage 2 the chair moderates that stage's items only (stage 1's are signed off).
        try await chair.waitFor("Moderate · Bid N1 (lot north) · Riverside Youth Arts", "Stage 2 · item 1 of 2",
                                "Answers to the young people's questions", "Amira and Jay  3 Good",
                                "They answered every question")
        try chair.type("4")
        try chair.type(Self.agreedReason)
        try chair.send("Enter")
        try await chair.waitFor("✓ Agreed and saved. Answers to the young people's questions: 4 Very good.")
        try chair.send("Escape")
        try await chair.waitFor("Panel board", "Stage 2 of 2: Interviews")
        try chair.type("s")
        try await chair.waitFor("Why sign off anyway?")
        try chair.type("Interviews scored on paper")
        try chair.send("Enter")
        try await chair.waitFor("SIGNED OFF", "Signed off. Write down: Audit seal")

        // The report, written to a file: each lot, each stage, the engine's figures.
        run = try bidpanel(["report", "yt.bidpanel", "--output", "report.txt"])
        try #require(run.status == 0, "\(run.err)")
        let report = try String(contentsOfFile: folder + "/report.txt", encoding: .utf8)
        #expect(!report.contains("PROVISIONAL"), "\(report.prefix(2000))")
        let store = try EvaluationStore.open(path: folder + "/yt.bidpanel")
        let session = try store.signIn(member: "priya", pin: Self.chairPIN)
        let tender = LotScoring.score(store.panel, try session.scoreSheet(), overrides: try session.shortlistOverrides())
        #expect(tender.complete)
        for lot in tender.lots {
            #expect(report.contains("Lot \(lot.lot.id): \(lot.lot.title)"), "\(lot.lot.id)")
            for stage in lot.stages?.stages ?? [] {
                for bid in stage.result.bids {
                    #expect(report.contains(bid.total.formatted(places: 2)), "\(lot.lot.id) \(stage.stage.id) \(bid.bid.id)")
                }
            }
            for bid in lot.result.bids {
                #expect(report.contains(bid.total.formatted(places: 2)), "\(lot.lot.id) final \(bid.bid.id)")
            }
        }
        #expect(report.components(separatedBy: "Stage 1 of 2: Written bids\n").count - 1 == 4) // 3 lots, and who scored
        #expect(report.components(separatedBy: "Stage 2 of 2: Interviews\n").count - 1 == 4)
        #expect(report.contains("not shortlisted: S3 (taken off by the chair); S1 (outside the top places)"), "\(report)")
        #expect(report.contains("the chair took S3 off the shortlist: \(Self.offReason)"))
        #expect(report.contains("Moderated: \(Self.agreedReason)"))
        #expect(report.contains("Who wins each lot"))
        // S3 reached no interview: the south lot's final result is S2 alone.
        let south = try #require(tender.lots.first { $0.lot.id == "south" })
        #expect(south.result.bids.map(\.bid.id) == ["S2"])

        // What was typed on screen is the members' own, and the pair's names both people.
        let values = try session.scoreSheet().memberValues
        #expect(values.contains { $0.slot == Slot(bid: "N1", criterion: "activities") && $0.member == "david" && $0.value == .scale(5) })
        #expect(values.filter { $0.slot.bid == "N1" && $0.member == "amira-jay" }.count == 2)
        let entries = try session.auditEntries()
        #expect(entries.contains { $0.action == "record" && $0.member == "amira-jay" && $0.actor == "amira+jay" && $0.source == "terminal" })
        #expect(try store.verifyAudit().isEmpty)
        StagesDay.expectNoCrash(folder: folder)
    }
}
