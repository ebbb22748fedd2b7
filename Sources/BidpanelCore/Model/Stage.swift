/// One stage of a tender scored in several rounds (the competitive flexible
/// procedure, Procurement Act 2023 s.20): for example written bids, then
/// interviews of a shortlist. Each criterion belongs to one stage; every
/// stage's criteria are a whole quality evaluation (their weights add up
/// to `quality`). The stages are in the panel file's order.
public struct Stage: Sendable, Equatable {
    /// [A-Za-z0-9._-]+, unique in the panel file.
    public var id: String
    public var title: String
    /// Who goes on to the next stage; nil on the last stage.
    public var shortlist: ShortlistRule?
    /// The percentage of the final quality marks that this stage's quality
    /// marks make up; zero when the next stage starts afresh. The last
    /// stage makes up the rest (100 minus every earlier stage's carry).
    public var carry: Exact

    public init(id: String, title: String, shortlist: ShortlistRule? = nil, carry: Exact = .zero) {
        self.id = id
        self.title = title
        self.shortlist = shortlist
        self.carry = carry
    }
}

/// Who goes on after a stage, in each lot: the `top` bids by the stage's
/// quality marks, those with quality marks of at least `atLeast` percent of
/// `quality`, or (with both) the top bids among those at or above the share.
/// Only bids in contention (not excluded) are shortlisted.
public struct ShortlistRule: Sendable, Equatable {
    public var top: Int?
    public var atLeast: Exact?

    public init(top: Int? = nil, atLeast: Exact? = nil) {
        self.top = top
        self.atLeast = atLeast
    }
}

extension Panel {
    /// The share of the final quality marks each stage makes up, in stage
    /// order, as a fraction: each earlier stage its carry, the last the rest.
    public var stageShares: [Exact] {
        guard !stages.isEmpty else { return [] }
        let earlier = stages.dropLast().map { $0.carry / Exact(100) }
        return earlier + [.one - Exact.sum(earlier)]
    }

    /// The panel as one stage is scored: only that stage's criteria, and
    /// price not yet scored (price marks come in the final result); `bids`
    /// are the bids in that stage.
    public func stagePanel(_ stage: Stage, bids: [Bid]) -> Panel {
        var panel = self
        panel.criteria = criteria.filter { $0.stage == stage.id }
        panel.bids = bids
        panel.scoring.priceFormula = .none
        panel.stages = [stage]
        return panel
    }

    /// The panel as the final result is scored: every stage's criteria,
    /// each weight times its stage's share (so they still add up to
    /// `quality`), a stage that starts afresh left out; and `bids`, those
    /// that reached the last stage. The engine then gives the final quality
    /// marks (the stages' marks in their shares), price marks and ranks.
    public func finalPanel(bids: [Bid]) -> Panel {
        var panel = self
        let shares = Dictionary(uniqueKeysWithValues: zip(stages.map(\.id), stageShares))
        panel.criteria = criteria.compactMap { criterion in
            guard let share = shares[criterion.stage ?? ""], !share.isZero else { return nil }
            var criterion = criterion
            criterion.weight = criterion.weight * share
            return criterion
        }
        panel.bids = bids
        return panel
    }
}
