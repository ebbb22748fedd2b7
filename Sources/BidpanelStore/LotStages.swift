import BidpanelCore

/// A tender split into lots and scored in stages: each lot is its own
/// competition with its own shortlists (`LotScoring` gives each lot its
/// stages), while the panel moves through the stages together, so one
/// stage sign-off covers every lot.
struct StagedCompetition {
    /// Nil for a tender not in lots (one competition).
    var lot: Lot?
    var staged: StagedResult

    /// Every competition of a panel in stages: one per lot, in the panel
    /// file's order, or the whole tender.
    static func all(_ panel: Panel, _ sheet: ScoreSheet, overrides: [ShortlistOverride],
                    signedOff: [StageAtSignOff]) -> [StagedCompetition] {
        guard !panel.lots.isEmpty else {
            return [StagedCompetition(lot: nil, staged: StageScoring.score(panel, sheet, overrides: overrides, signedOff: signedOff))]
        }
        return LotScoring.score(panel, sheet, overrides: overrides, signedOff: signedOff).lots.compactMap { lot in
            lot.stages.map { StagedCompetition(lot: lot.lot, staged: $0) }
        }
    }

    /// Every bid's decision after one stage, lot after lot (a bid is in
    /// one lot, so its decision is that lot's).
    static func decisions(_ competitions: [StagedCompetition], stage index: Int) -> [ShortlistDecision] {
        competitions.flatMap { $0.staged.stages.indices.contains(index) ? $0.staged.stages[index].decisions : [] }
    }

    /// The bids whose results in one stage are still provisional, in any lot.
    static func provisional(_ competitions: [StagedCompetition], stage index: Int) -> [String] {
        competitions.flatMap { competition -> [String] in
            guard competition.staged.stages.indices.contains(index) else { return [] }
            return competition.staged.stages[index].result.bids.filter { !$0.complete }.map(\.bid.id)
        }
    }

    /// The shortlists after one stage, for the audit entry: one line for a
    /// tender not in lots, one per lot ("Lot north: Goes on: N1, N2. …").
    static func shortlistText(_ competitions: [StagedCompetition], stage index: Int) -> String {
        competitions.map { competition in
            let line = MemberSession.shortlistLine(competition.staged.stages.indices.contains(index)
                ? competition.staged.stages[index].decisions : [])
            return competition.lot.map { "Lot \($0.id): " + line } ?? line
        }.joined(separator: " ")
    }
}
