/// A bidder's assessment summary in a tender split into lots: one summary
/// covering every lot the bidder bid for. Each lot is assessed on its own,
/// so each lot's part is the summary `AssessmentSummary` gives for that bid
/// in that lot alone (its scores, rank and the lot's winning bid beside
/// it), with what the award rule decided for the lot, in words about this
/// bidder only: it names no other bidder that did not win.
public enum LotSummary {
    /// The bidders in panel order, each with its bids (one per lot it bid for).
    public static func bidders(_ panel: Panel) -> [[Bid]] {
        var order: [String] = [], bids: [String: [Bid]] = [:]
        for bid in panel.bids {
            if bids[bid.bidderKey] == nil { order.append(bid.bidderKey) }
            bids[bid.bidderKey, default: []].append(bid)
        }
        return order.map { bids[$0]! }
    }

    public static func render(bids: [Bid], tender: TenderResult, panel: Panel, explanations: [Slot: String], date: String,
                              seal: RecordSeal? = nil) -> String {
        let width = AssessmentSummary.width
        let parts = bids.compactMap { bid in tender.lots.first { $0.lot.id == bid.lot }.map { (bid, $0) } }
        var out = ["ASSESSMENT SUMMARY: EVERY LOT YOU BID FOR", ""]
        let list = parts.map { "lot \($0.1.lot.id) (bid \($0.0.id))" }.joined(separator: ", ")
        out += AssessmentSummary.paragraph(SafeText.line("This summary covers the \(parts.count) lot\(parts.count == 1 ? "" : "s") you bid for: \(list). "
            + "Each lot is assessed on its own: your bid in one lot is compared only with the other bids in that lot."
            + (panel.scoring.maxLotsPerBidder.map { " One bidder may win at most \($0) lot\($0 == 1 ? "" : "s")." } ?? "")))
        for (bid, lot) in parts {
            out.append("")
            let heading = SafeText.line("Lot \(lot.lot.id): \(lot.lot.title)")
            out += DisplayWidth.wrap(heading, width: width) + [String(repeating: "=", count: min(width, DisplayWidth.of(heading)))]
            if let decision = tender.awards.decision(lot: lot.lot.id) {
                out += AssessmentSummary.paragraph(award(decision, bid: bid.id, result: lot.result))
            }
            out.append("")
            var award: LotAward?
            if let decision = tender.awards.decision(lot: lot.lot.id) {
                let passedOver = decision.passedOver.contains { $0.bid == bid.id }
                switch decision.outcome {
                case let .awarded(winner): award = LotAward(leading: [winner], passedOver: passedOver)
                case let .tied(bids): award = LotAward(leading: bids, passedOver: passedOver)
                case let .chairDecided(winner, _, _): award = LotAward(leading: [winner], passedOver: passedOver)
                case .noBid: award = LotAward(leading: [], passedOver: passedOver)
                }
            }
            // In stages, the lot's part is on the stage the bid reached (StageSummary).
            let basis = lot.stages.map { StageSummary.basis(bid: bid.id, staged: $0) } ?? (result: lot.result, panel: lot.panel, note: [])
            out.append(AssessmentSummary.render(bid: bid.id, result: basis.result, panel: basis.panel, explanations: explanations,
                                                date: date, seal: seal, award: award, stageNote: basis.note))
        }
        return out.map(AssessmentSummary.trimmed).joined(separator: "\n") + "\n"
    }

    /// What the award rule decided for this lot, as it concerns this bid.
    static func award(_ decision: LotAwards.Decision, bid: String, result: EvaluationResult) -> String {
        if let passed = decision.passedOver.first(where: { $0.bid == bid }) {
            let won = passed.lotsWon.joined(separator: ", ")
            return "Your bid ranked \(passed.rank) in this lot, but you had already won \(passed.lotsWon.count) lot\(passed.lotsWon.count == 1 ? "" : "s") (\(won)), the most one bidder may win. So your bid cannot be awarded this lot."
        }
        switch decision.outcome {
        case let .awarded(winner) where winner == bid: return "The award: this lot goes to your bid."
        case .awarded: return "The award: this lot goes to another bid."
        case let .tied(bids) where bids.contains(bid):
            return "The award: your bid is tied with another for this lot. The chair decides which wins, and records why."
        case .tied: return "The award: other bids are tied for this lot. The chair decides which wins, and records why."
        case let .chairDecided(winner, bids, reason) where bids.contains(bid):
            return "The award: your bid was tied with another for this lot, so the chair decided. "
                + (winner == bid ? "The chair chose your bid" : "The chair chose the other bid")
                + ", for this reason: \(SafeText.line(reason))"
        case .chairDecided: return "The award: this lot goes to another bid. It was tied, and the chair decided between the tied bids."
        case .noBid: return "The award: no bid can be awarded this lot."
        }
    }
}

/// Who the award rule gave a lot to, as one bidder's summary needs it.
public struct LotAward: Sendable, Equatable {
    /// The bid the lot goes to; the tied bids when the chair must decide; none when nobody can win it.
    public var leading: [String]
    /// The reader's bid ranked above the winner but its bidder had won the most lots allowed.
    public var passedOver: Bool

    public init(leading: [String], passedOver: Bool) {
        self.leading = leading
        self.passedOver = passedOver
    }
}
