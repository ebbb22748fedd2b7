import Foundation
import Testing
@testable import BidpanelCore

/// A pair of young assessors is one scorer: a conflict declared under
/// either person's own id leaves the pair's values for that bid out, as the
/// pair's own conflict would, in the engine, the moderation view and
/// agreement alike (`Panel.stoppedByConflict`).
@Suite("Pairs: either person's conflict")
struct PairConflictTests {
    static let panel = ExamplePanels.load("youth-tender")
    static var sheet: ScoreSheet {
        let path = ExamplePanels.folder.appendingPathComponent("youth-tender-scores.csv").path
        let text = try! String(contentsOfFile: path, encoding: .utf8)
        return ScoreSheet(memberValues: try! ScoresCSV.memberValues(text: text, file: path, panel: panel))
    }

    func declared(_ member: String, bid: String) -> ScoreSheet {
        var sheet = Self.sheet
        sheet.declare(Conflict(bid: bid, member: member, reason: "knows the bidder"))
        return sheet
    }

    @Test func eitherPersonsConflictScoresAsThePairsOwn() {
        let pairs = LotScoring.score(Self.panel, declared("amira-jay", bid: "N3"))
        for person in ["amira", "jay"] {
            #expect(LotScoring.score(Self.panel, declared(person, bid: "N3")) == pairs, "\(person)")
        }
        #expect(pairs != LotScoring.score(Self.panel, Self.sheet), "N3's interview loses the pair's values")
    }

    @Test func itIsTheSameAsThePairsValuesBeingGone() {
        let without = ScoreSheet(memberValues: Self.sheet.memberValues.filter { !($0.member == "amira-jay" && $0.slot.bid == "N3") })
        let n3 = { (result: TenderResult) in result.lots[0].result.bids.first { $0.bid.id == "N3" } }
        let conflicted = LotScoring.score(Self.panel, declared("jay", bid: "N3"))
        #expect(n3(conflicted)?.total == n3(LotScoring.score(Self.panel, without))?.total)
        #expect(n3(conflicted) != nil)
    }

    @Test func theModerationViewShowsThePairsValueLeftOut() {
        let slot = Slot(bid: "N3", criterion: "voice")
        let review = SlotReview.of(slot, panel: Self.panel, sheet: declared("amira", bid: "N3"))
        let entry = review.entries.first { $0.member.id == "amira-jay" }
        #expect(entry?.value == .scale(4) && entry?.leftOut == .conflict(reason: "knows the bidder"))
        #expect(review.mean == 5, "only the chair's 5 counts")
        // Another bid, and the pair's people who have no column, are untouched.
        #expect(SlotReview.of(Slot(bid: "N1", criterion: "voice"), panel: Self.panel, sheet: declared("amira", bid: "N3"))
            .entries.allSatisfy { $0.leftOut == nil })
        #expect(!review.entries.contains { $0.member.id == "amira" || $0.member.id == "jay" })
    }

    @Test func whoAConflictStops() {
        #expect(Self.panel.stoppedByConflict(of: "jay") == ["jay", "amira-jay"])
        #expect(Self.panel.stoppedByConflict(of: "amira-jay") == ["amira-jay"])
        #expect(Self.panel.stoppedByConflict(of: "david") == ["david"])
    }
}
