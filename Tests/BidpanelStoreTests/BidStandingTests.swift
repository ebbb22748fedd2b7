import BidpanelCore
import Foundation
import Testing
@testable import BidpanelStore

/// A small evaluation whose totals can be worked out by hand: quality 60
/// (one criterion on 0-10, weight 60), price 40 (relative). The chair scores.
enum SmallPanel {
    static let text = """
    format = 1
    [tender]
    id = "SMALL-1"
    title = "Small tender"
    authority = "Test Council"
    [scoring]
    quality = 60
    price_formula = "relative"
    moderation = "mean"
    [[scale]]
    id = "0-10"
    points = [\((0...10).map { "{ value = \($0), label = \"\($0)\" }" }.joined(separator: ", "))]
    [[criterion]]
    id = "plan"
    section = "Quality"
    title = "The delivery plan"
    scale = "0-10"
    weight = 60
    [[member]]
    id = "chair"
    name = "Chris Chair"
    role = "chair"
    [[member]]
    id = "ann"
    name = "Ann Officer"
    role = "officer"
    [[bid]]
    id = "A"
    bidder = "Alpha Youth Trust"
    price = 100000
    [[bid]]
    id = "B"
    bidder = "Beta Community Interest Company with a Rather Long Registered Name Limited"
    price = 80000
    [[bid]]
    id = "C"
    bidder = "Gamma"
    price = 50000
    """

    /// The evaluation with the chair's values A 8, B 7, C 4 recorded.
    static func scored() throws -> (EvaluationStore, MemberSession) {
        let panel = try PanelFile.parse(text: text, file: "small.toml", readFile: { _ in nil }).panel
        let path = Fixtures.temporaryFolder().appendingPathComponent("small.bidpanel").path
        let store = try EvaluationStore.create(at: path, panelPath: "small.toml", panelText: text, panel: panel,
                                               answersFiles: [:], chairPIN: Fixtures.chairPIN)
        let chair = try store.signIn(member: "chair", pin: Fixtures.chairPIN)
        for (bid, value) in [("A", 8), ("B", 7), ("C", 4)] {
            try chair.record(Slot(bid: bid, criterion: "plan"), .scale(Exact(value)))
        }
        return (store, chair)
    }
}

@Suite("Evaluation file: withdrawing, disqualifying and reinstating a bid")
struct BidStandingTests {
    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch let error as StoreError { return error.message } catch { return "\(error)" }
    }

    @Test func onlyTheChairWithAReasonAndTheTotalsChangeExactly() throws {
        let (store, chair) = try SmallPanel.scored()
        try chair.setPIN(for: "ann", to: "2468")
        let ann = try store.signIn(member: "ann", pin: "2468")
        // Before: A 48 + 40×50,000/100,000 = 68; B 42 + 40×50,000/80,000 = 67; C 24 + 40 = 64.
        var result = try chair.result()
        #expect(result.bid("A")!.total == Exact(68) && result.bid("B")!.total == Exact(67) && result.bid("C")!.total == Exact(64))

        #expect(message { try ann.remove(bid: "C", as: .withdrawn, reason: "letter") } == "only the chair can withdraw a bid")
        #expect(message { try chair.remove(bid: "C", as: .withdrawn, reason: " ") }.contains("need a reason"))
        #expect(message { try chair.remove(bid: "c", as: .withdrawn, reason: "letter") }.contains("did you mean \"C\""))
        #expect(message { try chair.reinstate(bid: "C", reason: "back") }.contains("nothing to reinstate"))
        #expect(try chair.result() == result) // refusals changed nothing

        let before = try chair.auditEntries().count
        try chair.remove(bid: "C", as: .withdrawn, reason: "Letter from Gamma's director, 3 March")
        let entry = try #require(try chair.auditEntries().last)
        #expect(try chair.auditEntries().count == before + 1)
        #expect(entry.action == "withdraw-bid" && entry.actor == "chair" && entry.bid == "C")
        #expect(entry.oldValue == "in the competition" && entry.newValue == "withdrawn")
        #expect(entry.reason == "Letter from Gamma's director, 3 March")
        #expect(message { try chair.remove(bid: "C", as: .withdrawn, reason: "again") }.contains("already withdrawn"))

        // After: lowest price left £80,000. A 48 + 32 = 80; B 42 + 40 = 82; C keeps its 24 quality marks, no rank.
        result = try chair.result()
        #expect(result.bid("A")!.total == Exact(80) && result.bid("B")!.total == Exact(82))
        #expect(result.bid("B")!.rank == 1 && result.bid("A")!.rank == 2)
        let c = try #require(result.bid("C"))
        #expect(c.rank == nil && c.qualityMarks == Exact(24) && c.total == Exact(24))
        #expect(c.reasons == [.removed(.withdrawn, reason: "Letter from Gamma's director, 3 March")])
        // Its values are all still there.
        #expect(try chair.scoreSheet().value(of: "chair", at: Slot(bid: "C", criterion: "plan"))?.value == .scale(Exact(4)))

        // Withdrawn → disqualified is one audited change; then reinstated: back exactly where it was.
        try chair.remove(bid: "C", as: .disqualified, reason: "The bid broke the rules on collusion")
        #expect(try chair.auditEntries().last?.oldValue == "withdrawn")
        #expect(try chair.result().bid("C")!.removal?.standing == .disqualified)
        try chair.reinstate(bid: "C", reason: "The letter was sent by mistake")
        let reinstated = try #require(try chair.auditEntries().last)
        #expect(reinstated.action == "reinstate-bid" && reinstated.oldValue == "disqualified" && reinstated.newValue == "in the competition")
        result = try chair.result()
        #expect(result.bid("A")!.total == Exact(68) && result.bid("B")!.total == Exact(67) && result.bid("C")!.total == Exact(64))
        #expect(result.bid("C")!.rank == 3)
        #expect(try store.verifyAudit() == [])
    }

    @Test func refusedAfterSignOffAndKeptWhenTheFileIsOpenedAgain() throws {
        let (store, chair) = try SmallPanel.scored()
        try chair.remove(bid: "A", as: .disqualified, reason: "False declaration")
        let reopened = try EvaluationStore.open(path: store.path)
        let again = try reopened.signIn(member: "chair", pin: Fixtures.chairPIN)
        #expect(try again.result().bid("A")!.removal?.reason == "False declaration")
        // A leaves; C is still the lowest price: B 42 + 40×50,000/80,000 = 67, C 24 + 40 = 64; A 48, no rank.
        let result = try again.result()
        #expect(result.bid("B")!.total == Exact(67) && result.bid("C")!.total == Exact(64) && result.bid("A")!.total == Exact(48))
        #expect(result.bids.map(\.bid.id) == ["B", "C", "A"] && result.bid("A")!.rank == nil)
        try again.signOff(anyway: "Signing off with members yet to submit, for this test")
        #expect(message { try again.reinstate(bid: "A", reason: "oops") }.contains("signed off and read-only"))
        #expect(message { try again.remove(bid: "B", as: .withdrawn, reason: "letter") }.contains("signed off and read-only"))
        #expect(try again.result().bid("A")!.excluded)
    }

    @Test func aStandingChangedOutsideBidpanelIsFound() throws {
        let (store, chair) = try SmallPanel.scored()
        try chair.remove(bid: "C", as: .withdrawn, reason: "letter")
        try Fixtures.sqlite(store.path, "UPDATE bid_standing SET reason = 'nothing to see'")
        try Fixtures.sqlite(store.path, "INSERT INTO bid_standing VALUES ('A', 'disqualified', 'quietly', '2026-01-01T00:00:00.000Z')")
        let problems = try store.verifyAudit()
        #expect(problems.contains { $0.contains("bid standing C is \"withdrawn | nothing to see\" in the file but the audit log says \"withdrawn | letter\"") })
        #expect(problems.contains { $0.contains("bid standing A is in the file but not in the audit log") })
    }

    @Test func thePrintedReportSaysWhyAndKeepsTheHistory() throws {
        let (_, chair) = try SmallPanel.scored()
        try chair.remove(bid: "C", as: .withdrawn, reason: "Letter from Gamma")
        try chair.reinstate(bid: "C", reason: "Letter withdrawn")
        try chair.remove(bid: "B", as: .disqualified, reason: "False declaration about past contracts")
        try chair.addMember(id: "sam", name: "Sam Patel", role: .young, reason: "Joins in place of Kyle")
        // As `bidpanel report` does: a fresh open, which knows the member added since.
        let store = try EvaluationStore.open(path: chair.store.path)
        let (sheet, record) = try store.signIn(member: "chair", pin: Fixtures.chairPIN).meetingRecord(timeZone: TimeZone(identifier: "UTC")!)
        let text = PrintedReport.render(result: ScoringEngine.score(store.panel, sheet), panel: store.panel, sheet: sheet,
                                        signedOff: nil, printedOn: "3 March 2027", record: record)
        let flat = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(flat.contains("Excluded: disqualified by the panel: False declaration about past contracts"), "\(text)")
        #expect(flat.contains("recorded bid C (Gamma) as withdrawn by the bidder, on "))
        #expect(flat.contains("put bid C (Gamma) back into the competition, on "))
        #expect(flat.contains("Reason: Letter withdrawn"))
        #expect(flat.contains("added Sam Patel, young assessor to the panel, on "))
        #expect(flat.contains("Nothing has been reopened."))
        #expect(flat.contains("Sam Patel, young assessor Signature:"), "the new member signs the report too")
    }

    @Test func theAuditReportSaysWhoDidWhatAndWhy() throws {
        let (store, chair) = try SmallPanel.scored()
        try chair.remove(bid: "C", as: .withdrawn, reason: "Letter from Gamma")
        try chair.reinstate(bid: "C", reason: "Letter withdrawn")
        let text = AuditReport.render(try chair.auditEntries(), panel: store.panel, problems: try store.verifyAudit(), date: "3 March 2027")
        #expect(text.contains("recorded bid C as withdrawn by the bidder"))
        #expect(text.contains("reinstated bid C in the competition"))
        #expect(text.contains("reason: Letter withdrawn"))
    }
}
