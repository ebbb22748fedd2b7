import Logging
import PostgresNIO

/// A terminal's side: connected as the evaluation's terminal role, it can
/// only call the schema's functions, and every rule is the server's. A
/// thin layer, so the tests can drive the functions from Swift as well as
/// from psql; the screens do not use it yet.
public struct PostgresTerminal: Sendable {
    public let schema: EvaluationSchema
    let connection: PostgresConnection
    let logger: Logger

    public init(schema: EvaluationSchema, connection: PostgresConnection, logger: Logger) {
        self.schema = schema
        self.connection = connection
        self.logger = logger
    }

    /// One member value as the server hands it out.
    public struct StoredValue: Sendable, Equatable {
        public var bid: String
        public var criterion: String
        public var principle: String
        public var member: String
        public var value: String
        public var comment: String
    }

    /// The token of a new session, or what to tell the person (a wrong PIN,
    /// a lock), in the server's words.
    public func signIn(member: String, pin: String) async throws -> Result<String, PostgresStoreError> {
        let rows = try await call("SELECT token, message FROM \(schema.schemaSQL).sign_in($1, $2)", member, pin)
        for try await (token, message) in rows.decode((String?, String?).self) {
            if let token { return .success(token) }
            return .failure(PostgresStoreError(message ?? "not signed in"))
        }
        return .failure(PostgresStoreError("the server gave no answer to signing in"))
    }

    public func signOut(token: String) async throws {
        try await perform("SELECT \(schema.schemaSQL).sign_out($1)", token)
    }

    /// Records a value; the number of its audit entry, or 0 if unchanged.
    @discardableResult
    public func record(token: String, bid: String, criterion: String, principle: String = "",
                       value: String, comment: String = "") async throws -> Int {
        try await number(call("SELECT \(schema.schemaSQL).record_value($1, $2, $3, $4, $5, $6)",
                              token, bid, criterion, principle, value, comment))
    }

    /// Submits a bid; the number of its audit entry, or 0 if it was submitted already.
    @discardableResult
    public func submit(token: String, bid: String) async throws -> Int {
        try await number(call("SELECT \(schema.schemaSQL).submit_bid($1, $2)", token, bid))
    }

    public func myValues(token: String, bid: String) async throws -> [StoredValue] {
        try await values(call("SELECT bid, criterion, principle, member, value, comment FROM \(schema.schemaSQL).my_values($1, $2)",
                              token, bid))
    }

    public func allValues(token: String, bid: String) async throws -> [StoredValue] {
        try await values(call("SELECT bid, criterion, principle, member, value, comment FROM \(schema.schemaSQL).all_values($1, $2)",
                              token, bid))
    }

    /// Each bid's id and price, the price nil for those who may not read it.
    public func bidPrices(token: String) async throws -> [(bid: String, price: String?)] {
        var bids: [(bid: String, price: String?)] = []
        let rows = try await call("SELECT id, price FROM \(schema.schemaSQL).bids($1)", token)
        for try await (id, price) in rows.decode((String, String?).self) { bids.append((id, price)) }
        return bids
    }

    /// How many entries the audit log has, and its head.
    public func auditHead(token: String) async throws -> (count: Int, head: String)? {
        let rows = try await call("SELECT audit_count, audit_head FROM \(schema.schemaSQL).audit_head($1)", token)
        for try await (count, head) in rows.decode((Int, String).self) { return (count, head) }
        return nil
    }

    /// Runs one statement; the server's words for any failure.
    @discardableResult
    func call(_ sql: String, _ values: String...) async throws -> PostgresRowSequence {
        var bindings = PostgresBindings()
        for value in values { bindings.append(value) }
        return try await call(sql, bindings)
    }

    @discardableResult
    func call(_ sql: String, _ bindings: PostgresBindings) async throws -> PostgresRowSequence {
        try await translated {
            try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        }
    }

    /// Runs a statement whose rows carry nothing, reading them to the end:
    /// the server's error for it arrives with the rows, not with the call.
    func perform(_ sql: String, _ values: String...) async throws {
        var bindings = PostgresBindings()
        for value in values { bindings.append(value) }
        let rows = try await call(sql, bindings)
        try await translated { for try await _ in rows {} }
    }

    func translated<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw PostgresStoreError(PostgresStoreError.words(of: error))
        }
    }

    func number(_ rows: PostgresRowSequence) async throws -> Int {
        try await translated {
            for try await number in rows.decode(Int.self) { return number }
            return 0
        }
    }

    private func values(_ rows: PostgresRowSequence) async throws -> [StoredValue] {
        try await translated {
            var values: [StoredValue] = []
            for try await (bid, criterion, principle, member, value, comment)
                in rows.decode((String, String, String, String, String, String).self) {
                values.append(StoredValue(bid: bid, criterion: criterion, principle: principle, member: member,
                                          value: value, comment: comment))
            }
            return values
        }
    }
}
