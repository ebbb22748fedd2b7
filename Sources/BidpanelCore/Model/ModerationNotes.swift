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
