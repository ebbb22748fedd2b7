/// One lot of a tender split into lots (Procurement Act 2023 s.18), for
/// example one locality of a youth service. Each lot is scored as an
/// evaluation of its own: its bids' price marks, exclusions, ranks, flags
/// and what-if come only from the bids in it.
public struct Lot: Sendable, Equatable {
    /// [A-Za-z0-9._-]+, unique in the panel file.
    public var id: String
    public var title: String
    /// Replaces `[scoring] budget` for this lot's bids.
    public var budget: Exact?
    /// Replaces `[scoring] abnormally_low` for this lot.
    public var abnormallyLow: Exact?
    /// Criterion id → weight, replacing that criterion's weight in this lot
    /// only; the lot's weights still add up to `quality` exactly.
    public var weights: [String: Exact]

    public init(id: String, title: String, budget: Exact? = nil, abnormallyLow: Exact? = nil,
                weights: [String: Exact] = [:]) {
        self.id = id
        self.title = title
        self.budget = budget
        self.abnormallyLow = abnormallyLow
        self.weights = weights
    }
}

extension Panel {
    /// The panel as one lot sees it: only that lot's bids, and the lot's
    /// budget, abnormally-low setting and weights in place of the file's.
    /// Scoring it with the engine gives the lot's result, so one lot's
    /// figures can never depend on a bid in another.
    public func lotPanel(_ lot: Lot) -> Panel {
        var panel = self
        panel.bids = bids.filter { $0.lot == lot.id }
        if let budget = lot.budget { panel.scoring.budget = budget }
        if let low = lot.abnormallyLow { panel.scoring.abnormallyLow = low }
        if !lot.weights.isEmpty {
            panel.criteria = criteria.map { criterion in
                var criterion = criterion
                if let weight = lot.weights[criterion.id] { criterion.weight = weight }
                return criterion
            }
        }
        panel.lots = [lot]
        return panel
    }
}

extension Bid {
    /// Who the bidder is across lots: the supplier's unique identifier, or
    /// where the file gives none, the bidder's name exactly as written.
    public var bidderKey: String {
        if let supplier = contact.supplierID, !supplier.isEmpty { return "id:" + supplier }
        return "name:" + bidder
    }
}

extension Panel {
    /// The panel with its bids lot by lot, in the file's order of lots and,
    /// within a lot, in the file's order of bids: the order members walk
    /// them and the chair's board lists them. Unchanged without lots.
    public func bidsGroupedByLot() -> Panel {
        guard !lots.isEmpty else { return self }
        var panel = self
        let place = Dictionary(lots.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        panel.bids = bids.enumerated().sorted { a, b in
            let (x, y) = (place[a.element.lot ?? ""] ?? lots.count, place[b.element.lot ?? ""] ?? lots.count)
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
        return panel
    }
}
