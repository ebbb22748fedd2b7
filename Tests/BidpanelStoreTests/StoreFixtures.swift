import BidpanelCore
import Foundation
import GRDB
@testable import BidpanelStore

/// Real evaluation files in temporary folders.
enum Fixtures {
    static let chairPIN = "2468"
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
        var text = """
        format = 1
        [tender]
        id = "STRESS"
        title = "Many writers"
        authority = "Test"
        [scoring]
        quality = 100
        price_formula = "none"
        moderation = "mean"
        [[scale]]
        id = "0-5"
        points = [\((0...5).map { "{ value = \($0), label = \"\($0)\" }" }.joined(separator: ", "))]

        """
        for c in 0..<10 {
            text += "[[criterion]]\nid = \"c\(c)\"\nsection = \"S\"\ntitle = \"C\(c)\"\nscale = \"0-5\"\nweight = 10\n"
        }
        for m in 0..<10 {
            text += "[[member]]\nid = \"m\(m)\"\nname = \"Member \(m)\"\nrole = \"\(m == 0 ? "chair" : "officer")\"\n"
        }
        for b in 0..<20 { text += "[[bid]]\nid = \"B\(b)\"\nbidder = \"Bidder \(b)\"\n" }
        let loaded = try PanelFile.parse(text: text, file: "stress.toml", readFile: { _ in nil })
        let path = temporaryFolder().appendingPathComponent("stress.bidpanel").path
        let store = try EvaluationStore.create(at: path, panelPath: "stress.toml", panelText: text, panel: loaded.panel,
                                               answersFiles: [:], chairPIN: chairPIN)
        let chair = try store.signIn(member: "m0", pin: chairPIN)
        for m in 1..<10 { try chair.setPIN(for: "m\(m)", to: "pin-\(m)") }
        return store
    }

    static func pin(_ member: String) -> String { member == "m0" ? chairPIN : "pin-\(member.dropFirst())" }

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
