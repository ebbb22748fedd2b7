/// What a criterion's final value decides, in words, for the screens where
/// values are given and agreed: "A final value below 2 (Fair) excludes the bid."
/// One definition for scoring and moderation, and the test of a value with it.
extension Criterion {
    /// Nil when no final value on this criterion can exclude a bid. With the
    /// panel, the threshold's point is named by its label too.
    public func exclusionRule(panel: Panel? = nil, plain: Bool = false) -> String? {
        switch kind {
        case .passFail:
            return plain ? "If the bid fails this, it cannot win." : "A final Fail excludes the bid."
        case .scored:
            guard let threshold else { return nil }
            let label = panel?.scale(id: scaleID ?? "")?.points.first { $0.value == threshold }?.label
            let named = "\(threshold)" + (label.map { " (\($0))" } ?? "")
            return plain ? "A final score below \(named) means the bid cannot win."
                         : "A final value below \(named) excludes the bid."
        case .ladder, .matrix:
            return nil
        }
    }

    /// Whether agreeing `value` on this item excludes the bid by itself.
    public func excludes(_ value: Value) -> Bool {
        switch (kind, value) {
        case (.passFail, .pass(let passed)): !passed
        case (.scored, .scale(let number)): threshold.map { number < $0 } ?? false
        default: false
        }
    }
}
