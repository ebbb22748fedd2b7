/// `IncrementalScoring` for a tender split into lots (without stages): one
/// per lot, each over only that lot's bids (`Panel.lotPanel`), so a change
/// to a bid works out again only its own lot's price marks, ranks and
/// flags, never every lot's (at 500 bids in ten lots, a tenth of the work).
/// The tender always equals `LotScoring.score(panel, sheet, tieDecisions:)`.
public struct LotIncrementalScoring: Sendable {
    public let panel: Panel
    public private(set) var tender: TenderResult
    /// Every lot's bids, lot by lot, each lot ranked on its own: what a
    /// screen that lists all bids shows (ranks are within the lot).
    public private(set) var result: EvaluationResult
    private var lots: [IncrementalScoring]
    /// Bid id → the index of its lot in `lots`.
    private let lotOfBid: [String: Int]
    /// The chair's choices on tied lots, which the awards take.
    public private(set) var tieDecisions: [TieDecision]

    public init(panel: Panel, sheet: ScoreSheet, tieDecisions: [TieDecision] = []) {
        self.panel = panel
        self.tieDecisions = tieDecisions
        lots = panel.lots.map { IncrementalScoring(panel: panel.lotPanel($0), sheet: sheet) }
        var lotOfBid: [String: Int] = [:]
        for (index, lot) in panel.lots.enumerated() {
            for bid in panel.bids where bid.lot == lot.id { lotOfBid[bid.id] = index }
        }
        self.lotOfBid = lotOfBid
        (tender, result) = Self.gather(panel, lots, tieDecisions)
    }

    /// The chair's choices changed: only the awards are worked out again.
    public mutating func decideTies(_ decisions: [TieDecision]) {
        guard decisions != tieDecisions else { return }
        tieDecisions = decisions
        tender.awards = LotAwards(tender.lots, limit: panel.scoring.maxLotsPerBidder, tieDecisions: decisions)
    }

    /// As `IncrementalScoring.rescore`: only the lots of `bids` are worked out again.
    public mutating func rescore(bids: Set<String>, sheet: ScoreSheet) {
        var byLot: [Int: Set<String>] = [:]
        for bid in bids { if let lot = lotOfBid[bid] { byLot[lot, default: []].insert(bid) } }
        guard !byLot.isEmpty else { return }
        for (lot, changed) in byLot { lots[lot].rescore(bids: changed, sheet: sheet) }
        (tender, result) = Self.gather(panel, lots, tieDecisions)
    }

    private static func gather(_ panel: Panel, _ lots: [IncrementalScoring],
                               _ tieDecisions: [TieDecision]) -> (TenderResult, EvaluationResult) {
        let results = zip(panel.lots, lots).map { LotResult(lot: $0, panel: $1.panel, result: $1.result) }
        let tender = TenderResult(lots: results, awards: LotAwards(results, limit: panel.scoring.maxLotsPerBidder,
                                                                       tieDecisions: tieDecisions))
        let all = EvaluationResult(complete: tender.complete, quality: panel.scoring.quality, price: panel.priceShare,
                                   priceFormula: panel.scoring.priceFormula, bids: results.flatMap(\.result.bids))
        return (tender, all)
    }
}
