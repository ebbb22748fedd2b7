/// The lowest and highest price among the bids still in contention: what
/// relative and linear price marks are worked out from (SPEC §2). One
/// definition, so the engine's marks and the working a summary prints for a
/// bidder come from the same two figures.
public struct PriceRange: Sendable, Equatable {
    public var lowest: Exact
    public var highest: Exact

    /// Nil when no bid in contention has a price. Excluded bids take no part.
    public static func inContention(_ bids: [BidResult]) -> PriceRange? {
        let prices = bids.filter { !$0.excluded }.compactMap(\.bid.price)
        guard let lowest = prices.min(), let highest = prices.max() else { return nil }
        return PriceRange(lowest: lowest, highest: highest)
    }
}

extension EvaluationResult {
    /// The range the price marks were worked out from.
    public var priceRange: PriceRange? { PriceRange.inContention(bids) }
}
