import BidpanelPostgres
import BidpanelStore
import Foundation
import Testing

/// The chair reads the whole log through their function and Swift checks
/// it with the evaluation file's own chain check (AuditChainCheck); the
/// server refuses to sign off a broken chain.
@Suite(.disabled(if: !PostgresCluster.runs, Comment(rawValue: PostgresCluster.notRunning ?? "")))
struct WholeChainCheckTests {
    @Test func everyKindOfWriteLeavesAChainThatVerifiesInSwift() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        let actions = try await fixture.asTerminal { terminal -> Set<String> in
            let (chair, zoe) = try await fixture.chairAnd("zoe", on: terminal)
            try await terminal.declareConflicts(token: zoe, [("B2", "I volunteer there")])
            try await fixture.recordAll("zoe", bid: "B1", value: "3", token: zoe, on: terminal)
            try await terminal.submit(token: zoe, bid: "B1")
            try await terminal.reopen(token: chair, bid: "B1", for: "zoe", reason: "a slip")
            try await terminal.withdrawConflict(token: chair, bid: "B2", member: "zoe", reason: "she left in 2023")
            try await terminal.declareNotScoring(token: chair, bid: "B1")
            try await terminal.moderate(token: chair, bid: "B1", criterion: "experience", value: "3", reason: "agreed")
            try await terminal.remove(token: chair, bid: "B2", as: "disqualified", reason: "late")
            try await terminal.reinstate(token: chair, bid: "B2", reason: "on time after all")
            try await terminal.setPIN(token: chair, member: "kyle", pin: "24680")
            try await terminal.signOff(token: chair, anyway: "out of time")
            try await terminal.reopenEvaluation(token: chair, reason: "one more sheet")
            #expect(try await terminal.auditChainProblems(token: chair) == [])
            await #expect(throws: PostgresStoreError("only the chair can read the audit log")) {
                try await terminal.auditChainProblems(token: zoe)
            }
            return Set(try await terminal.auditEntries(token: chair).map(\.action))
        }
        #expect(actions == ["create", "set-pin", "conflict", "record", "submit", "reopen-bid", "withdraw-conflict",
                            "not-scoring", "moderate", "disqualify-bid", "reinstate-bid", "sign-off", "reopen"])
    }

    /// The database's administrator can get past the append-only trigger;
    /// the chain shows it, to Swift and to the server's sign-off.
    @Test func anEntryChangedByTheAdministratorIsFound() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        let schema = fixture.schema.name
        let tampered = try fixture.psqlAsAdmin("""
            ALTER TABLE \(schema).audit DISABLE TRIGGER audit_append_only;
            UPDATE \(schema).audit SET reason = 'edited' WHERE seq = 2;
            ALTER TABLE \(schema).audit ENABLE TRIGGER audit_append_only;
            """)
        #expect(tampered.ok, "\(tampered.output)")
        try await fixture.asTerminal { terminal in
            let chair = try await fixture.token("priya", on: terminal)
            let problems = try await terminal.auditChainProblems(token: chair)
            #expect(problems.count == 1)
            #expect(problems.first?.hasPrefix("row 2 (set-pin by priya at ") == true)
            #expect(problems.first?.hasSuffix(") was changed after it was written") == true)
            await #expect(throws: PostgresStoreError("cannot sign off: the audit log does not verify (row 2 does not verify)")) {
                try await terminal.signOff(token: chair, anyway: "anyway")
            }
        }
    }
}
