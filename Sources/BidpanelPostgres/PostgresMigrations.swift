import Logging
import PostgresNIO

/// One step of an evaluation's schema: statements run in order, in one
/// transaction, as the evaluation's owner role with the search path set to
/// its schema (so the tables and functions it makes belong to that role and
/// live in that schema). Each is a separate statement because PostgreSQL
/// prepares one statement at a time.
struct PostgresMigration: Sendable {
    var name: String
    var statements: @Sendable (MigrationContext) -> [String]
}

/// What a migration's text needs to know about where it runs.
struct MigrationContext: Sendable {
    var schema: EvaluationSchema
    /// The schema pgcrypto is installed in (a database has it once), quoted.
    var cryptoSchemaSQL: String
}

/// The migrations, applied in this order and recorded by name in the
/// schema's `schema_migration` table, so a database made by an older
/// bidpanel is brought up to date and none runs twice.
public enum PostgresMigrations {
    static let all: [PostgresMigration] = [tables, auditAndSignIn, terminalFunctions, scalesAndNotices, chairWrites]

    public static var names: [String] { all.map(\.name) }

    /// Makes the evaluation's roles and schema if they are missing, then
    /// applies every migration not applied yet. Run by the database's
    /// administrator (a role that may create roles, schemas and the
    /// pgcrypto extension, and act as the roles it made: a superuser, or
    /// the owner of the database with CREATEROLE). Returns the names applied.
    @discardableResult
    public static func migrate(_ schema: EvaluationSchema, on connection: PostgresConnection,
                               logger: Logger) async throws -> [String] {
        let setUp = try await connection.transaction(logger: logger) { connection in
            try await lock(schema, connection, logger)
            for statement in preparation(schema) {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            return try await applied(schema, connection, logger)
        }
        var newlyApplied: [String] = []
        for migration in all where !setUp.contains(migration.name) {
            let ran = try await connection.transaction(logger: logger) { connection -> Bool in
                try await lock(schema, connection, logger)
                // Another administrator may have applied it meanwhile.
                if try await applied(schema, connection, logger).contains(migration.name) { return false }
                let context = MigrationContext(schema: schema, cryptoSchemaSQL: try await cryptoSchema(connection, logger))
                try await connection.query(PostgresQuery(unsafeSQL: "SET LOCAL ROLE \(schema.ownerSQL)"), logger: logger)
                try await connection.query(PostgresQuery(unsafeSQL: "SET LOCAL search_path = \(schema.schemaSQL), pg_temp"), logger: logger)
                for statement in migration.statements(context) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(PostgresQuery(unsafeSQL: """
                    INSERT INTO \(schema.schemaSQL).schema_migration (name, applied_at) VALUES ($1, clock_timestamp())
                    """, binds: binds(migration.name)), logger: logger)
                return true
            }
            if ran { newlyApplied.append(migration.name) }
        }
        return newlyApplied
    }

    /// The roles, the schema and its record of migrations; the pgcrypto
    /// extension once per database. Safe to run again.
    static func preparation(_ schema: EvaluationSchema) -> [String] {
        [
            """
            DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(schema.ownerRole)') THEN
                    CREATE ROLE \(schema.ownerSQL) NOLOGIN;
                END IF;
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(schema.terminalRole)') THEN
                    CREATE ROLE \(schema.terminalSQL) LOGIN;
                END IF;
            END $$
            """,
            // Functions this owner makes are not executable by everyone.
            "ALTER DEFAULT PRIVILEGES FOR ROLE \(schema.ownerSQL) REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC",
            "CREATE SCHEMA IF NOT EXISTS \(schema.schemaSQL) AUTHORIZATION \(schema.ownerSQL)",
            "REVOKE ALL ON SCHEMA \(schema.schemaSQL) FROM PUBLIC",
            // USAGE lets the terminal name the functions; it grants no table.
            "GRANT USAGE ON SCHEMA \(schema.schemaSQL) TO \(schema.terminalSQL)",
            """
            CREATE TABLE IF NOT EXISTS \(schema.schemaSQL).schema_migration (
                name text PRIMARY KEY, applied_at timestamptz NOT NULL)
            """,
            "ALTER TABLE \(schema.schemaSQL).schema_migration OWNER TO \(schema.ownerSQL)",
            "CREATE SCHEMA IF NOT EXISTS bidpanel_crypto",
            "CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA bidpanel_crypto",
            """
            DO $$ BEGIN
                EXECUTE format('GRANT USAGE ON SCHEMA %I TO \(schema.ownerSQL)',
                               (SELECT nspname FROM pg_namespace JOIN pg_extension ON extnamespace = pg_namespace.oid
                                WHERE extname = 'pgcrypto'));
            END $$
            """,
        ]
    }

    /// One migration at a time in a database: evaluations share the
    /// pgcrypto extension, which two could otherwise both try to create.
    private static func lock(_ schema: EvaluationSchema, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext('bidpanel migrate'))", logger: logger)
    }

    private static func applied(_ schema: EvaluationSchema, _ connection: PostgresConnection,
                                _ logger: Logger) async throws -> Set<String> {
        let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT name FROM \(schema.schemaSQL).schema_migration"),
                                              logger: logger)
        var names = Set<String>()
        for try await name in rows.decode(String.self) { names.insert(name) }
        return names
    }

    private static func cryptoSchema(_ connection: PostgresConnection, _ logger: Logger) async throws -> String {
        let rows = try await connection.query("""
            SELECT quote_ident(nspname) FROM pg_namespace JOIN pg_extension ON extnamespace = pg_namespace.oid
            WHERE extname = 'pgcrypto'
            """, logger: logger)
        for try await name in rows.decode(String.self) { return name }
        throw PostgresStoreError("the pgcrypto extension is not installed in this database, and could not be")
    }

    static func binds(_ values: String...) -> PostgresBindings {
        var bindings = PostgresBindings()
        for value in values { bindings.append(value) }
        return bindings
    }
}
