/// A grants round's funding line (docs/scoring.md §15): the pot funds the
/// ranked bids in rank order, each asking for its price, until it runs
/// out; `AtTheLine` says what happens to the bid that crosses the line.
/// Worked from the engine's result alone, with exact figures, so every
/// award and cumulative total follows from the ranks and prices shown
/// beside it.
public struct FundingLine: Sendable, Equatable {
    public var pot: Exact
    public var rule: AtTheLine
    /// One per bid: the fundable bids in rank order, then the rest in the
    /// result's order.
    public var entries: [Entry]
    /// False while the result is provisional: so is the line.
    public var complete: Bool

    public struct Entry: Sendable, Equatable {
        public var bid: String
        public var rank: Int?
        /// The bid's price: what it asks for. Nil only without a price.
        public var requested: Exact?
        /// What the pot gives it: its request, part of it, or nothing.
        public var award: Exact
        /// The pot given so far, down to and including this bid.
        public var cumulative: Exact
        public var status: Status
    }

    public enum Status: Sendable, Equatable {
        case funded
        /// Given what was left of the pot, less than it asked for.
        case partFunded
        /// Ranked, so fundable, but past the line.
        case notFunded(NotFunded)
        /// Excluded (every reason is in the engine's result), or asked for
        /// no amount; it was never in line for the pot.
        case notFundable

        public var code: String {
            switch self {
            case .funded: "funded"
            case .partFunded: "part-funded"
            case .notFunded: "not-funded"
            case .notFundable: "not-fundable"
            }
        }
    }

    /// Why a fundable bid was not funded.
    public enum NotFunded: Sendable, Equatable {
        /// It asked for more than was left (`left`); under "stop" the line
        /// falls above it, under "skip" the next bid down is tried.
        case crossesLine(left: Exact)
        /// Bids ranked equal that the pot cannot all fund: the chair decides.
        case tiedAtLine(with: [String])
        /// Below the line: the pot stopped at a bid ranked above it.
        case belowLine

        public var code: String {
            switch self {
            case .crossesLine: "crosses-line"
            case .tiedAtLine: "tied-at-line"
            case .belowLine: "below-line"
            }
        }
    }

    public func entry(_ bid: String) -> Entry? { entries.first { $0.bid == bid } }
    public var awarded: Exact { Exact.sum(entries.map(\.award)) }
    public var left: Exact { pot - awarded }
    public var funded: [Entry] { entries.filter { $0.status == .funded || $0.status == .partFunded } }
    /// "Fundable but not funded": ranked, and past the line.
    public var notFunded: [Entry] { entries.filter { if case .notFunded = $0.status { true } else { false } } }
    /// The bids tied at the line, when the chair must decide; empty otherwise.
    public var tiedAtLine: [String] {
        for entry in entries { if case let .notFunded(.tiedAtLine(with)) = entry.status { return with } }
        return []
    }

    /// Nil when the panel has no pot: a tender, not a grants round.
    public init?(_ result: EvaluationResult, rules: ScoringRules) {
        guard let pot = rules.pot else { return nil }
        self.init(result, pot: pot, rule: rules.atTheLine ?? .stop)
    }

    public init(_ result: EvaluationResult, pot: Exact, rule: AtTheLine) {
        self.pot = pot
        self.rule = rule
        complete = result.complete
        var left = pot, given = Exact.zero
        var stopped = false
        var entries: [Entry] = []
        func add(_ bid: BidResult, _ award: Exact, _ status: Status) {
            given += award
            entries.append(Entry(bid: bid.bid.id, rank: bid.rank, requested: bid.bid.price, award: award,
                                 cumulative: given, status: status))
        }
        // Bids sharing a rank are taken together: the tie-break rules could
        // not separate them, so neither may be funded ahead of the other.
        for group in Self.rankGroups(result) {
            let asks = group.map { $0.bid.price! }
            let needed = Exact.sum(asks)
            if stopped {
                for bid in group { add(bid, .zero, .notFunded(.belowLine)) }
            } else if needed <= left {
                for (bid, ask) in zip(group, asks) { add(bid, ask, .funded) }
                left -= needed
            } else if group.count > 1, asks.contains(where: { $0 <= left }) || (rule == .partFund && left > .zero) {
                // Funding one of them would choose between equals.
                let ids = group.map(\.bid.id)
                for bid in group { add(bid, .zero, .notFunded(.tiedAtLine(with: ids))) }
                stopped = true
            } else {
                for (bid, ask) in zip(group, asks) {
                    if rule == .partFund, left > .zero, ask > .zero {
                        add(bid, left, .partFunded)
                        left = .zero
                    } else {
                        add(bid, .zero, .notFunded(.crossesLine(left: left)))
                    }
                }
                stopped = rule != .skip
            }
        }
        for bid in result.bids where bid.rank == nil || bid.bid.price == nil { add(bid, .zero, .notFundable) }
        self.entries = entries
    }

    /// The ranked bids with a price, those sharing a rank together, in
    /// rank order. (The validator gives every bid a price when there is a
    /// pot; one without, from elsewhere, asks for nothing and is left out.)
    static func rankGroups(_ result: EvaluationResult) -> [[BidResult]] {
        var groups: [[BidResult]] = []
        for bid in result.bids where bid.rank != nil && bid.bid.price != nil {
            if let last = groups.last?.first, last.rank == bid.rank { groups[groups.count - 1].append(bid) }
            else { groups.append([bid]) }
        }
        return groups
    }
}
