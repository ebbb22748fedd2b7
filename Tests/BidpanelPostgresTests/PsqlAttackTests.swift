import BidpanelPostgres
import Foundation
import Testing

/// A member with the terminal role's credentials opens the real psql and
/// tries everything bidpanel would not let them do.
@Suite(.disabled(if: !PostgresCluster.runs, Comment(rawValue: PostgresCluster.notRunning ?? "")))
struct PsqlAttackTests {
    @Test func noTableCanBeReadDirectly() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        let schema = fixture.schema.name
        let tables = try fixture.psqlAsAdmin("SELECT tablename FROM pg_tables WHERE schemaname = '\(schema)' ORDER BY 1")
        let names = tables.output.split(separator: "\n").map(String.init)
        #expect(names.contains("member") && names.contains("member_value") && names.contains("audit")
            && names.contains("session") && names.contains("bid") && names.count >= 19)
        for table in names {
            let read = try fixture.psqlAsTerminal("SELECT * FROM \(schema).\(table)")
            #expect(!read.ok, "\(table)")
            #expect(read.output.contains("permission denied for table \(table)"), "\(table): \(read.output)")
        }
        // Nor the PIN hashes through a column grant, a view, or a copy.
        let copy = try fixture.psqlAsTerminal("COPY \(schema).member TO STDOUT")
        #expect(copy.output.contains("permission denied"))
        let create = try fixture.psqlAsTerminal("CREATE VIEW \(schema).pins AS SELECT pin_hash FROM \(schema).member")
        #expect(create.output.contains("permission denied"))
    }

    @Test func readsWithAnotherMembersTokenOrNoneGiveNothing() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        let schema = fixture.schema.name
        let (zoe, kyle) = try await fixture.asTerminal { terminal in
            let zoe = try await fixture.token("zoe", on: terminal)
            try await fixture.recordAll("zoe", bid: "B1", value: "3", token: zoe, on: terminal)
            return (zoe, try await fixture.token("kyle", on: terminal))
        }
        // Zoë's own token reads her values: the function works.
        let own = try fixture.psqlAsTerminal("SELECT member, value FROM \(schema).my_values('\(zoe)', 'B1')")
        #expect(own.ok && own.output.contains("zoe|3"))
        // Kyle, signed in as himself, reads none of them.
        for function in ["my_values", "all_values"] {
            let other = try fixture.psqlAsTerminal("SELECT * FROM \(schema).\(function)('\(kyle)', 'B1')")
            #expect(other.ok && other.output.isEmpty, "\(function): \(other.output)")
            for token in ["NULL", "''", "'\(String(repeating: "0", count: 64))'", "'\(zoe)' || ' '", "upper('\(zoe)')"] {
                let none = try fixture.psqlAsTerminal("SELECT * FROM \(schema).\(function)(\(token), 'B1')")
                #expect(none.ok && none.output.isEmpty, "\(function)(\(token)): \(none.output)")
            }
        }
        let head = try fixture.psqlAsTerminal("SELECT * FROM \(schema).audit_head(NULL)")
        #expect(head.ok && head.output.isEmpty)
        // The helper that looks a token up is the owner's, not the terminal's.
        let lookup = try fixture.psqlAsTerminal("SELECT * FROM \(schema).session_member('\(zoe)')")
        #expect(lookup.output.contains("permission denied for function session_member"))
    }

    @Test func aYoungAssessorsTokenNeverGetsAPrice() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        let schema = fixture.schema.name
        let (zoe, david) = try await fixture.asTerminal { terminal in
            (try await fixture.token("zoe", on: terminal), try await fixture.token("david", on: terminal))
        }
        let young = try fixture.psqlAsTerminal("SELECT id || '=' || coalesce(price, 'none') FROM \(schema).bids('\(zoe)')")
        #expect(young.ok)
        #expect(young.output.split(separator: "\n").map(String.init) == fixture.panel.bids.map { "\($0.id)=none" })
        let officer = try fixture.psqlAsTerminal("SELECT price FROM \(schema).bids('\(david)') WHERE id = 'B1'")
        #expect(officer.output.trimmingCharacters(in: .newlines) == "238000")
        let direct = try fixture.psqlAsTerminal("SELECT price FROM \(schema).bid")
        #expect(direct.output.contains("permission denied"))
    }

    @Test func theAuditLogCannotBeWrittenExceptThroughTheFunctions() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        let schema = fixture.schema.name
        let attempts = [
            "INSERT INTO \(schema).audit (seq, at, actor, action, bid, criterion, principle, member, old_value, new_value, reason, source, prev_hash, hash) VALUES (999, '', 'zoe', 'record', '', '', '', '', '', '', '', '', '', '')",
            "UPDATE \(schema).audit SET reason = 'changed'",
            "DELETE FROM \(schema).audit",
            "TRUNCATE \(schema).audit",
            "SELECT \(schema).append_audit('', 'zoe', 'record', '', '', '', '', '', '', '', '')",
            "SELECT \(schema).set_pin('zoe', 'kyle', '1234', 'terminal')",
            "UPDATE \(schema).state SET audit_count = 0",
            "SET ROLE \(fixture.schema.ownerRole)",
        ]
        for sql in attempts {
            let result = try fixture.psqlAsTerminal(sql)
            #expect(!result.ok, "\(sql)")
            #expect(result.output.contains("permission denied"), "\(sql): \(result.output)")
        }
    }

    /// Even the role that owns the tables and the functions cannot change
    /// or remove an entry: the trigger refuses.
    @Test func theOwnersUpdateOfTheAuditLogIsRefusedByTheTrigger() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        let schema = fixture.schema.name, owner = fixture.schema.ownerRole
        for change in ["UPDATE \(schema).audit SET reason = 'changed'", "DELETE FROM \(schema).audit WHERE seq = 1",
                       "TRUNCATE \(schema).audit", "UPDATE \(schema).seal_item SET value = 'x'"] {
            let result = try fixture.psqlAsAdmin("SET ROLE \(owner); \(change)")
            #expect(!result.ok, "\(change)")
            #expect(result.output.contains("table is append-only: its rows are never changed or removed"), "\(change): \(result.output)")
        }
        let rows = try fixture.psqlAsAdmin("SELECT count(*) FROM \(schema).audit")
        #expect(Int(rows.output.trimmingCharacters(in: .whitespacesAndNewlines))! >= 1 + fixture.panel.members.count)
    }

    @Test func commitsAreSynchronous() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        let shown = try fixture.psqlAsTerminal("SHOW synchronous_commit")
        #expect(shown.ok)
        #expect(shown.output.trimmingCharacters(in: .whitespacesAndNewlines) == "on")
    }
}
