/// How the funded set (with a pot) or the winning bid(s) cover the
/// council's outcome themes (docs/scoring.md §16). Advice only: it reads
/// the result and never changes a mark, rank or award.
public struct OutcomeCoverage: Sendable, Equatable {
    public enum Basis: String, Sendable, Equatable {
        /// A grants round with a pot: the bids funded, wholly or in part.
        case funded
        /// Otherwise: the bids ranked first.
        case winning
    }

    public struct Theme: Sendable, Equatable {
        public var theme: OutcomeTheme
        /// The bids of the set that address it, in the set's order.
        public var bids: [String]
    }

    public var basis: Basis
    /// The funded or winning bids, in rank order.
    public var set: [String]
    public var themes: [Theme]
    /// False while the result is provisional: so is the coverage.
    public var complete: Bool

    /// The themes no bid of the set addresses.
    public var uncovered: [OutcomeTheme] { themes.filter { $0.bids.isEmpty }.map(\.theme) }

    /// Nil when the panel lists no outcome themes.
    public init?(panel: Panel, result: EvaluationResult) {
        guard !panel.outcomes.isEmpty else { return nil }
        if let funding = FundingLine(result, rules: panel.scoring) {
            basis = .funded
            set = funding.funded.map(\.bid)
        } else {
            basis = .winning
            set = result.bids.filter { $0.rank == 1 }.map(\.bid.id)
        }
        complete = result.complete
        let byID = Dictionary(result.bids.map { ($0.bid.id, $0) }, uniquingKeysWith: { first, _ in first })
        let chosen = set.compactMap { byID[$0] }
        themes = panel.outcomes.map { theme in
            Theme(theme: theme, bids: chosen.filter { Self.addresses($0, theme.id) }.map(\.bid.id))
        }
    }

    /// A bid addresses a theme when it names the theme among its own
    /// outcomes, or earns marks on a criterion tagged with it.
    static func addresses(_ bid: BidResult, _ theme: String) -> Bool {
        bid.bid.outcomes.contains(theme)
            || bid.criteria.contains { $0.criterion.outcomes.contains(theme) && $0.marks > .zero }
    }
}

/// `[[outcome]]`: one of the council's outcome themes, such as "Healthier
/// communities" (docs/panel-format.md §3.13).
public struct OutcomeTheme: Sendable, Equatable {
    public var id: String
    public var title: String

    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }
}
