import BidpanelCore

/// The engine's live result for the chair's screens: one competition, or a
/// tender in lots scored lot by lot (each lot over only its own bids).
enum ChairScoring: Sendable {
    case whole(IncrementalScoring)
    case lots(LotIncrementalScoring)

    init(panel: Panel, sheet: ScoreSheet, tieDecisions: [TieDecision] = []) {
        self = panel.lots.isEmpty ? .whole(IncrementalScoring(panel: panel, sheet: sheet))
            : .lots(LotIncrementalScoring(panel: panel, sheet: sheet, tieDecisions: tieDecisions))
    }

    /// In lots: every lot's bids, lot by lot, ranked within their lot.
    var result: EvaluationResult {
        switch self {
        case let .whole(scoring): scoring.result
        case let .lots(scoring): scoring.result
        }
    }

    var tender: TenderResult? {
        if case let .lots(scoring) = self { return scoring.tender }
        return nil
    }

    mutating func rescore(bids: Set<String>, sheet: ScoreSheet) {
        switch self {
        case var .whole(scoring):
            scoring.rescore(bids: bids, sheet: sheet)
            self = .whole(scoring)
        case var .lots(scoring):
            scoring.rescore(bids: bids, sheet: sheet)
            self = .lots(scoring)
        }
    }
}
