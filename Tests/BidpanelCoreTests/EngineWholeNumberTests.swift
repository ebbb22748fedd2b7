import Testing
@testable import BidpanelCore

/// The engine works small whole-number values (a byte each) in integers;
/// these check it reaches exactly the values the general `Exact` path does.
@Suite("Engine: whole-number values worked in integers")
struct EngineWholeNumberTests {
    @Test func integerMeanAndMedianEqualTheExactOnes() {
        var generator = SystemRandomNumberGenerator()
        for count in 1...13 {
            for _ in 0..<40 {
                let bytes = (0..<count).map { _ in Int8.random(in: -128...127, using: &generator) }
                let exacts = bytes.map { Exact(Int($0)) }
                #expect(ScoringEngine.mean(bytes[...]) == ScoringEngine.mean(exacts))
                #expect(ScoringEngine.median(bytes[...]) == ScoringEngine.median(exacts))
            }
        }
        let extremes: [Int8] = [127, 127, 127, -128, -128]
        #expect(ScoringEngine.mean(extremes[...]) == ScoringEngine.mean(extremes.map { Exact(Int($0)) }))
        #expect(ScoringEngine.median([127, -128][...]) == Exact(-1, 2))
    }

    /// B1 and B2 are worked as bytes when every value is a small whole
    /// number, and as `Exact`s when B3 holds one value that is not; their
    /// criteria (values, shares, marks, discuss flags) must not change.
    @Test(arguments: [Moderation.mean, .median, .consensus])
    func bytesAndExactsGiveTheSameCriteria(moderation: Moderation) {
        var panel = TestPanels.panel(quality: 60, weights: [("a", 30), ("b", 30)],
                                     bids: [("B1", 100), ("B2", 120), ("B3", 90)])
        panel.scoring.moderation = moderation
        var whole: [MemberValue] = []
        for (b, bid) in panel.bids.enumerated() {
            for (c, criterion) in panel.criteria.enumerated() {
                for (m, member) in panel.members.enumerated() {
                    let value = Exact((b * 37 + c * 13 + m * 29) % 101)
                    whole.append(MemberValue(slot: Slot(bid: bid.id, criterion: criterion.id), member: member.id,
                                             value: .scale(value)))
                }
            }
        }
        var mixed = whole
        let last = mixed.lastIndex { $0.slot.bid == "B3" }!
        mixed[last].value = .scale(Exact(7, 2))
        let fromBytes = ScoringEngine.score(panel, ScoreSheet(memberValues: whole))
        let fromExacts = ScoringEngine.score(panel, ScoreSheet(memberValues: mixed))
        for id in ["B1", "B2"] {
            let a = fromBytes.bid(id), b = fromExacts.bid(id)
            #expect(a != nil)
            #expect(a?.criteria == b?.criteria)
            #expect(a?.qualityMarks == b?.qualityMarks)
            let discussA = (a?.flags ?? []).map(\.code).filter { $0.hasPrefix("discuss:") }
            let discussB = (b?.flags ?? []).map(\.code).filter { $0.hasPrefix("discuss:") }
            #expect(discussA == discussB)
        }
        let discussed = fromBytes.bids.flatMap(\.criteria).filter(\.discuss).count
        #expect(discussed > 0)
    }
}
