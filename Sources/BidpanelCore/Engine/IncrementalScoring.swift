/// The engine's result kept up to date as values change, for a screen that
/// follows a live evaluation: a bid's own result (its quality, criteria,
/// exclusions and discuss flags) depends only on that bid's values,
/// moderation, conflicts and standing, so after a change only the changed
/// bids are worked out again; price marks, ranks and the flags that compare
/// bids are then worked out over all bids, as `ScoringEngine.score` does.
/// The result always equals `ScoringEngine.score(panel, sheet)`.
public struct IncrementalScoring: Sendable {
    public let panel: Panel
    public private(set) var result: EvaluationResult
    /// Each bid's own result, in panel order, before `ScoringEngine.ranked`.
    private var bidResults: [BidResult]
    private let spans: [ScoringEngine.CriterionSpan]
    /// Bid id → its place in the panel; nil when two bids share an id (a
    /// panel that does not validate), when every change works it all out.
    private let places: [String: Int]?

    public init(panel: Panel, sheet: ScoreSheet) {
        self.panel = panel
        spans = ScoringEngine.criterionSpans(panel)
        bidResults = ScoringEngine.bidResults(panel: panel, sheet: sheet, spans: spans)
        result = ScoringEngine.ranked(panel: panel, bidResults)
        var places: [String: Int] = [:]
        for (place, bid) in panel.bids.enumerated() { places[bid.id] = place }
        self.places = places.count == panel.bids.count ? places : nil
    }

    /// Brings the result up to `sheet`, which differs from the sheet last
    /// scored only in the rows of `bids` (values, moderated values,
    /// conflicts, standing). Ids not on the panel change nothing.
    public mutating func rescore(bids: Set<String>, sheet: ScoreSheet) {
        guard let places else {
            bidResults = ScoringEngine.bidResults(panel: panel, sheet: sheet, spans: spans)
            result = ScoringEngine.ranked(panel: panel, bidResults)
            return
        }
        let changed = bids.compactMap { places[$0] }
        guard !changed.isEmpty else { return }
        for place in changed {
            var one = panel
            one.bids = [panel.bids[place]]
            bidResults[place] = ScoringEngine.bidResults(panel: one, sheet: Self.sheet(of: panel.bids[place].id, panel: panel, in: sheet),
                                                         spans: spans)[0]
        }
        result = ScoringEngine.ranked(panel: panel, bidResults)
    }

    /// What the engine reads of one bid: its members' values on the panel's
    /// slots, its moderated values, conflicts and removal. The engine leaves
    /// out the same values from this as from the whole sheet (members not on
    /// the panel, slots not on it), and takes each slot's values in any order
    /// to the same figures (exact sums, sorted medians, spreads).
    static func sheet(of bid: String, panel: Panel, in sheet: ScoreSheet) -> ScoreSheet {
        let slots = SlotReview.slots(bid: bid, panel: panel)
        var values: [MemberValue] = []
        values.reserveCapacity(slots.count * panel.members.count)
        var seen: Set<String> = []
        let members = panel.members.map(\.id).filter { seen.insert($0).inserted }
        for slot in slots {
            for member in members {
                if let value = sheet.value(of: member, at: slot) { values.append(value) }
            }
        }
        var one = ScoreSheet(memberValues: values)
        for slot in slots {
            if let moderated = sheet.moderatedValue(at: slot) { one.moderate(moderated) }
        }
        for conflict in sheet.conflicts where conflict.bid == bid { one.declare(conflict) }
        if let removal = sheet.removal(of: bid) { one.remove(removal) }
        return one
    }
}
