import BidpanelStore
import PostgresNIO

/// The writes beyond recording and submitting: conflicts, and what only the
/// chair may do. Each is one server function that checks the session and
/// the rules, and answers the number of the audit entry it appended (0
/// when nothing changed).
extension PostgresTerminal {
    /// The signed-in member's conflicts of interest; none at all is recorded as "none".
    @discardableResult
    public func declareConflicts(token: String, _ conflicts: [(bid: String, reason: String)]) async throws -> Int {
        var bindings = PostgresBindings()
        bindings.append(token)
        bindings.append(conflicts.map(\.bid))
        bindings.append(conflicts.map(\.reason))
        return try await number(call("SELECT \(schema.schemaSQL).declare_conflicts($1, $2, $3)", bindings))
    }

    @discardableResult
    public func moderate(token: String, bid: String, criterion: String, principle: String = "",
                         value: String, reason: String) async throws -> Int {
        try await number(call("SELECT \(schema.schemaSQL).moderate_value($1, $2, $3, $4, $5, $6)",
                              token, bid, criterion, principle, value, reason))
    }

    @discardableResult
    public func declareNotScoring(token: String, bid: String) async throws -> Int {
        try await number(call("SELECT \(schema.schemaSQL).declare_not_scoring($1, $2)", token, bid))
    }

    @discardableResult
    public func withdrawConflict(token: String, bid: String, member: String, reason: String) async throws -> Int {
        try await number(call("SELECT \(schema.schemaSQL).withdraw_conflict($1, $2, $3, $4)", token, bid, member, reason))
    }

    @discardableResult
    public func reopen(token: String, bid: String, for member: String, reason: String) async throws -> Int {
        try await number(call("SELECT \(schema.schemaSQL).reopen_bid($1, $2, $3, $4)", token, bid, member, reason))
    }

    /// Takes a bid out of the competition: `standing` is "withdrawn" or "disqualified".
    @discardableResult
    public func remove(token: String, bid: String, as standing: String, reason: String) async throws -> Int {
        try await number(call("SELECT \(schema.schemaSQL).remove_bid($1, $2, $3, $4)", token, bid, standing, reason))
    }

    @discardableResult
    public func reinstate(token: String, bid: String, reason: String) async throws -> Int {
        try await number(call("SELECT \(schema.schemaSQL).reinstate_bid($1, $2, $3)", token, bid, reason))
    }

    /// Signs the evaluation off; the seal (count and head) right after the
    /// sign-off's entry, to write on paper.
    public func signOff(token: String, anyway reason: String = "") async throws -> (count: Int, head: String) {
        let rows = try await call("SELECT audit_count, audit_head FROM \(schema.schemaSQL).sign_off($1, $2)", token, reason)
        return try await translated {
            for try await (count, head) in rows.decode((Int, String).self) { return (count, head) }
            throw PostgresStoreError("the server did not answer the sign-off with its seal")
        }
    }

    @discardableResult
    public func reopenEvaluation(token: String, reason: String) async throws -> Int {
        try await number(call("SELECT \(schema.schemaSQL).reopen_evaluation($1, $2)", token, reason))
    }

    /// The chair sets (or resets) a member's PIN.
    public func setPIN(token: String, member: String, pin: String) async throws {
        try await perform("SELECT \(schema.schemaSQL).chair_set_pin($1, $2, $3)", token, member, pin)
    }

    /// The whole audit log, to the chair only, in order.
    public func auditEntries(token: String) async throws -> [AuditEntry] {
        let rows = try await call("""
            SELECT seq, at, actor, action, bid, criterion, principle, member, old_value, new_value, reason, source,
                   prev_hash, hash, encoding
            FROM \(schema.schemaSQL).audit_entries($1)
            """, token)
        return try await translated {
            var entries: [AuditEntry] = []
            for try await (seq, at, actor, action, bid, criterion, principle, member, old, new, reason, source,
                           prevHash, hash, encoding)
                in rows.decode((Int, String, String, String, String, String, String, String, String, String, String, String,
                                String, String, Int).self) {
                entries.append(AuditEntry(
                    seq: seq, at: at, actor: actor, action: action, bid: bid, criterion: criterion, principle: principle,
                    member: member, oldValue: old, newValue: new, reason: reason, source: source, prevHash: prevHash,
                    hash: hash, hashEncoding: encoding))
            }
            return entries
        }
    }

    /// The whole chain checked in Swift with the evaluation file's own
    /// check: every entry read through the chair's function, the count and
    /// head read in the same transaction. Empty when it verifies.
    public func auditChainProblems(token: String) async throws -> [String] {
        try await connection.transaction(logger: logger) { _ in
            // One snapshot for the entries and the head.
            try await perform("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            let entries = try await auditEntries(token: token)
            guard let end = try await auditHead(token: token) else {
                throw PostgresStoreError("not signed in, or the sign-in has ended: sign in again")
            }
            return AuditChainCheck.problems(in: entries, count: end.count, head: end.head)
        }
    }
}
