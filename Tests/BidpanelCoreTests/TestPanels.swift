@testable import BidpanelCore

/// Small panels built in code for engine tests: each criterion is scored on
/// a 0-100 scale, so a value of 80 means a share of 80%.
enum TestPanels {
    static let percent = Scale(id: "0-100", points: (0...100).map {
        ScalePoint(value: Exact($0), label: "\($0)", meaning: "", plain: "")
    })

    static let members = [
        Member(id: "chair", name: "Chair", role: .chair),
        Member(id: "ann", name: "Ann", role: .officer),
        Member(id: "bob", name: "Bob", role: .officer),
        Member(id: "yas", name: "Yas", role: .young),
    ]

    static func panel(quality: Exact, formula: PriceFormula = .relative, moderation: Moderation = .mean,
                      weights: [(String, Exact)] = [], bids: [(String, Exact?)],
                      extra: [Criterion] = [], configure: (inout ScoringRules) -> Void = { _ in }) -> Panel {
        var rules = ScoringRules(quality: quality, priceFormula: formula, moderation: moderation)
        configure(&rules)
        let criteria = weights.map {
            Criterion(id: $0.0, section: "Quality", title: $0.0, kind: .scored, scaleID: "0-100", weight: $0.1,
                      scoredBy: [.chair, .officer, .young])
        } + extra
        return Panel(tender: Tender(id: "T-1", title: "Test", authority: "Test Council"), scoring: rules,
                     scales: [percent], criteria: criteria, members: members,
                     bids: bids.map { Bid(id: $0.0, bidder: "Bidder \($0.0)", price: $0.1) })
    }

    /// One member's percentage values: bid → criterion → value.
    static func sheet(_ values: [String: [String: Int]], member: String = "chair") -> ScoreSheet {
        var sheet = ScoreSheet()
        for (bid, criteria) in values {
            for (criterion, value) in criteria {
                sheet.record(MemberValue(slot: Slot(bid: bid, criterion: criterion), member: member,
                                         value: .scale(Exact(value))))
            }
        }
        return sheet
    }
}

extension EvaluationResult {
    func total(_ bid: String) -> Exact { self.bid(bid)!.total }
    func rank(_ bid: String) -> Int? { self.bid(bid)!.rank }
}
