/// What a criterion's final value decides, in words, for the screens where
/// values are given and agreed: "A final value below 2 excludes the bid."
extension Criterion {
    /// Nil when no final value on this criterion can exclude a bid.
    public func exclusionRule(plain: Bool = false) -> String? {
        switch kind {
        case .passFail:
            return plain ? "If the bid fails this, it cannot win." : "A final Fail excludes the bid."
        case .scored:
            guard let threshold else { return nil }
            return plain ? "A final score below \(threshold) means the bid cannot win."
                         : "A final value below \(threshold) excludes the bid."
        case .ladder, .matrix:
            return nil
        }
    }
}
