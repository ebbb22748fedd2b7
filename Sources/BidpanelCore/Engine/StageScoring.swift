/// A competition (a whole tender, or one lot) scored in stages: each stage
/// is scored as an evaluation of its own criteria (price not yet scored),
/// its shortlist rule picks who goes on, and the final result scores the
/// bids that reached the last stage on every stage's criteria, each stage
/// in its share (`Panel.finalPanel`), with price. The rules are written
/// down in docs/scoring.md ("Stages").
public enum StageScoring {
    /// `signedOff`: the stages the chair has signed off, with the bids that
    /// were out of the competition then. A signed-off stage's shortlist is
    /// the one drawn up at sign-off: scored on the sheet as it stood (its
    /// values are fixed; only the withdrawn and disqualified bids can have
    /// changed since), so a bid withdrawn later leaves it, no bid joins it
    /// by itself, and the chair's overrides are the only way on.
    public static func score(_ panel: Panel, _ sheet: ScoreSheet, overrides: [ShortlistOverride] = [],
                             signedOff: [StageAtSignOff] = []) -> StagedResult {
        var bids = panel.bids
        var outcomes: [StageOutcome] = []
        for (index, stage) in panel.stages.enumerated() {
            let stagePanel = panel.stagePanel(stage, bids: bids)
            guard index < panel.stages.count - 1 else {
                outcomes.append(StageOutcome(stage: stage, panel: stagePanel, result: ScoringEngine.score(stagePanel, sheet), decisions: []))
                break
            }
            let atSignOff = signedOff.last { $0.stage == stage.id }
            let result = ScoringEngine.score(stagePanel, atSignOff.map { $0.sheet(from: sheet) } ?? sheet)
            let decisions = shortlist(result, rule: stage.shortlist ?? ShortlistRule(), quality: panel.scoring.quality,
                                      overrides: overrides.filter { $0.stage == stage.id })
            // Drawn at sign-off: a bid out of the competition now but not then has left it since.
            let left = atSignOff.map { drawn in
                decisions.filter(\.goesOn).compactMap { decision in
                    drawn.removals.contains(where: { $0.bid == decision.bid }) ? nil : sheet.removal(of: decision.bid)
                }
            } ?? []
            outcomes.append(StageOutcome(stage: stage, panel: stagePanel, result: result, decisions: decisions,
                                         drawnAtSignOff: atSignOff != nil, leftSince: left))
            // A bid that left stays in the next stage, out with its reason,
            // so that reinstating it puts it back where it was.
            let goingOn = Set(decisions.filter(\.goesOn).map(\.bid))
            bids = bids.filter { goingOn.contains($0.id) }
        }
        let finalPanel = panel.finalPanel(bids: bids)
        return StagedResult(stages: outcomes, finalPanel: finalPanel, final: ScoringEngine.score(finalPanel, sheet))
    }

    /// Who goes on, for every bid of the stage, in the result's order.
    static func shortlist(_ result: EvaluationResult, rule: ShortlistRule, quality: Exact,
                          overrides: [ShortlistOverride]) -> [ShortlistDecision] {
        let needed = rule.atLeast.map { quality * $0 / Exact(100) }
        let eligible = result.bids.filter { bid in !bid.excluded && needed.map { bid.qualityMarks >= $0 } ?? true }
        // A tie at the last place takes every bid tied there.
        let lastRank = rule.top.flatMap { $0 >= 1 && eligible.count >= $0 ? eligible[$0 - 1].rank : nil }
        return result.bids.map { bid in
            var why: ShortlistDecision.Why
            if bid.excluded {
                why = .excluded
            } else if let needed, bid.qualityMarks < needed {
                why = .belowShare(needed: needed)
            } else if let lastRank, let rank = bid.rank, rank > lastRank {
                why = .outsideTop
            } else {
                why = .byRule
            }
            if let override = overrides.last(where: { $0.bid == bid.bid.id }) {
                why = .overridden(goesOn: override.goesOn, reason: override.reason, rule: why.goesOn)
            }
            return ShortlistDecision(bid: bid.bid.id, why: why)
        }
    }
}

/// The chair's decision to put a bid on a stage's shortlist, or take it
/// off, against the rule, with the reason (recorded in the audit log).
public struct ShortlistOverride: Sendable, Equatable {
    public var stage: String
    public var bid: String
    public var goesOn: Bool
    public var reason: String

    public init(stage: String, bid: String, goesOn: Bool, reason: String) {
        self.stage = stage
        self.bid = bid
        self.goesOn = goesOn
        self.reason = reason
    }
}

/// A stage the chair has signed off, and the bids that were withdrawn or
/// disqualified at that moment: its shortlist is drawn against them.
public struct StageAtSignOff: Sendable, Equatable {
    public var stage: String
    public var removals: [BidRemoval]

    public init(stage: String, removals: [BidRemoval]) {
        self.stage = stage
        self.removals = removals
    }

    /// The sheet as it stood at sign-off: today's values (a signed-off
    /// stage's cannot change) with the bids out then, and only those, out.
    func sheet(from sheet: ScoreSheet) -> ScoreSheet {
        var asItStood = sheet
        for removal in sheet.removals { asItStood.reinstate(bid: removal.bid) }
        for removal in removals { asItStood.remove(removal) }
        return asItStood
    }
}

/// Whether one bid goes on after a stage, and why.
public struct ShortlistDecision: Sendable, Equatable {
    public enum Why: Sendable, Equatable {
        /// The rule puts it on the shortlist.
        case byRule
        /// Its quality marks are below the rule's share.
        case belowShare(needed: Exact)
        /// Ranked below the rule's top places.
        case outsideTop
        /// Excluded at this stage (a failed pass/fail, a threshold, the budget…).
        case excluded
        /// The chair's decision against the rule (`rule`: what the rule said).
        case overridden(goesOn: Bool, reason: String, rule: Bool)

        public var goesOn: Bool {
            switch self {
            case .byRule: true
            case .belowShare, .outsideTop, .excluded: false
            case let .overridden(goesOn, _, _): goesOn
            }
        }
    }

    public var bid: String
    public var why: Why
    public var goesOn: Bool { why.goesOn }
}

/// Every stage of one competition, and its final result.
public struct StagedResult: Sendable, Equatable {
    public var stages: [StageOutcome]
    /// The panel the final result was scored on (`Panel.finalPanel`).
    public var finalPanel: Panel
    /// The bids that reached the last stage, scored on every stage in its
    /// share, with price.
    public var final: EvaluationResult

    /// False while any stage (and so its shortlist) is provisional.
    public var complete: Bool { stages.allSatisfy(\.result.complete) && final.complete }

    public func stage(_ id: String) -> StageOutcome? { stages.first { $0.stage.id == id } }
}

public struct StageOutcome: Sendable, Equatable {
    public var stage: Stage
    /// The panel this stage was scored on (`Panel.stagePanel`).
    public var panel: Panel
    public var result: EvaluationResult
    /// For every bid of the stage, whether it goes on; empty on the last
    /// stage. Once the stage is signed off, as drawn up then.
    public var decisions: [ShortlistDecision]
    /// True once the stage is signed off: its shortlist no longer redraws.
    public var drawnAtSignOff: Bool = false
    /// Bids on the shortlist drawn at sign-off that were withdrawn or
    /// disqualified since: they have left it, and nobody took their place.
    public var leftSince: [BidRemoval] = []

    /// The ids of the bids that go on, in the result's order (not those
    /// that left the shortlist after sign-off).
    public var shortlist: [String] {
        decisions.filter { decision in decision.goesOn && !leftSince.contains { $0.bid == decision.bid } }.map(\.bid)
    }
}
