import BidpanelCore
import BidpanelFixtures
import Foundation
import GRDB
@testable import BidpanelStore

/// Real evaluation files in temporary folders.
enum Fixtures {
    static let chairPIN = WritersPanel.chairPIN
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func temporaryFolder() -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-store-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A new evaluation of the shipped youth-services panel.
    static func youthStore(clock: @escaping @Sendable () -> Date = Date.init) throws -> EvaluationStore {
        let panelPath = root.appendingPathComponent("panels/youth-services.toml").path
        let loaded = try PanelFile.load(path: panelPath)
        let path = temporaryFolder().appendingPathComponent("youth.bidpanel").path
        return try EvaluationStore.create(at: path, panelPath: panelPath, panelText: loaded.text, panel: loaded.panel,
                                          answersFiles: loaded.answersFiles, chairPIN: chairPIN, clock: clock)
    }

    /// A panel with ten scoring members and 200 slots each (20 bids × 10
    /// criteria), for many writers at once.
    static func stressStore() throws -> EvaluationStore {
        try WritersPanel.create(at: temporaryFolder().appendingPathComponent("stress.bidpanel").path,
                                id: "STRESS", members: 10, bids: 20)
    }

    static func pin(_ member: String) -> String { WritersPanel.pin(member) }

    /// The helper program built beside the tests.
    static var probe: URL { binary("bidpanel-store-probe") }
    static var bidpanel: URL { binary("bidpanel") }

    static func binary(_ name: String) -> URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent(name)
    }

    /// Runs a program to the end; returns status, standard output and error.
    static func run(_ executable: URL, _ arguments: [String], input: String = "") throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        inPipe.fileHandleForWriting.write(Data(input.utf8))
        try inPipe.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// A youth-services evaluation with a little history, folded together
    /// and closed, then edited with `sql` as an attacker with the sqlite3
    /// shell would (the audit log's triggers dropped first); its path.
    static func editedYouthFile(_ sql: String) throws -> String {
        let store = try youthStore()
        let chair = try store.signIn(member: "priya", pin: chairPIN)
        try chair.record(Slot(bid: "B1", criterion: "experience"), .scale(4), comment: "Solid")
        try chair.declareConflicts([])
        try store.pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        try sqlite(store.path, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;\n" + sql)
        return store.path
    }

    /// Runs raw SQL on a file outside bidpanel, as someone tampering with it
    /// in the sqlite3 shell would.
    static func sqlite(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { try $0.execute(sql: sql) }
    }
}

/// A clock the test moves by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now = Date(timeIntervalSince1970: 1_800_000_000)
    func read() -> Date { lock.withLock { now } }
    func advance(_ seconds: TimeInterval) { lock.withLock { now += seconds } }
}
