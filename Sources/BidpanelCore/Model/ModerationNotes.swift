/// What the chair adds while moderating, besides the agreed values and their
/// reasons (issue 11): an optional note on any item, and, for a bid the
/// chair could score, that they said "I am not scoring this bid". Both are
/// kept in the audit log and printed in the report.
public struct ModerationNotes: Sendable, Equatable {
    /// Who wrote or said something, and when (as the producer writes times).
    public struct Entry: Sendable, Equatable {
        public var text: String
        public var by: String
        public var at: String

        public init(text: String = "", by: String, at: String) {
            self.text = text
            self.by = by
            self.at = at
        }
    }

    /// The newest note on each item; an item whose note was cleared has none.
    public var notes: [Slot: Entry]
    /// Bid id → when the chair said they are not scoring it; the text is
    /// empty when they said so, or says why it counts as not scoring.
    public var notScoring: [String: Entry]

    public init(notes: [Slot: Entry] = [:], notScoring: [String: Entry] = [:]) {
        self.notes = notes
        self.notScoring = notScoring
    }
}

extension Criterion {
    /// The rule that can exclude a bid on this item, in words, or nil when
    /// none does: "A final value below 2 (Fair) excludes the bid."
    public func exclusionRule(panel: Panel) -> String? {
        switch kind {
        case .passFail:
            return "A final fail excludes the bid."
        case .scored:
            guard let threshold else { return nil }
            let label = panel.scale(id: scaleID ?? "")?.points.first { $0.value == threshold }?.label
            return "A final value below \(threshold)\(label.map { " (\($0))" } ?? "") excludes the bid."
        default:
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
