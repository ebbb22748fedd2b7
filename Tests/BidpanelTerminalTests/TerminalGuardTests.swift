import BidpanelCore
import BidpanelTUI
import Foundation
import Testing

@testable import BidpanelTerminal

extension TerminalTests {
    @Suite
    struct TerminalGuardTests {
        static func temporaryFolder() throws -> URL {
            let folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("bidpanel-terminal-tests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return folder
        }

        @Test(arguments: [(SIGSEGV, "SIGSEGV"), (SIGABRT, "SIGABRT"), (SIGILL, "SIGILL"), (SIGTRAP, "SIGTRAP")])
        func aCrashIsLoggedAndTheProcessStillDies(signal: Int32, name: String) throws {
            let folder = try Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let log = folder.appendingPathComponent("crash.log").path

            #expect(TerminalGuard.crashChild(signal: signal, crashLog: log) == signal)

            let text = try String(contentsOfFile: log, encoding: .utf8)
            let lines = text.split(separator: "\n")
            let first = try #require(lines.first)
            #expect(first.hasPrefix("bidpanel crashed: signal \(signal) (\(name)) at 20"))
            #expect(first.hasSuffix("Z"))
            #expect(lines.dropFirst().first == "bidpanel version \(BidpanelVersion.current)")
            #expect(lines.count > 2, "a backtrace follows")
            let mode = try FileManager.default.attributesOfItem(atPath: log)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }

        @Test func caughtErrorsAreAppendedWithATimestamp() throws {
            let folder = try Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let log = folder.appendingPathComponent("crash.log").path
            TerminalGuard.setCrashLogPath(log)
            defer { TerminalGuard.setCrashLogPath("") }

            TerminalGuard.writeToCrashLog("first problem")
            TerminalGuard.writeToCrashLog("second problem")

            let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines[0].hasSuffix("Z bidpanel \(BidpanelVersion.current): first problem"))
            #expect(lines[1].hasSuffix("Z bidpanel \(BidpanelVersion.current): second problem"))
            #expect(lines[0].wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ bidpanel [0-9.]+: first problem/) != nil)
            #expect(try FileManager.default.attributesOfItem(atPath: log)[.posixPermissions] as? Int == 0o600)
        }

        @Test func anOlderLogReadableByOthersIsMadeOwnerOnly() throws {
            let folder = try Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let log = folder.appendingPathComponent("crash.log").path
            #expect(FileManager.default.createFile(atPath: log, contents: Data("old\n".utf8), attributes: [.posixPermissions: 0o644]))
            TerminalGuard.setCrashLogPath(log)
            defer { TerminalGuard.setCrashLogPath("") }
            TerminalGuard.writeToCrashLog("a problem")
            #expect(try FileManager.default.attributesOfItem(atPath: log)[.posixPermissions] as? Int == 0o600)
            #expect(try String(contentsOfFile: log, encoding: .utf8).hasPrefix("old\n"))
            // A crash in a child process tightens it too.
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: log)
            #expect(TerminalGuard.crashChild(signal: SIGABRT, crashLog: log) == SIGABRT)
            #expect(try FileManager.default.attributesOfItem(atPath: log)[.posixPermissions] as? Int == 0o600)
        }

        @Test(arguments: [SIGQUIT, SIGTERM, SIGHUP, SIGINT])
        func aStopSignalIsAnEventNotACrash(signal: Int32) {
            // In a child process: the test runner keeps its own Ctrl+C.
            #expect(TerminalGuard.stopSignalChild(signal: signal) == signal)
            #expect(TerminalGuard.name(ofSignal: SIGQUIT) == "SIGQUIT")
        }

        @Test func crashLogPathFollowsTheEnvironment() throws {
            let folder = try Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }

            #expect(TerminalGuard.defaultCrashLogPath(environment: ["BIDPANEL_CRASH_LOG": "/x/y.log"]) == "/x/y.log")

            let state = folder.appendingPathComponent("state").path
            #expect(TerminalGuard.defaultCrashLogPath(environment: ["XDG_STATE_HOME": state]) == "\(state)/bidpanel/crash.log")
            let mode = try FileManager.default.attributesOfItem(atPath: "\(state)/bidpanel")[.posixPermissions] as? Int
            #expect(mode == 0o700)

            let home = folder.appendingPathComponent("home").path
            #expect(TerminalGuard.defaultCrashLogPath(environment: ["HOME": home]) == "\(home)/.local/state/bidpanel/crash.log")
            #expect(FileManager.default.fileExists(atPath: "\(home)/.local/state/bidpanel"))
        }

        @Test func keyDecodingCoversTheFunctionKeysAndControls() {
            #expect(KeyDecoding.character(0x1A) == .control("z"))
            #expect(KeyDecoding.character(0) == nil)
            #expect(KeyDecoding.character(0x20) == .character(" "))
            #expect(KeyDecoding.escapeSequence(introducer: 0x5B, body: Array("1;5C".unicodeScalars.map(\.value))) == .right)
            #expect(KeyDecoding.escapeSequence(introducer: 0x5B, body: Array("1~".unicodeScalars.map(\.value))) == .home)
            #expect(KeyDecoding.escapeSequence(introducer: 0x5B, body: Array("4~".unicodeScalars.map(\.value))) == .end)
            #expect(KeyDecoding.escapeSequence(introducer: 0x5B, body: Array("99~".unicodeScalars.map(\.value))) == nil)
        }
    }
}
