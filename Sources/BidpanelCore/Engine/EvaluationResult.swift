/// What the scoring engine concludes, with every figure exact. Rounding
/// happens only when a report publishes it.
public struct EvaluationResult: Sendable, Equatable {
    /// False while any value is missing (or, under consensus, unmoderated).
    public var complete: Bool
    public var quality: Exact
    public var price: Exact
    public var priceFormula: PriceFormula
    /// Ranked bids first (by rank, then panel order), then excluded bids in
    /// panel order.
    public var bids: [BidResult]

    public func bid(_ id: String) -> BidResult? { bids.first { $0.bid.id == id } }

    /// The most marks a bid can get: 100, or the quality marks alone where
    /// price is not scored (a stage before the last; a panel without price
    /// has quality 100).
    public var outOf: Exact { priceFormula == .none ? quality : quality + price }
}

public struct BidResult: Sendable, Equatable {
    public var bid: Bid
    public var qualityMarks: Exact
    public var priceMarks: Exact
    public var total: Exact { qualityMarks + priceMarks }
    /// Nil when excluded. Tied bids share a rank (1, 1, 3).
    public var rank: Int?
    public var reasons: [Exclusion]
    public var flags: [Flag]
    public var criteria: [CriterionResult]
    /// False while any of this bid's values is missing or unmoderated.
    public var complete: Bool

    public var excluded: Bool { !reasons.isEmpty }

    /// Withdrawn or disqualified, when it was; its figures are still worked out.
    public var removal: (standing: BidStanding, reason: String)? {
        for case let .removed(standing, reason) in reasons { return (standing, reason) }
        return nil
    }
}

/// How one criterion scored for one bid.
public struct CriterionResult: Sendable, Equatable {
    public var criterion: Criterion
    /// The final value on the criterion's own terms: a scale value, a rung
    /// index, or for a matrix the mean share (0 to 1); nil for pass/fail.
    public var finalValue: Exact?
    /// Pass/fail only.
    public var passed: Bool?
    /// The share n between 0 and 1 (SPEC §2).
    public var share: Exact
    /// weight × share.
    public var marks: Exact
    public var basis: Basis
    /// Matrix criteria: one entry per principle, in matrix order.
    public var principles: [PrincipleResult]
    /// Moderation reasons given by the chair for this criterion.
    public var reasons: [String]
    /// Members' values spread far enough to discuss.
    public var discuss: Bool
}

public struct PrincipleResult: Sendable, Equatable {
    public var principle: String
    /// The final level (may be fractional when averaged), nil when missing.
    public var level: Exact?
    public var basis: Basis
}

/// Where a final value came from.
public enum Basis: String, Sendable, Equatable {
    /// The chair's moderated value.
    case moderated
    /// The mean of members' values (the rule, or provisional under consensus).
    case mean
    case median
    /// Pass/fail decided from members: a fail by anyone fails it.
    case members
    /// Nobody has given a value yet: counts as 0 (or pass).
    case missing
}

/// Why a bid is out of contention. A bid keeps every reason that applies.
public enum Exclusion: Sendable, Equatable, CustomStringConvertible {
    case failed(criterion: String)
    /// `value` is nil when nobody has scored it yet (it counts as the bottom
    /// of the scale).
    case belowThreshold(criterion: String, value: Exact?, threshold: Exact)
    case overBudget(price: Exact, budget: Exact)
    case belowQualityThreshold(marks: Exact, needed: Exact)
    /// Withdrawn by the bidder or disqualified by the panel, with the chair's reason.
    case removed(BidStanding, reason: String)

    public var description: String { text(decimals: 2, money: Money(currency: "GBP")) }

    /// Human wording with figures rounded for publication.
    public func text(decimals: Int, money: Money) -> String {
        switch self {
        case let .failed(criterion):
            return "failed \(criterion) (pass/fail)"
        case let .belowThreshold(criterion, value?, threshold):
            return "\(criterion) scored \(value.compactFormatted(places: decimals)), below its threshold of \(threshold)"
        case let .belowThreshold(criterion, nil, threshold):
            return "\(criterion) is not scored yet (counts as the bottom of the scale), below its threshold of \(threshold)"
        case let .overBudget(price, budget):
            return "price \(money.format(price)) is over the budget of \(money.format(budget))"
        case let .belowQualityThreshold(marks, needed):
            return "quality marks \(marks.compactFormatted(places: decimals)) are below the minimum of \(needed.compactFormatted(places: decimals))"
        case let .removed(standing, reason):
            return "\(standing.phrase): \(SafeText.line(reason))"
        }
    }
}

/// Advice for the chair; never an exclusion.
public enum Flag: Sendable, Equatable, CustomStringConvertible {
    /// Members' values on this criterion spread widely.
    case discuss(criterion: String)
    /// The price is more than the panel's percentage below the others' mean.
    case abnormallyLow(percentBelow: Exact)
    /// First and second place are within the close margin.
    case closeCall(margin: Exact)

    /// The short code used in JSON and CSV: `discuss:<criterion>`,
    /// `abnormally-low`, `close-call`.
    public var code: String {
        switch self {
        case let .discuss(criterion): return "discuss:\(criterion)"
        case .abnormallyLow: return "abnormally-low"
        case .closeCall: return "close-call"
        }
    }

    public var description: String { code }

    public func text(decimals: Int) -> String {
        switch self {
        case let .discuss(criterion):
            return "discuss \(criterion): members' values differ widely"
        case let .abnormallyLow(percent):
            return "abnormally low price: \(percent.compactFormatted(places: 1))% below the mean of the other bids"
        case let .closeCall(margin):
            return "close call: first and second place are \(margin.compactFormatted(places: decimals)) marks apart"
        }
    }
}
