import BidpanelPostgres
import Foundation
import PostgresNIO
import Testing
@testable import BidpanelStore

/// The server writes each audit entry with the same canonical encoding and
/// hash chain as the evaluation file, so the Swift code that checks a file's
/// chain checks the database's, byte for byte.
@Suite(.disabled(if: !PostgresCluster.runs, Comment(rawValue: PostgresCluster.notRunning ?? "")))
struct AuditChainTests {
    @Test func entriesWrittenOnPostgreSQLVerifyWithTheSwiftChainCheck() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        // Fields that test the encoding: several bytes a character, a colon
        // and a newline inside a field, a field longer than 99 bytes.
        let awkward = "Zoë: £2½ a week ✓\nsecond line, " + String(repeating: "long ", count: 30)
        try await fixture.asTerminal { terminal in
            let zoe = try await fixture.token("zoe", on: terminal)
            try await terminal.record(token: zoe, bid: "B1", criterion: "experience", value: "3", comment: awkward)
            try await terminal.record(token: zoe, bid: "B1", criterion: "experience", value: "4", comment: "")
            try await fixture.recordAll("zoe", bid: "B2", value: "2", token: zoe, on: terminal)
            try await terminal.submit(token: zoe, bid: "B2")
            for _ in 0..<5 { _ = try await terminal.signIn(member: "kyle", pin: "0000") } // a lock entry, by "system"
        }
        let (entries, count, head) = try await fixture.asAdmin { connection in
            try await Self.auditLog(fixture, connection)
        }
        #expect(entries.count == count)
        #expect(entries.count > 10)
        #expect(Set(entries.map(\.action)).isSuperset(of: ["create", "set-pin", "record", "submit", "lock"]))
        for entry in entries {
            #expect(AuditLog.hash(of: entry) == entry.hash, "row \(entry.seq) \(entry.action)")
        }
        #expect(AuditLog.problems(in: entries, count: count, head: head) == [])
        let record = try #require(entries.first { $0.reason == awkward })
        #expect(record.oldValue == "" && record.newValue == "3" && record.actor == "zoe" && record.source == "terminal")
        #expect(entries.first { $0.oldValue == "3" && $0.newValue == "4" } != nil)
    }

    /// Four terminals writing at once: the entries queue on the state row,
    /// so the chain has no fork and no gap, and every write is in it.
    @Test func terminalsWritingAtOnceKeepOneChain() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        let members = ["zoe", "kyle", "david", "helen"], rounds = 15
        let (before, _, _) = try await fixture.asAdmin { connection in try await Self.auditLog(fixture, connection) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for member in members {
                group.addTask {
                    try await fixture.asTerminal { terminal in
                        let token = try await fixture.token(member, on: terminal)
                        for round in 0..<rounds {
                            try await terminal.record(token: token, bid: "B1", criterion: "experience",
                                                      value: String(round % 5 + 1), comment: "round \(round)")
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let (entries, count, head) = try await fixture.asAdmin { connection in try await Self.auditLog(fixture, connection) }
        #expect(entries.count == before.count + members.count * rounds)
        #expect(AuditLog.problems(in: entries, count: count, head: head) == [])
        for member in members {
            #expect(entries.filter { $0.action == "record" && $0.actor == member }.count == rounds, "\(member)")
        }
    }

    /// One entry checked against the canonical bytes built in Swift, and its
    /// time in the file's format.
    @Test func theServersHashIsSHA256OfTheCanonicalBytes() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        let (entries, _, _) = try await fixture.asAdmin { connection in try await Self.auditLog(fixture, connection) }
        let create = try #require(entries.first)
        #expect(create.seq == 1 && create.action == "create" && create.prevHash == AuditLog.genesis)
        let bytes = CanonicalEncoding.bytes(tag: AuditLog.tag, fields: AuditLog.fields(of: create))
        #expect(CanonicalEncoding.sha256(tag: AuditLog.tag, fields: AuditLog.fields(of: create)) == create.hash)
        #expect(create.at.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil)
        // The server's own function, on bytes built by Swift.
        let hexBytes = bytes.map { String(format: "%02x", $0) }.joined()
        let serverHash = try fixture.psqlAsAdmin("SELECT encode(sha256('\\x\(hexBytes)'::bytea), 'hex')")
        #expect(serverHash.output.trimmingCharacters(in: .whitespacesAndNewlines) == create.hash)
    }

    @Test func theAuditHeadIsTheLastEntrysHash() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        let head = try await fixture.asTerminal { terminal in
            let david = try await fixture.token("david", on: terminal)
            try await terminal.record(token: david, bid: "B3", criterion: "logic", value: "4")
            return try #require(try await terminal.auditHead(token: david))
        }
        let (entries, count, stateHead) = try await fixture.asAdmin { connection in try await Self.auditLog(fixture, connection) }
        #expect(head.count == count && head.head == stateHead)
        #expect(entries.last?.hash == head.head)
    }

    /// Every entry, with the count and head `state` keeps, read as the administrator.
    static func auditLog(_ fixture: PostgresEvaluationFixture,
                         _ connection: PostgresConnection) async throws -> ([AuditEntry], Int, String) {
        let schema = fixture.schema.name
        var entries: [AuditEntry] = []
        let rows = try await connection.query(PostgresQuery(unsafeSQL: """
            SELECT seq, at, actor, action, bid, criterion, principle, member, old_value, new_value, reason, source,
                   prev_hash, hash, encoding
            FROM \(schema).audit ORDER BY seq
            """), logger: fixture.logger)
        for try await row in rows {
            let r = row.makeRandomAccess()
            entries.append(AuditEntry(seq: try r[0].decode(Int.self), at: try r[1].decode(String.self),
                                      actor: try r[2].decode(String.self), action: try r[3].decode(String.self),
                                      bid: try r[4].decode(String.self), criterion: try r[5].decode(String.self),
                                      principle: try r[6].decode(String.self), member: try r[7].decode(String.self),
                                      oldValue: try r[8].decode(String.self), newValue: try r[9].decode(String.self),
                                      reason: try r[10].decode(String.self), source: try r[11].decode(String.self),
                                      prevHash: try r[12].decode(String.self), hash: try r[13].decode(String.self),
                                      encoding: try r[14].decode(Int.self)))
        }
        let state = try await connection.query(PostgresQuery(unsafeSQL: "SELECT audit_count, audit_head FROM \(schema).state"),
                                               logger: fixture.logger)
        for try await (count, head) in state.decode((Int, String).self) { return (entries, count, head) }
        throw PostgresStoreError("no state row")
    }
}
