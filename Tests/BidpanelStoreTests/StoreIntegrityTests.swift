import BidpanelCore
import Foundation
import GRDB
import Testing
@testable import BidpanelStore

@Suite("Evaluation file: audit and damaged files")
struct StoreIntegrityTests {
    /// An evaluation with some history: values, a moderation, a submission.
    func storeWithHistory() throws -> EvaluationStore {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        try chair.record(Slot(bid: "B1", criterion: "experience"), .scale(4), comment: "Solid")
        try chair.record(Slot(bid: "B1", criterion: "logic"), .scale(3))
        try chair.record(Slot(bid: "B2", criterion: "experience"), .scale(2))
        try chair.moderate(Slot(bid: "B1", criterion: "experience"), .scale(5), reason: "Agreed after discussion")
        try chair.record(Slot(bid: "B2", criterion: "logic"), .scale(1))
        #expect(try store.verifyAudit().isEmpty)
        return store
    }

    func problems(after sql: String) throws -> [String] {
        let store = try storeWithHistory()
        try Fixtures.sqlite(store.path, sql)
        return try EvaluationStore.open(path: store.path).verifyAudit()
    }

    /// Times are stored in UTC to the millisecond, and read back by the
    /// chair's sign-off line.
    @Test func timesAreStoredAsUTCWithMilliseconds() throws {
        let date = Date(timeIntervalSince1970: 1_800_000_000.123_4)
        #expect(EvaluationStore.timestamp(date) == "2027-01-15T08:00:00.123Z")
        #expect(EvaluationStore.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        // Year ends, a leap year and the end of the century (worked out with Python's datetime).
        let known: [(Double, String)] = [
            (1_798_761_599.999_4, "2026-12-31T23:59:59.999Z"), (1_830_297_600.5, "2028-01-01T00:00:00.500Z"),
            (1_835_395_199.999_5, "2028-02-28T23:59:59.999Z"), (1_835_395_200, "2028-02-29T00:00:00.000Z"),
            (4_102_444_799.25, "2099-12-31T23:59:59.250Z"),
        ]
        for (seconds, text) in known {
            #expect(EvaluationStore.timestamp(Date(timeIntervalSince1970: seconds)) == text)
        }
        let parsed = try EvaluationStore.timestampStyle.parse("2027-01-15T08:00:00.123Z")
        #expect(abs(parsed.timeIntervalSince1970 - 1_800_000_000.123) < 0.000_5)

        let clock = TestClock()
        let store = try Fixtures.youthStore(clock: clock.read)
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        try chair.declareConflicts([])
        let times = try store.pool.read { db in try String.fetchAll(db, sql: "SELECT at FROM audit ORDER BY seq") }
        #expect(!times.isEmpty)
        for time in times {
            #expect(time.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(time)")
        }
    }

    @Test func editingARowIsDetectedAndNamed() throws {
        let found = try problems(after: """
            DROP TRIGGER audit_no_update; UPDATE audit SET new_value = '5' WHERE seq = 4;
            """)
        #expect(found.contains { $0.contains("row 4") && $0.contains("changed after it was written") })
    }

    @Test func deletingARowIsDetected() throws {
        let found = try problems(after: "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 5;")
        #expect(found.contains { $0.contains("row 5 is missing") || $0.contains("row 6 does not follow") })
    }

    @Test func deletingTheLastRowIsDetected() throws {
        let found = try problems(after: "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit);")
        #expect(found.contains { $0.contains("removed from or added to its end") })
    }

    @Test func reorderingRowsIsDetected() throws {
        let found = try problems(after: """
            DROP TRIGGER audit_no_update;
            UPDATE audit SET seq = -1 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = 5; UPDATE audit SET seq = 5 WHERE seq = -1;
            """)
        #expect(found.contains { $0.contains("does not follow") })
    }

    @Test func changingAValueWithoutTheLogIsDetected() throws {
        let found = try problems(after: "UPDATE member_value SET value = '5' WHERE bid = 'B2' AND criterion = 'experience';")
        #expect(found == ["value B2 experience  priya is \"5 | \" in the file but the audit log says \"2 | \""])
        let moderated = try problems(after: "DELETE FROM moderated_value;")
        #expect(moderated.contains { $0.contains("moderated value B1 experience") && $0.contains("missing from the file") })
    }

    @Test func theLogRefusesUpdatesThroughTheOrdinaryPath() throws {
        let store = try storeWithHistory()
        #expect(throws: (any Error).self) { try Fixtures.sqlite(store.path, "UPDATE audit SET reason = 'x' WHERE seq = 1;") }
        #expect(throws: (any Error).self) { try Fixtures.sqlite(store.path, "DELETE FROM audit WHERE seq = 1;") }
    }

    @Test func aFileFromTheFirstSchemaIsUpgradedWithItsData() throws {
        let store = try storeWithHistory()
        // Rewind the file to the first schema, as an older bidpanel left it.
        try Fixtures.sqlite(store.path, """
            DROP INDEX member_value_by_member;
            DELETE FROM grdb_migrations WHERE identifier LIKE 'v2%';
            """)
        let upgraded = try EvaluationStore.open(path: store.path)
        let applied = try upgraded.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(Set(applied) == Set(Schema.knownMigrations))
        let chair = try upgraded.signIn(member: "priya", pin: Fixtures.chairPIN)
        #expect(try chair.scoreSheet().memberValues.count == 4)
        #expect(try upgraded.verifyAudit().isEmpty)
    }

    @Test func badFilesGiveOneLineThatSaysWhatToDo() throws {
        let folder = Fixtures.temporaryFolder()
        func message(_ path: String) -> String {
            do {
                _ = try EvaluationStore.open(path: path, busyTimeout: 0.5)
                return "opened"
            } catch let error as StoreError {
                return error.message
            } catch {
                return "unexpected \(error)"
            }
        }
        #expect(message(folder.appendingPathComponent("none.bidpanel").path).contains("bidpanel init"))
        let toml = Fixtures.root.appendingPathComponent("panels/youth-services.toml").path
        #expect(message(toml).contains("not a bidpanel evaluation file"))
        let other = folder.appendingPathComponent("other.sqlite").path
        try Fixtures.sqlite(other, "CREATE TABLE t (x);")
        #expect(message(other).contains("not a bidpanel evaluation file"))

        let store = try storeWithHistory()
        // Copies are only whole once the write-ahead log is folded in.
        try store.pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        let newer = folder.appendingPathComponent("newer.bidpanel").path
        try FileManager.default.copyItem(atPath: store.path, toPath: newer)
        try Fixtures.sqlite(newer, "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future');")
        #expect(message(newer).contains("newer version of bidpanel"))

        let readOnly = folder.appendingPathComponent("readonly.bidpanel").path
        try FileManager.default.copyItem(atPath: store.path, toPath: readOnly)
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: readOnly)
        #expect(message(readOnly).contains("read-only"))

        let truncated = folder.appendingPathComponent("truncated.bidpanel").path
        try FileManager.default.copyItem(atPath: store.path, toPath: truncated)
        let size = try FileManager.default.attributesOfItem(atPath: truncated)[.size] as! Int
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: truncated))
        try handle.truncate(atOffset: UInt64(size / 2))
        try handle.close()
        let damaged = message(truncated)
        #expect(damaged.contains("damaged"), "\(damaged)")
        for text in [damaged, message(readOnly), message(newer)] { #expect(!text.contains("\n")) }
    }

    @Test func aStuckWriterMakesOthersWaitThenSayBusyAndAKilledOneFreesTheFile() throws {
        let store = try storeWithHistory()
        // Signed in first: counting a PIN try is a write, so it too waits for a stuck writer.
        let waiting = try EvaluationStore.open(path: store.path, busyTimeout: 0.5)
        let chair = try waiting.signIn(member: "priya", pin: Fixtures.chairPIN)
        let holder = Process()
        holder.executableURL = Fixtures.probe
        holder.arguments = ["hold", store.path, "60"]
        let out = Pipe()
        holder.standardOutput = out
        try holder.run()
        // Wait until it holds the lock.
        _ = out.fileHandleForReading.availableData
        let busy = #expect(throws: StoreError.self) { try chair.record(Slot(bid: "B3", criterion: "logic"), .scale(2)) }
        #expect(busy?.message.contains("busy") == true)
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        try chair.record(Slot(bid: "B3", criterion: "logic"), .scale(2))
        #expect(try store.verifyAudit().isEmpty)
    }
}
