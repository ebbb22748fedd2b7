import BidpanelCore
import Logging
import PostgresNIO

/// The administrator's side: puts a panel into a migrated evaluation schema,
/// sets PINs and the terminal role's password. Runs as the evaluation's
/// owner role (the administrator acts as it), so everything it writes goes
/// through the same tables and the same audit chain as the terminals'
/// functions. No command calls it yet.
public struct PostgresEvaluationSetup: Sendable {
    public let schema: EvaluationSchema
    let logger: Logger

    public init(schema: EvaluationSchema, logger: Logger) {
        self.schema = schema
        self.logger = logger
    }

    /// Writes the panel's bids, members, criteria and principles, and the
    /// `create` audit entry, into an empty evaluation schema. Refuses one
    /// that holds an evaluation already: nothing is overwritten.
    public func create(panel: Panel, panelPath: String, panelText: String, on connection: PostgresConnection) async throws {
        if panel.members.contains(where: { $0.pair != nil }) {
            throw PostgresStoreError("young assessors in pairs are not built for PostgreSQL yet: use an evaluation file")
        }
        if !panel.stages.isEmpty || !panel.lots.isEmpty {
            throw PostgresStoreError("tenders in lots or stages are not built for PostgreSQL yet: use an evaluation file")
        }
        try await asOwner(on: connection) { connection in
            let rows = try await connection.query("SELECT count(*) FROM panel_source", logger: logger)
            for try await count in rows.decode(Int.self) where count > 0 {
                throw PostgresStoreError("schema \(schema.name) holds an evaluation already; nothing was changed")
            }
            let time = try await now(connection)
            try await connection.query("""
                INSERT INTO panel_source (id, path, toml, frozen_at) VALUES (1, \(panelPath), \(panelText), \(time))
                """, logger: logger)
            for (position, bid) in panel.bids.enumerated() {
                try await connection.query("""
                    INSERT INTO bid (id, position, bidder, price, answers_path, supplier_id, address, email)
                    VALUES (\(bid.id), \(position), \(bid.bidder), \(bid.price?.description), \(bid.answersPath),
                            \(bid.contact.supplierID), \(bid.contact.address), \(bid.contact.email))
                    """, logger: logger)
            }
            for (position, member) in panel.members.enumerated() {
                try await connection.query("""
                    INSERT INTO member (id, name, role, position)
                    VALUES (\(member.id), \(member.name), \(member.role.rawValue), \(position))
                    """, logger: logger)
            }
            for (position, criterion) in panel.criteria.enumerated() {
                try await connection.query("""
                    INSERT INTO criterion (id, position, kind, scored_by, stage, allowed_values)
                    VALUES (\(criterion.id), \(position), \(criterion.kind.rawValue),
                            \(criterion.scoredBy.map(\.rawValue)), \(criterion.stage),
                            \(Self.allowedValues(criterion, panel: panel)))
                    """, logger: logger)
            }
            for (position, principle) in panel.matrix.principles.enumerated() {
                try await connection.query("INSERT INTO principle (id, position) VALUES (\(principle.id), \(position))",
                                           logger: logger)
            }
            let summary = "\(panel.tender.id) from \(panelPath): \(panel.criteria.count) criteria, "
                + "\(panel.members.count) members, \(panel.bids.count) bids, on PostgreSQL (schema \(schema.name))"
            try await connection.query("""
                SELECT append_audit(\(time), 'system', 'create', '', '', '', '', '', \(summary), '', 'command')
                """, logger: logger)
        }
    }

    /// Every value a criterion takes, as the file writes it (ScoresCSV), so
    /// the server checks a value fits without reading the panel's TOML.
    static func allowedValues(_ criterion: Criterion, panel: Panel) -> [String] {
        let values: [BidpanelCore.Value]
        switch criterion.kind {
        case .scored: values = (panel.scale(id: criterion.scaleID ?? "")?.points ?? []).map { .scale($0.value) }
        case .ladder: values = panel.ladder.rungs.indices.map { .rung($0) }
        case .matrix: values = panel.matrix.levels.indices.map { .level($0) }
        case .passFail: values = [.pass(true), .pass(false)]
        }
        return values.map { ScoresCSV.format($0, panel: panel) }
    }

    /// Sets a member's PIN (bcrypt, on the server); audited as `set-pin`.
    public func setPIN(member: String, pin: String, actor: String, on connection: PostgresConnection) async throws {
        try await asOwner(on: connection) { connection in
            // Read to the end: the server's refusal comes with the rows.
            let rows = try await connection.query("SELECT set_pin(\(actor), \(member), \(pin), 'command')", logger: logger)
            for try await _ in rows {}
        }
    }

    /// The password the terminal role logs in with. PostgreSQL does not take
    /// a bound value here, so the server quotes it first.
    public func setTerminalPassword(_ password: String, on connection: PostgresConnection) async throws {
        let rows = try await connection.query("SELECT quote_literal(\(password))", logger: logger)
        for try await quoted in rows.decode(String.self) {
            try await connection.query(PostgresQuery(unsafeSQL: "ALTER ROLE \(schema.terminalSQL) PASSWORD \(quoted)"),
                                       logger: logger)
        }
    }

    /// Runs `body` in a transaction as the owner role, in the schema.
    @discardableResult
    func asOwner<Result: Sendable>(on connection: PostgresConnection,
                                   _ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        try await connection.transaction(logger: logger) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "SET LOCAL ROLE \(schema.ownerSQL)"), logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: "SET LOCAL search_path = \(schema.schemaSQL), pg_temp"),
                                       logger: logger)
            return try await body(connection)
        }
    }

    private func now(_ connection: PostgresConnection) async throws -> String {
        for try await time in try await connection.query("SELECT now_text()", logger: logger).decode(String.self) {
            return time
        }
        throw PostgresStoreError("the server did not tell the time")
    }
}
