/// The evaluation file's chain check, for an audit log kept elsewhere (a
/// PostgreSQL evaluation writes the same entries, hashed the same way):
/// the same checks, in the same words, as `bidpanel audit` gives a file.
public enum AuditChainCheck {
    /// Every break in the chain of `entries` (in order, from the first),
    /// then whether it ends at `count` entries and `head`, as the log's
    /// state says. Empty when the whole chain verifies.
    public static func problems(in entries: [AuditEntry], count: Int, head: String) -> [String] {
        AuditLog.problems(in: entries, count: count, head: head)
    }
}

/// Made public for an entry read from elsewhere (the synthesized one is internal).
extension AuditEntry {
    public init(seq: Int, at: String, actor: String, action: String, bid: String, criterion: String, principle: String,
                member: String, oldValue: String, newValue: String, reason: String, source: String,
                prevHash: String, hash: String, hashEncoding encoding: Int) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.action = action
        self.bid = bid
        self.criterion = criterion
        self.principle = principle
        self.member = member
        self.oldValue = oldValue
        self.newValue = newValue
        self.reason = reason
        self.source = source
        self.prevHash = prevHash
        self.hash = hash
        self.encoding = encoding
    }
}
