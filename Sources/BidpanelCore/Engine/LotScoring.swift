/// A tender split into lots, scored lot by lot: each lot is its own
/// competition (`Panel.lotPanel`), then the award rule decides who wins
/// which lot. A panel without lots is one competition, as `ScoringEngine`
/// has always scored it.
public enum LotScoring {
    /// `tieDecisions`: the chair's recorded choices on tied lots (`LotAwards`).
    /// `signedOff`: the stages signed off (`StageScoring`); each lot's
    /// shortlists are the ones drawn at sign-off.
    public static func score(_ panel: Panel, _ sheet: ScoreSheet, overrides: [ShortlistOverride] = [],
                             tieDecisions: [TieDecision] = [], signedOff: [StageAtSignOff] = []) -> TenderResult {
        let lots = panel.lots.map { lot in
            let lotPanel = panel.lotPanel(lot)
            guard !panel.stages.isEmpty else {
                return LotResult(lot: lot, panel: lotPanel, result: ScoringEngine.score(lotPanel, sheet))
            }
            // In stages, each lot has its own shortlists; the lot's result is the final one.
            let staged = StageScoring.score(lotPanel, sheet, overrides: overrides, signedOff: signedOff)
            return LotResult(lot: lot, panel: staged.finalPanel, result: staged.final, stages: staged)
        }
        return TenderResult(lots: lots, awards: LotAwards(lots, limit: panel.scoring.maxLotsPerBidder, tieDecisions: tieDecisions))
    }
}

/// The chair's choice of winner for a lot whose leading bids are tied,
/// with the reason (the store keeps it, audited: `TieDecisions`).
public struct TieDecision: Sendable, Equatable {
    public var lot: String
    public var bid: String
    public var reason: String

    public init(lot: String, bid: String, reason: String) {
        self.lot = lot
        self.bid = bid
        self.reason = reason
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
///    not awarded automatically. The chair decides, and records why
///    (`TieDecision`); the lot then goes to the chosen bid and counts
///    towards its bidder's limit in the later lots. Until then the later
///    lots are worked out as if it had gone to nobody. A recorded choice
///    that no longer fits (the lot is not tied now, or the chosen bid is
///    not among the tied ones, after scores changed) is not applied, and
///    the decision says so (`setAside`).
/// 4. A lot with no bid in contention is not awarded.
///
/// Without a limit, every lot simply goes to its first-ranked bid.
public struct LotAwards: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case awarded(bid: String)
        /// The bids that share the winning rank, in the result's order.
        case tied(bids: [String])
        /// The lot was tied between `tied`; the chair chose `bid`.
        case chairDecided(bid: String, tied: [String], reason: String)
        case noBid

        /// The bid the lot goes to, if any.
        public var winner: String? {
            switch self {
            case let .awarded(bid), let .chairDecided(bid, _, _): bid
            case .tied, .noBid: nil
            }
        }
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
        /// The chair's recorded choice for this lot when it no longer
        /// applies (scores changed since): shown, never applied.
        public var setAside: TieDecision? = nil
    }

    /// The most lots one bidder may win; nil for no limit.
    public var limit: Int?
    /// One per lot, in the panel file's order.
    public var decisions: [Decision]

    public init(_ lots: [LotResult], limit: Int?, tieDecisions: [TieDecision] = []) {
        self.limit = limit
        var won: [String: [String]] = [:]
        decisions = lots.map { lot in
            let chosen = tieDecisions.last { $0.lot == lot.lot.id }
            var decision = Self.decide(lot, limit: limit, chosen: chosen, won: &won)
            if let chosen, decision.outcome != .chairDecided(bid: chosen.bid, tied: decision.outcome.tiedBids, reason: chosen.reason) {
                decision.setAside = chosen
            }
            return decision
        }
    }

    private static func decide(_ lot: LotResult, limit: Int?, chosen: TieDecision?, won: inout [String: [String]]) -> Decision {
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
                let tied = eligible.map(\.bid.id)
                if let chosen, let pick = eligible.first(where: { $0.bid.id == chosen.bid }) {
                    won[pick.bid.bidderKey, default: []].append(lot.lot.id)
                    return Decision(lot: lot.lot.id, outcome: .chairDecided(bid: chosen.bid, tied: tied, reason: chosen.reason),
                                    passedOver: passedOver)
                }
                return Decision(lot: lot.lot.id, outcome: .tied(bids: tied), passedOver: passedOver)
            }
            start = end
        }
        return Decision(lot: lot.lot.id, outcome: .noBid, passedOver: passedOver)
    }

    public func decision(lot: String) -> Decision? { decisions.first { $0.lot == lot } }
}

extension LotAwards.Outcome {
    /// The bids tied for the lot (whether or not the chair has chosen); empty when it was not tied.
    public var tiedBids: [String] {
        switch self {
        case let .tied(bids), let .chairDecided(_, bids, _): bids
        case .awarded, .noBid: []
        }
    }
}
