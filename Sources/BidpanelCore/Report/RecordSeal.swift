/// The audit chain's head as printed on paper, so a printed page, a summary
/// or an export can be matched to the evaluation file it came from, and an
/// unverified record is never mistaken for a final one. The store computes
/// it (`EvaluationStore.seal()`); the documents only print it.
public struct RecordSeal: Sendable, Equatable {
    /// The newest audit entry's hash, 64 hex digits.
    public var head: String
    /// How many entries the chain has.
    public var count: Int
    /// Every problem `audit` found; empty when the chain and the tables verify.
    public var problems: [String]

    public init(head: String, count: Int, problems: [String] = []) {
        self.head = head
        self.count = count
        self.problems = problems
    }

    public var verified: Bool { problems.isEmpty }

    /// Enough of the head to compare by eye with a copy on paper (64 bits).
    public var shortHead: String { String(head.prefix(16)) }

    /// "Audit seal 1a2b3c4d5e6f7a8b, 152 entries"
    public var line: String { "Audit seal \(shortHead), \(count) \(count == 1 ? "entry" : "entries")" }

    /// Printed on every page and file made with `--unverified` from a record
    /// that does not verify; nil when it verifies.
    public var warning: String? {
        guard let first = problems.first else { return nil }
        let more = problems.count > 1 ? " (and \(problems.count - 1) more problem\(problems.count == 2 ? "" : "s"))" : ""
        return "NOT VERIFIED: \(first)\(more)"
    }
}

/// The version of bidpanel that made a file, a report or a crash log.
public enum BidpanelVersion {
    public static let current = "0.6.0"
}
