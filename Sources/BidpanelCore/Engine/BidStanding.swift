/// Why a bid left the competition after the evaluation began: the bidder
/// withdrew it, or the panel disqualified it (for example a late finding of
/// a false declaration). Its values stay recorded; it is excluded from the
/// ranking, and the report, JSON, CSV and its summary give this reason.
public enum BidStanding: String, Sendable, Hashable, CaseIterable {
    case withdrawn, disqualified

    /// "withdrawn by the bidder", "disqualified by the panel".
    public var phrase: String {
        switch self {
        case .withdrawn: "withdrawn by the bidder"
        case .disqualified: "disqualified by the panel"
        }
    }
}

/// The chair's record that a bid left the competition, with the reason.
public struct BidRemoval: Sendable, Hashable {
    public var bid: String
    public var standing: BidStanding
    public var reason: String

    public init(bid: String, standing: BidStanding, reason: String) {
        self.bid = bid
        self.standing = standing
        self.reason = reason
    }
}
