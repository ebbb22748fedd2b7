import BidpanelPostgres
import Foundation
import Logging
import PostgresNIO
import Testing

/// Every audit entry is announced with NOTIFY on commit: a listener on
/// another connection hears it, and a write rolled back is never heard.
/// Each wait has a generous timeout and fails the test when it runs out;
/// no assertion depends on how fast the server is.
@Suite(.disabled(if: !PostgresCluster.runs, Comment(rawValue: PostgresCluster.notRunning ?? "")))
struct AuditNoticeTests {
    enum Heard: Sendable, Equatable { case ready, entry(Int) }

    @Test func aValueRecordedOnOneConnectionReachesAListenerOnAnother() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        try await Self.listening(fixture) { heard in
            #expect(await Self.next(heard, until: { $0 == .ready }) == [.ready])
            let seq = try await fixture.asTerminal { terminal in
                try await terminal.record(token: try await fixture.token("zoe", on: terminal), bid: "B1",
                                          criterion: "experience", value: "3")
            }
            #expect(await Self.next(heard, until: { $0 == .entry(seq) }) == [.entry(seq)])
        }
    }

    @Test func aWriteRolledBackSendsNothing() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        try await Self.listening(fixture) { heard in
            #expect(await Self.next(heard, until: { $0 == .ready }) == [.ready])
            let token = try await fixture.asTerminal { terminal in try await fixture.token("zoe", on: terminal) }
            // A write that succeeds inside a transaction the terminal then rolls back.
            let connection = try await fixture.cluster.connect(user: fixture.schema.terminalRole,
                                                               password: fixture.terminalPassword, logger: fixture.logger)
            try await connection.query("BEGIN", logger: fixture.logger)
            let rows = try await connection.query(PostgresQuery(unsafeSQL: """
                SELECT \(fixture.schema.name).record_value($1, 'B1', 'experience', '', '4', 'rolled back')
                """, binds: Self.binds(token)), logger: fixture.logger)
            var rolledBack = 0
            for try await seq in rows.decode(Int.self) { rolledBack = seq }
            try await connection.query("ROLLBACK", logger: fixture.logger)
            try await connection.close()
            #expect(rolledBack > 0)
            // Then one that commits: the first notice heard is this one's,
            // and it is the only one (the rolled-back entry had the same number).
            let seq = try await fixture.asTerminal { terminal in
                try await terminal.record(token: token, bid: "B1", criterion: "experience", value: "2")
            }
            #expect(seq == rolledBack)
            #expect(await Self.next(heard, until: { $0 == .entry(seq) }) == [.entry(seq)])
        }
    }

    /// Runs a listener as the terminal role on its own connection while
    /// `body` runs, with what it hears.
    static func listening(_ fixture: PostgresEvaluationFixture,
                          _ body: (AsyncStream<Heard>) async throws -> Void) async throws {
        let (heard, hear) = AsyncStream<Heard>.makeStream()
        let connection = try await fixture.cluster.connect(user: fixture.schema.terminalRole,
                                                           password: fixture.terminalPassword, logger: fixture.logger)
        let listener = PostgresAuditListener(schema: fixture.schema, connection: connection, logger: fixture.logger)
        let task = Task {
            try await listener.listen(onReady: { hear.yield(.ready) }, onEntry: { seq in
                hear.yield(.entry(seq))
                return true
            })
        }
        do {
            try await body(heard)
        } catch {
            task.cancel()
            try? await connection.close()
            throw error
        }
        task.cancel()
        _ = await task.result
        try await connection.close()
    }

    /// What is heard up to and including the first that satisfies `done`,
    /// or nil (and a recorded issue) when 20 seconds pass first.
    static func next(_ heard: AsyncStream<Heard>, until done: @escaping @Sendable (Heard) -> Bool) async -> [Heard]? {
        let result = await withTaskGroup(of: [Heard]?.self) { group in
            group.addTask {
                var got: [Heard] = []
                for await item in heard {
                    got.append(item)
                    if done(item) { return got }
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(20))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        if result == nil { Issue.record("nothing was heard in 20 seconds") }
        return result
    }

    static func binds(_ values: String...) -> PostgresBindings {
        var bindings = PostgresBindings()
        for value in values { bindings.append(value) }
        return bindings
    }
}
