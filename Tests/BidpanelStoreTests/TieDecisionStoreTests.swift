import BidpanelCore
import Foundation
import GRDB
import Testing
@testable import BidpanelStore

/// The chair's decision on a tied lot in the evaluation file: who may
/// make it, which bid, the reason, its audit entries, and a decision that
/// no longer fits once scores change.
@Suite("Evaluation file: the chair's decision on a tied lot")
struct TieDecisionStoreTests {
    static let amiraPIN = "2580"

    /// youth-lots with N2 priced as N1, both marked alike: north is tied
    /// between N1 (Riverside) and N2; in south S1 (Riverside) leads S2. One lot per bidder.
    static func tiedStore(scored: Bool = true) throws -> (EvaluationStore, chair: MemberSession, amira: MemberSession) {
        let store = try LotStoreTests.store { $0.replacingOccurrences(of: "price = 80000\nlot = \"north\"", with: "price = 90000\nlot = \"north\"") }
        let chair = try store.signIn(member: "chris", pin: Fixtures.chairPIN)
        try chair.setPIN(for: "amira", to: amiraPIN)
        let amira = try store.signIn(member: "amira", pin: amiraPIN)
        for session in [chair, amira] { try session.declareConflicts([]) }
        guard scored else { return (store, chair, amira) }
        for (bid, experience, delivery) in [("N1", 4, 3), ("N2", 4, 3), ("S1", 5, 4), ("S2", 3, 3)] {
            try chair.record(Slot(bid: bid, criterion: "experience"), .scale(Exact(experience)))
            try chair.record(Slot(bid: bid, criterion: "delivery"), .scale(Exact(delivery)))
            try amira.record(Slot(bid: bid, criterion: "experience"), .scale(Exact(experience)))
        }
        return (store, chair, amira)
    }

    static func awards(_ store: EvaluationStore, _ session: MemberSession) throws -> LotAwards {
        LotScoring.score(store.panel, try session.scoreSheet(), tieDecisions: try session.tieDecisions()).awards
    }

    @Test func theChairChoosesOneOfTheTiedBidsWithAReasonAndLaterLotsFollow() throws {
        let (store, chair, _) = try Self.tiedStore()
        #expect(try Self.awards(store, chair).decision(lot: "north")!.outcome == .tied(bids: ["N1", "N2"]))
        #expect(try Self.awards(store, chair).decision(lot: "south")!.outcome == .awarded(bid: "S1"))
        #expect(throws: StoreError.self) { try chair.decideTie(lot: "north", bid: "N1", reason: "  ") }
        let notTied = #expect(throws: StoreError.self) { try chair.decideTie(lot: "north", bid: "S1", reason: "r") }
        #expect(notTied?.message.contains("not one of the bids tied for lot north (N1, N2)") == true)
        let south = #expect(throws: StoreError.self) { try chair.decideTie(lot: "south", bid: "S1", reason: "r") }
        #expect(south?.message == "lot south is not tied: it goes to bid S1 under the award rule")
        #expect(throws: StoreError.self) { try chair.decideTie(lot: "east", bid: "N1", reason: "r") }

        try chair.decideTie(lot: "north", bid: "N1", reason: "Stronger links with the youth club")
        #expect(try chair.tieDecisions() == [TieDecision(lot: "north", bid: "N1", reason: "Stronger links with the youth club")])
        let awards = try Self.awards(store, chair)
        #expect(awards.decision(lot: "north")!.outcome == .chairDecided(bid: "N1", tied: ["N1", "N2"], reason: "Stronger links with the youth club"))
        // Riverside has won north, its one lot: south passes S1 over and goes to S2.
        #expect(awards.decision(lot: "south")!.outcome == .awarded(bid: "S2"))
        #expect(awards.decision(lot: "south")!.passedOver.map(\.bid) == ["S1"])
        let entry = try #require(try chair.auditEntries().last)
        #expect(entry.action == "decide-tie" && entry.actor == "chris" && entry.bid == "N1" && entry.criterion == "north")
        #expect(entry.oldValue == "tied between N1, N2" && entry.newValue == "N1 wins lot north (the chair's decision)")
        #expect(entry.reason == "Stronger links with the youth club")
        #expect(try store.verifyAudit().isEmpty)
        // The same again changes nothing; another tied bid changes it, audited.
        #expect(throws: StoreError.self) { try chair.decideTie(lot: "north", bid: "N1", reason: "Stronger links with the youth club") }
        try chair.decideTie(lot: "north", bid: "N2", reason: "On reflection, the wider reach")
        #expect(try chair.auditEntries().last?.oldValue == "N1 chosen by the chair (tied between N1, N2)")
        #expect(try Self.awards(store, chair).decisions.map(\.outcome.winner) == ["N2", "S1"])
        #expect(try EvaluationStore.open(path: store.path).verifyAudit().isEmpty)
    }

    @Test func undoingNeedsAReasonAndIsAudited() throws {
        let (store, chair, _) = try Self.tiedStore()
        #expect(throws: StoreError.self) { try chair.undoTieDecision(lot: "north", reason: "no decision yet") }
        try chair.decideTie(lot: "north", bid: "N2", reason: "Wider reach")
        #expect(throws: StoreError.self) { try chair.undoTieDecision(lot: "north", reason: "") }
        try chair.undoTieDecision(lot: "north", reason: "Recorded before the panel agreed")
        #expect(try chair.tieDecisions().isEmpty)
        let entry = try #require(try chair.auditEntries().last)
        #expect(entry.action == "undo-tie-decision" && entry.criterion == "north" && entry.reason == "Recorded before the panel agreed")
        #expect(try Self.awards(store, chair).decision(lot: "north")!.outcome == .tied(bids: ["N1", "N2"]))
        #expect(try store.verifyAudit().isEmpty)
        let listing = AuditReport.render(try chair.auditEntries(), panel: store.panel, problems: [], date: "15 January 2027")
        #expect(listing.contains("decided the tie in lot north") && listing.contains("undid the decision on the tie in lot north"))
    }

    @Test func onlyTheChairDecidesAndOnlyOnCompleteResultsOfAnOpenEvaluation() throws {
        let (_, chair, amira) = try Self.tiedStore(scored: false)
        #expect(throws: StoreError.self) { try amira.decideTie(lot: "north", bid: "N1", reason: "r") }
        let early = #expect(throws: StoreError.self) { try chair.decideTie(lot: "north", bid: "N1", reason: "r") }
        #expect(early?.message.contains("still provisional") == true)
    }

    @Test func aDecisionThatNoLongerFitsIsKeptButNotApplied() throws {
        let (store, chair, amira) = try Self.tiedStore()
        try chair.decideTie(lot: "north", bid: "N2", reason: "Wider reach")
        // Amira changes her mark: N1 now leads north outright.
        try amira.record(Slot(bid: "N1", criterion: "experience"), .scale(5))
        let awards = try Self.awards(store, chair)
        #expect(awards.decision(lot: "north")!.outcome == .awarded(bid: "N1"))
        #expect(awards.decision(lot: "north")!.setAside == TieDecision(lot: "north", bid: "N2", reason: "Wider reach"))
        let text = LotText.lines(LotScoring.score(store.panel, try chair.scoreSheet(), tieDecisions: try chair.tieDecisions()),
                                 panel: store.panel, width: 200).joined(separator: "\n")
        #expect(text.contains("The chair's earlier decision (N2: Wider reach) no longer applies: the lot is not tied now."), "\(text)")
        // The chair can still take it back.
        try chair.undoTieDecision(lot: "north", reason: "No longer tied")
        #expect(try chair.tieDecisions().isEmpty)
    }

    @Test func aDecisionChangedOutsideBidpanelIsCaughtByTheAudit() throws {
        let (store, chair, _) = try Self.tiedStore()
        try chair.decideTie(lot: "north", bid: "N1", reason: "Local links")
        try Fixtures.sqlite(store.path, "UPDATE lot_tie_decision SET bid = 'N2'")
        let problems = try EvaluationStore.open(path: store.path).verifyAudit()
        #expect(problems.contains { $0.contains("tie decision on lot north is \"N2 | Local links\" in the file but the audit log says \"N1 | Local links\"") },
                "\(problems)")
    }
}
