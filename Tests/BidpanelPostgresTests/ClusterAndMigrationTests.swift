import BidpanelPostgres
import Foundation
import PostgresNIO
import Testing

/// The throwaway cluster is what the issue asks for, and the migrations
/// are applied in order, once, one schema per evaluation.
@Suite(.disabled(if: !PostgresCluster.runs, Comment(rawValue: PostgresCluster.notRunning ?? "")))
struct ClusterAndMigrationTests {
    @Test func theClusterListensOnLoopbackOnlyWithDurableCommits() throws {
        let cluster = try PostgresCluster.shared()
        print("PostgreSQL test cluster: initdb and start took \(String(format: "%.1f", cluster.startSeconds)) s (port \(cluster.port))")
        let listening = try cluster.psql(user: cluster.admin, password: cluster.adminPassword, "SHOW listen_addresses")
        #expect(listening.ok)
        #expect(listening.output.trimmingCharacters(in: .whitespacesAndNewlines) == "127.0.0.1")
        let durable = try cluster.psql(user: cluster.admin, password: cluster.adminPassword,
                                       "SELECT current_setting('synchronous_commit') || ' ' || current_setting('fsync')")
        #expect(durable.output.trimmingCharacters(in: .whitespacesAndNewlines) == "on on")
        let wrongPassword = try cluster.psql(user: cluster.admin, password: "not-the-password", "SELECT 1")
        #expect(!wrongPassword.ok)
        #expect(wrongPassword.output.contains("password authentication failed"))
    }

    @Test func migrationsAreAppliedInOrderAndOnlyOnce() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        let recorded = try fixture.psqlAsAdmin("SELECT name FROM \(fixture.schema.name).schema_migration ORDER BY applied_at, name")
        #expect(recorded.output.split(separator: "\n").map(String.init) == PostgresMigrations.names)
        let again = try await fixture.asAdmin { connection in
            try await PostgresMigrations.migrate(fixture.schema, on: connection, logger: fixture.logger)
        }
        #expect(again.isEmpty)
        let count = try fixture.psqlAsAdmin("SELECT count(*) FROM \(fixture.schema.name).schema_migration")
        #expect(count.output.trimmingCharacters(in: .whitespacesAndNewlines) == String(PostgresMigrations.names.count))
    }

    @Test func anEvaluationIsNotLoadedTwice() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        let error = await #expect(throws: PostgresStoreError.self) {
            try await fixture.asAdmin { connection in
                try await PostgresEvaluationSetup(schema: fixture.schema, logger: fixture.logger)
                    .create(panel: fixture.panel, panelPath: "again.toml", panelText: "", on: connection)
            }
        }
        #expect(error?.description.contains("holds an evaluation already") == true)
        let bids = try fixture.psqlAsAdmin("SELECT count(*) FROM \(fixture.schema.name).bid")
        #expect(bids.output.trimmingCharacters(in: .whitespacesAndNewlines) == String(fixture.panel.bids.count))
    }

    /// Two evaluations in one database: each terminal role reaches its own only.
    @Test func oneEvaluationsTerminalReachesNothingOfAnother() async throws {
        let first = try await PostgresEvaluationFixture.make()
        let second = try await PostgresEvaluationFixture.make()
        let token = try await second.asTerminal { try await second.token("zoe", on: $0) }
        let across = try first.psqlAsTerminal("SELECT * FROM \(second.schema.name).my_values('\(token)', 'B1')")
        #expect(!across.ok)
        #expect(across.output.contains("permission denied for schema \(second.schema.name)"))
        let signIn = try first.psqlAsTerminal("SELECT * FROM \(second.schema.name).sign_in('zoe', '7159')")
        #expect(!signIn.ok)
    }

}

/// Needs no server: a schema name is checked before it reaches SQL.
struct EvaluationSchemaTests {
    @Test func schemaNamesThatWouldNeedQuotingAreRefused() throws {
        for name in ["", "Upper", "1abc", "with space", "semi;colon", "pg_catalog", "quote\"d", String(repeating: "a", count: 51)] {
            #expect(throws: PostgresStoreError.self, "\(name)") { try EvaluationSchema(name) }
        }
        #expect(try EvaluationSchema("ys_2026_01").terminalRole == "ys_2026_01_terminal")
    }
}
