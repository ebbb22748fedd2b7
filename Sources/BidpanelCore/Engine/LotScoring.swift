/// A tender split into lots, scored lot by lot: each lot is its own
/// competition (`Panel.lotPanel`), then the award rule decides who wins
/// which lot. A panel without lots is one competition, as `ScoringEngine`
/// has always scored it.
public enum LotScoring {
    public static func score(_ panel: Panel, _ sheet: ScoreSheet, overrides: [ShortlistOverride] = []) -> TenderResult {
        let lots = panel.lots.map { lot in
            let lotPanel = panel.lotPanel(lot)
            guard !panel.stages.isEmpty else {
                return LotResult(lot: lot, panel: lotPanel, result: ScoringEngine.score(lotPanel, sheet))
            }
            // In stages, each lot has its own shortlists; the lot's result is the final one.
            let staged = StageScoring.score(lotPanel, sheet, overrides: overrides)
            return LotResult(lot: lot, panel: staged.finalPanel, result: staged.final, stages: staged)
        }
        return TenderResult(lots: lots, awards: LotAwards(lots, limit: panel.scoring.maxLotsPerBidder))
    }
}

/// Every lot's result and the awards.
public struct TenderResult: Sendable, Equatable {
    /// In the panel file's order of lots.
    public var lots: [LotResult]
    public var awards: LotAwards

    /// False while any lot's result is provisional.
    public var complete: Bool { lots.allSatisfy(\.complete) }

    public func lot(_ id: String) -> LotResult? { lots.first { $0.lot.id == id } }
}

/// One lot scored on its own.
public struct LotResult: Sendable, Equatable {
    public var lot: Lot
    /// The panel as this lot sees it (its bids, budget and weights; in
    /// stages, the final result's panel).
    public var panel: Panel
    /// In stages, the final result.
    public var result: EvaluationResult
    /// In a tender in stages, each stage of this lot and its shortlist.
    public var stages: StagedResult? = nil

    /// False while the lot's result, or any of its stages, is provisional.
    public var complete: Bool { stages?.complete ?? result.complete }
}

/// Who wins each lot. Written down in docs/scoring.md ("Lots"):
///
/// 1. Lots are decided in the panel file's order.
/// 2. Each lot goes to its highest-ranked bid whose bidder (`Bid.bidderKey`)
///    has not yet won `limit` lots. A bidder at the limit is passed over,
///    and that is shown.
/// 3. When two or more such bids share that rank, the lot is tied: it is
///    not awarded automatically (the chair decides, and records why), and
///    the later lots are worked out as if it had gone to nobody.
/// 4. A lot with no bid in contention is not awarded.
///
/// Without a limit, every lot simply goes to its first-ranked bid.
public struct LotAwards: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case awarded(bid: String)
        /// The bids that share the winning rank, in the result's order.
        case tied(bids: [String])
        case noBid
    }

    /// A bid that ranked above the winner but whose bidder had already won
    /// `limit` lots.
    public struct PassedOver: Sendable, Equatable {
        public var bid: String
        public var rank: Int
        /// The lots its bidder had already won, in the order they were decided.
        public var lotsWon: [String]
    }

    public struct Decision: Sendable, Equatable {
        public var lot: String
        public var outcome: Outcome
        public var passedOver: [PassedOver]
    }

    /// The most lots one bidder may win; nil for no limit.
    public var limit: Int?
    /// One per lot, in the panel file's order.
    public var decisions: [Decision]

    public init(_ lots: [LotResult], limit: Int?) {
        self.limit = limit
        var won: [String: [String]] = [:]
        decisions = lots.map { lot in
            let ranked = lot.result.bids.filter { $0.rank != nil }
            var passedOver: [PassedOver] = []
            var start = 0
            while start < ranked.count {
                let rank = ranked[start].rank!
                var end = start
                while end < ranked.count, ranked[end].rank == rank { end += 1 }
                let group = ranked[start..<end]
                let eligible = group.filter { bid in limit.map { won[bid.bid.bidderKey, default: []].count < $0 } ?? true }
                for bid in group where !eligible.contains(where: { $0.bid.id == bid.bid.id }) {
                    passedOver.append(PassedOver(bid: bid.bid.id, rank: rank, lotsWon: won[bid.bid.bidderKey] ?? []))
                }
                if eligible.count == 1 {
                    won[eligible[0].bid.bidderKey, default: []].append(lot.lot.id)
                    return Decision(lot: lot.lot.id, outcome: .awarded(bid: eligible[0].bid.id), passedOver: passedOver)
                }
                if eligible.count > 1 {
                    return Decision(lot: lot.lot.id, outcome: .tied(bids: eligible.map(\.bid.id)), passedOver: passedOver)
                }
                start = end
            }
            return Decision(lot: lot.lot.id, outcome: .noBid, passedOver: passedOver)
        }
    }

    public func decision(lot: String) -> Decision? { decisions.first { $0.lot == lot } }
}
