import BidpanelCore
import Foundation
import Testing
@testable import BidpanelStore

/// A tender split into lots and scored in stages, in the store: each lot
/// has its own shortlist, one stage sign-off covers every lot, and the
/// chair's override names a bid (so its lot). `init` still refuses this
/// panel (the screens and outputs are not joined yet), so these tests make
/// the file without that refusal.
@Suite("Evaluation file: lots and stages together")
struct LotStageStoreTests {
    /// panels/youth-lots-stages.toml: lots north (N1–N3) and south (S1–S3);
    /// "written" (plan, top 2 of each lot go on), then "interview".
    static func store() throws -> (EvaluationStore, chair: MemberSession, amira: MemberSession) {
        let panelPath = Fixtures.root.appendingPathComponent("panels/youth-lots-stages.toml").path
        let loaded = try PanelFile.load(path: panelPath)
        let path = Fixtures.temporaryFolder().appendingPathComponent("lotstages.bidpanel").path
        let store = try EvaluationStore.create(at: path, panelPath: panelPath, panelText: loaded.text, panel: loaded.panel,
                                               answersFiles: loaded.answersFiles, chairPIN: Fixtures.chairPIN)
        let chair = try store.signIn(member: "chris", pin: Fixtures.chairPIN)
        try chair.setPIN(for: "amira", to: "1357")
        return (store, chair, try store.signIn(member: "amira", pin: "1357"))
    }

    /// The chair's and Amira's marks for the written plan, each bid submitted.
    static func scoreWritten(_ chair: MemberSession, _ amira: MemberSession, _ marks: [(String, [Int])]) throws {
        for (bid, values) in marks {
            for (session, value) in zip([chair, amira], values) {
                try session.record(Slot(bid: bid, criterion: "plan"), .scale(Exact(value)))
                try session.submit(bid: bid)
            }
        }
    }

    static let north: [(String, [Int])] = [("N1", [4, 4]), ("N2", [3, 3]), ("N3", [1, 2])]
    static let south: [(String, [Int])] = [("S1", [2, 2]), ("S2", [5, 4]), ("S3", [3, 3])]

    @Test func theFileKeepsEveryLotAndStageOfThePanel() throws {
        let (store, _, _) = try Self.store()
        #expect(store.panel.lots.map(\.id) == ["north", "south"])
        #expect(store.panel.stages.count == 2)
        #expect(try store.verifyAudit().isEmpty)
    }

    @Test func oneSignOffWaitsForEveryLotsResultsOfTheStage() throws {
        let (store, chair, amira) = try Self.store()
        // Values of a stage not started are refused in every lot.
        for bid in ["N1", "S1"] {
            let early = #expect(throws: StoreError.self) { try amira.record(Slot(bid: bid, criterion: "questions"), .scale(4)) }
            #expect(early?.message.contains("has not started yet") == true)
        }
        try Self.scoreWritten(chair, amira, Self.north)
        // South not scored: not submitted, then (with a reason) still provisional.
        let waiting = #expect(throws: StoreError.self) { try chair.signOffStage("written") }
        #expect(waiting?.message.contains("not every member has submitted") == true)
        let provisional = #expect(throws: StoreError.self) { try chair.signOffStage("written", anyway: "Amira had to leave") }
        let message = provisional?.message ?? ""
        #expect(message.contains("stage 1 (Written bids) are still provisional (bids S"))
        #expect(["S1", "S2", "S3"].allSatisfy(message.contains) && !message.contains("N1"))
        #expect(try chair.stageStanding()?.current == 0)
        try Self.scoreWritten(chair, amira, Self.south)
        try chair.signOffStage("written")
        let standing = try #require(try amira.stageStanding())
        #expect(standing.current == 1)
        // Top 2 of EACH lot, not of the whole tender (that would be S2 and N1).
        let on = ["N1", "N2", "N3", "S1", "S2", "S3"].filter { standing.inCurrentStage(bid: $0) }
        #expect(on == ["N1", "N2", "S2", "S3"])
        #expect(standing.decisionIntoCurrent(bid: "N3")?.why == .outsideTop)
        #expect(standing.decisionIntoCurrent(bid: "S1")?.why == .outsideTop)
        // The one audit entry keeps the rule and each lot's shortlist.
        let entry = try #require(try chair.auditEntries().last)
        #expect(entry.action == "sign-off-stage" && entry.criterion == "written")
        #expect(entry.newValue.contains("top 2"))
        #expect(entry.newValue.contains("Lot north: Goes on: N1, N2. Not shortlisted: N3 (outside the top places)."))
        #expect(entry.newValue.contains("Lot south: Goes on: S2, S3. Not shortlisted: S1 (outside the top places)."))
        #expect(try store.verifyAudit().isEmpty)
        // Stage 2 is scored only for bids on their lot's shortlist.
        try amira.record(Slot(bid: "S3", criterion: "questions"), .scale(3))
        let off = #expect(throws: StoreError.self) { try amira.record(Slot(bid: "N3", criterion: "questions"), .scale(3)) }
        #expect(off?.message.contains("bid N3 is not on the shortlist for stage 2 (Interviews)") == true)
        let fixed = #expect(throws: StoreError.self) { try amira.record(Slot(bid: "S1", criterion: "plan"), .scale(5)) }
        #expect(fixed?.message.contains("signed off, so its values are fixed") == true)
    }

    @Test func aTieAtOneLotsLastPlaceTakesEveryBidTiedThereInThatLotOnly() throws {
        let (_, chair, amira) = try Self.store()
        // South: S1 and S3 tie at second place; north has no tie.
        try Self.scoreWritten(chair, amira, Self.north + [("S1", [3, 3]), ("S2", [5, 4]), ("S3", [3, 3])])
        try chair.signOffStage("written")
        let standing = try #require(try chair.stageStanding())
        let on = ["N1", "N2", "N3", "S1", "S2", "S3"].filter { standing.inCurrentStage(bid: $0) }
        #expect(on == ["N1", "N2", "S1", "S2", "S3"])
    }

    @Test func theChairsOverrideNamesTheBidAndSoItsLot() throws {
        let (store, chair, amira) = try Self.store()
        try Self.scoreWritten(chair, amira, Self.north + Self.south)
        // Not before the stage is signed off.
        let early = #expect(throws: StoreError.self) {
            try chair.overrideShortlist(stage: "written", bid: "N3", goesOn: true, reason: "a strong local record")
        }
        #expect(early?.message.contains("is not signed off yet") == true)
        try chair.signOffStage("written")
        #expect(throws: StoreError.self) { try chair.overrideShortlist(stage: "written", bid: "N3", goesOn: true, reason: " ") }
        #expect(throws: StoreError.self) { try amira.overrideShortlist(stage: "written", bid: "N3", goesOn: true, reason: "why not") }
        try chair.overrideShortlist(stage: "written", bid: "N3", goesOn: true, reason: "a strong local record")
        let standing = try #require(try chair.stageStanding())
        #expect(standing.inCurrentStage(bid: "N3"))
        #expect(standing.decisionIntoCurrent(bid: "N3")?.why == .overridden(goesOn: true, reason: "a strong local record", rule: false))
        // The other lot's shortlist is untouched.
        #expect(!standing.inCurrentStage(bid: "S1") && standing.inCurrentStage(bid: "S2") && standing.inCurrentStage(bid: "S3"))
        let entry = try #require(try chair.auditEntries().last)
        #expect(entry.action == "shortlist" && entry.bid == "N3" && entry.reason == "a strong local record")
        #expect(entry.oldValue.hasPrefix("not on the shortlist after stage written in lot north"))
        #expect(entry.newValue == "on the shortlist after stage written in lot north (the chair's decision)")
        // N3 is now scored in stage 2; setting it back needs a reason and removes the override.
        try amira.record(Slot(bid: "N3", criterion: "questions"), .scale(2))
        try chair.overrideShortlist(stage: "written", bid: "N3", goesOn: false, reason: "checked again")
        #expect(try chair.stageStanding()?.inCurrentStage(bid: "N3") == false)
        #expect(try chair.shortlistOverrides().isEmpty)
        #expect(try store.verifyAudit().isEmpty)
    }

    @Test func theLastStagesSignOffIsTheEvaluationsAndEachLotHasItsFinalResult() throws {
        let (store, chair, amira) = try Self.store()
        try Self.scoreWritten(chair, amira, Self.north + Self.south)
        try chair.signOffStage("written")
        let tooSoon = #expect(throws: StoreError.self) { try chair.signOff() }
        #expect(tooSoon?.message.contains("not every member has submitted") == true)
        let interview: [(String, [Int])] = [("N1", [3, 3]), ("N2", [5, 5]), ("S2", [4, 4]), ("S3", [4, 4])]
        for (bid, values) in interview {
            for (session, value) in zip([chair, amira], values) {
                try session.record(Slot(bid: bid, criterion: "questions"), .scale(Exact(value)))
                try session.submit(bid: bid)
            }
        }
        try chair.signOffStage("interview")
        #expect(try chair.isSignedOff())
        #expect(try chair.stageStanding()?.current == 2)
        let sheet = try chair.scoreSheet()
        let tender = LotScoring.score(chair.panel, sheet, overrides: try chair.shortlistOverrides())
        #expect(tender.complete)
        #expect(tender.lot("north")?.result.bids.map(\.bid.id).sorted() == ["N1", "N2"])
        #expect(tender.lot("south")?.result.bids.map(\.bid.id).sorted() == ["S2", "S3"])
        #expect(tender.lot("north")?.stages?.stage("written")?.shortlist == ["N1", "N2"])
        #expect(try store.verifyAudit().isEmpty)
    }

    /// The report, a bidder's summary and the CSV, from the store's sheet
    /// and the chair's override (N3 put back on in the north lot).
    @Test func theOutputsShowEachLotsStagesShortlistsAndFinalResult() throws {
        let (_, chair, amira) = try Self.store()
        try Self.scoreWritten(chair, amira, Self.north + Self.south)
        try chair.signOffStage("written")
        try chair.overrideShortlist(stage: "written", bid: "N3", goesOn: true, reason: "a strong local record")
        let interview: [(String, [Int])] = [("N1", [3, 3]), ("N2", [5, 5]), ("N3", [2, 2]), ("S2", [4, 4]), ("S3", [4, 4])]
        for (bid, values) in interview {
            for (session, value) in zip([chair, amira], values) {
                try session.record(Slot(bid: bid, criterion: "questions"), .scale(Exact(value)))
            }
        }
        let (sheet, record) = try chair.meetingRecord()
        let tender = LotScoring.score(chair.panel, sheet, overrides: try chair.shortlistOverrides())
        #expect(tender.lot("north")?.result.bids.map(\.bid.id).sorted() == ["N1", "N2", "N3"])
        let report = PrintedReport.render(tender: tender, panel: chair.panel, sheet: sheet, signedOff: nil,
                                          printedOn: "2 December 2026", record: record)
        // Each lot: its stages (the rule, who goes on and why), then its final result.
        let north = try #require(report.range(of: "Lot north: North locality"))
        let south = try #require(report.range(of: "Lot south: South locality"))
        #expect(north.lowerBound < south.lowerBound)
        #expect(report.components(separatedBy: "This lot was scored in 2 stages.").count == 3)
        #expect(report.components(separatedBy: "the top 2 by quality marks").count >= 3)
        #expect(report.contains("the chair put N3 on the shortlist: a strong local record"))
        #expect(report.contains("Who wins each lot"))
        // The bidder of S1 (not shortlisted) gets its reason; Riverside (N1, S2) one summary for both lots.
        let bidders = LotSummary.bidders(chair.panel)
        let southbank = try #require(bidders.first { $0.map(\.id) == ["S1"] })
        let summary = LotSummary.render(bids: southbank, tender: tender, panel: chair.panel, explanations: [:], date: "2 December 2026")
        #expect(summary.contains("Not shortlisted after stage 1 (Written bids): outside the top places."))
        // Price is not scored in stage 1, so its marks are out of the 80 quality marks, not 100.
        #expect(summary.contains("marks out of 80.") && summary.contains("Total (out of 80)") && !summary.contains("out of 100"), "\(summary)")
        let words = summary.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("those of stage 1 (Written bids), the last stage your bid was scored in"))
        let riverside = try #require(bidders.first { $0.map(\.id) == ["N1", "S2"] })
        let both = LotSummary.render(bids: riverside, tender: tender, panel: chair.panel, explanations: [:], date: "2 December 2026")
        #expect(both.contains("Lot north: North locality") && both.contains("Lot south: South locality"))
        #expect(both.components(separatedBy: "your bid reached the last one").count == 3)
        // The CSV: a lot column and a stage column, each lot's stages then its final rows.
        let csv = LotCSV.render(tender, panel: chair.panel, criteria: true).split(separator: "\n").map(String.init)
        #expect(csv[0].hasPrefix("lot,stage,"))
        #expect(csv.contains { $0.hasPrefix("north,written,yes,N3") } || csv.contains { $0.hasPrefix("north,written,yes") && $0.contains("N3") })
        #expect(csv.contains { $0.hasPrefix("south,written,no") && $0.contains("S1") })
        #expect(csv.filter { $0.hasPrefix("north,final,") }.count == 3 && csv.filter { $0.hasPrefix("south,final,") }.count == 2)
    }
}
