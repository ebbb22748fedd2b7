import BidpanelCore
import Foundation
import GRDB
import Testing
@testable import BidpanelStore

/// The PIN lock: five tries between all processes at once, never permanent,
/// and kept apart for the sign-in screen and PIN commands, so a script that
/// keeps guessing with `bidpanel export` cannot lock the chair's screen.
@Suite("Sign-in lock")
struct SignInLockTests {
    static let wrong = "0000"

    /// Five wrong PINs through `channel`; returns the last message.
    @discardableResult
    static func fiveWrong(_ store: EvaluationStore, member: String = "priya",
                          channel: SignInChannel = .command) -> String {
        var last = ""
        for attempt in 1...5 {
            let error = #expect(throws: StoreError.self, "attempt \(attempt)") {
                try store.signIn(member: member, pin: wrong, channel: channel)
            }
            last = error?.message ?? ""
        }
        return last
    }

    static func refusal(_ store: EvaluationStore, pin: String, channel: SignInChannel = .command) -> String {
        let error = #expect(throws: StoreError.self) { try store.signIn(member: "priya", pin: pin, channel: channel) }
        return error?.message ?? ""
    }

    @Test func eachLockInARowIsLongerUpToFifteenMinutesThenEnds() throws {
        let clock = TestClock()
        let store = try Fixtures.youthStore(clock: clock.read)
        for minutes in [1, 2, 4, 8, 15, 15] {
            let last = Self.fiveWrong(store)
            let unit = minutes == 1 ? "minute" : "minutes"
            #expect(last.contains("now locked for PIN commands for \(minutes) \(unit)"), "\(last)")
            #expect(Self.refusal(store, pin: Fixtures.chairPIN).contains("locked"))
            clock.advance(Double(minutes * 60) - 1)
            #expect(Self.refusal(store, pin: Fixtures.chairPIN).contains("try again in 1 second"))
            clock.advance(1)
        }
        // The right PIN once the lock is over clears the lengthening too.
        #expect(try store.signIn(member: "priya", pin: Fixtures.chairPIN).isChair)
        #expect(Self.fiveWrong(store).contains("for 1 minute"))
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN, channel: .screen)
        let locks = try chair.auditEntries().filter { $0.action == "lock" }
        #expect(locks.count == 7)
        #expect(locks.first?.reason == "5 wrong PINs in a row for PIN commands; locked for 1 minute")
        #expect(locks.allSatisfy { $0.source == "command" && $0.member == "priya" })
    }

    @Test func aRightPINClearsTheCountOfWrongOnes() throws {
        let store = try Fixtures.youthStore()
        for _ in 0..<4 { #expect(throws: StoreError.self) { try store.signIn(member: "priya", pin: Self.wrong) } }
        #expect(try store.signIn(member: "priya", pin: Fixtures.chairPIN).isChair)
        #expect(Self.refusal(store, pin: Self.wrong).contains("4 more tries before a 1-minute lock"))
    }

    @Test func commandsAndTheScreenAreLockedSeparately() throws {
        let store = try Fixtures.youthStore()
        let last = Self.fiveWrong(store, channel: .command)
        #expect(last.contains("(signing in with bidpanel open is counted separately and still works)"), "\(last)")
        // The chair's screen still signs in; commands stay locked.
        #expect(try store.signIn(member: "priya", pin: Fixtures.chairPIN, channel: .screen).isChair)
        #expect(Self.refusal(store, pin: Fixtures.chairPIN, channel: .command).contains("locked for PIN commands"))
        // And the other way round.
        let screen = Self.fiveWrong(store, channel: .screen)
        #expect(screen.contains("now locked on this screen for 1 minute"), "\(screen)")
        #expect(Self.refusal(store, pin: Fixtures.chairPIN, channel: .screen).contains("locked on this screen (5 wrong PINs)"))
    }

    /// The sign-in screen has one line for the message, after " ! ".
    @Test func screenMessagesFitTheSignInLine() throws {
        let store = try Fixtures.youthStore()
        var messages: [String] = []
        for _ in 0..<5 {
            let error = #expect(throws: StoreError.self) { try store.signIn(member: "priya", pin: Self.wrong, channel: .screen) }
            messages.append(error?.message ?? "")
        }
        messages.append(Self.refusal(store, pin: Fixtures.chairPIN, channel: .screen))
        for message in messages { #expect(message.count <= 76, "\(message)") }
        #expect(messages[4] == "wrong PIN. Priya Shah is now locked on this screen for 1 minute")
    }

    @Test func triesLeftByDeadProcessesStopCounting() throws {
        let clock = TestClock()
        let store = try Fixtures.youthStore(clock: clock.read)
        let now = clock.read().timeIntervalSince1970
        // Five processes counted their tries and were killed while checking.
        let dead = try (0..<5).map { _ -> Int32 in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/true")
            try process.run()
            process.waitUntilExit()
            return process.processIdentifier
        }
        for pid in dead {
            try Fixtures.sqlite(store.path, "INSERT INTO pin_checks (member, channel, pid, started) VALUES ('priya', 'command', \(pid), \(now))")
        }
        #expect(try store.signIn(member: "priya", pin: Fixtures.chairPIN).isChair)
        // Five living ones (this test) are counted until half a minute has passed.
        for _ in 0..<5 {
            try Fixtures.sqlite(store.path, "INSERT INTO pin_checks (member, channel, pid, started) VALUES ('priya', 'command', \(getpid()), \(now))")
        }
        #expect(Self.refusal(store, pin: Fixtures.chairPIN).contains("5 PINs are being checked for Priya Shah"))
        clock.advance(31)
        #expect(try store.signIn(member: "priya", pin: Fixtures.chairPIN).isChair)
    }

    @Test func settingAPINLiftsTheLock() throws {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN, channel: .screen)
        try chair.setPIN(for: "zoe", to: "1357")
        Self.fiveWrong(store, member: "zoe")
        #expect(throws: StoreError.self) { try store.signIn(member: "zoe", pin: "1357") }
        try chair.setPIN(for: "zoe", to: "2468")
        #expect(try store.signIn(member: "zoe", pin: "2468").member.id == "zoe")
    }

    // MARK: - Many processes at once

    /// Starts one probe per PIN; each opens the file and waits; all are let
    /// go together. Returns each process's answer, in the order of `pins`.
    static func raceProbes(_ path: String, member: String, pins: [String]) throws -> [String] {
        let probes = try pins.map { pin -> (Process, Pipe, Pipe) in
            let process = Process()
            process.executableURL = Fixtures.probe
            process.arguments = ["sign-in", path, member, pin, "command"]
            let out = Pipe(), input = Pipe()
            process.standardOutput = out
            process.standardInput = input
            process.standardError = FileHandle.nullDevice
            try process.run()
            return (process, out, input)
        }
        var outputs = [String](repeating: "", count: probes.count)
        for (index, probe) in probes.enumerated() {
            while !outputs[index].contains("ready\n") {
                let data = probe.1.fileHandleForReading.availableData
                if data.isEmpty { break }
                outputs[index] += String(decoding: data, as: UTF8.self)
            }
        }
        for probe in probes { probe.2.fileHandleForWriting.write(Data("go\n".utf8)) }
        for (index, probe) in probes.enumerated() {
            outputs[index] += String(decoding: probe.1.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            probe.0.waitUntilExit()
            #expect(probe.0.terminationStatus == 0, "\(outputs[index])")
        }
        return outputs
    }

    static func checkedWrong(_ outputs: [String]) -> Int { outputs.filter { $0.contains("wrong PIN") }.count }

    @Test func twentyProcessesAtOnceGetFiveTriesBetweenThem() throws {
        let store = try Fixtures.stressStore()
        let outputs = try Self.raceProbes(store.path, member: "m0", pins: (0..<20).map { "99\($0 + 10)" })
        // Five PINs were checked; every other process was refused without a check.
        #expect(Self.checkedWrong(outputs) == 5, "\(outputs)")
        #expect(outputs.allSatisfy { $0.contains("wrong PIN") || $0.contains("locked") || $0.contains("being checked") },
                "\(outputs)")
        #expect(!outputs.contains { $0.contains("signed in") })
        // The right PIN, after the lock: refused.
        let error = #expect(throws: StoreError.self) { try store.signIn(member: "m0", pin: Fixtures.chairPIN) }
        #expect(error?.message.contains("locked for PIN commands") == true, "\(error?.message ?? "")")
        // The screen was not locked by the commands.
        let chair = try store.signIn(member: "m0", pin: Fixtures.chairPIN, channel: .screen)
        #expect(try chair.auditEntries().filter { $0.action == "lock" }.count == 1)
    }

    @Test func theRightPINRacingTwentyWrongOnesIsRefusedOnceTheyHaveLocked() throws {
        let store = try Fixtures.stressStore()
        let pins = (0..<20).map { "99\($0 + 10)" } + [Fixtures.chairPIN]
        let outputs = try Self.raceProbes(store.path, member: "m0", pins: pins)
        let wrong = Self.checkedWrong(outputs)
        let right = try #require(outputs.last)
        if right.contains("signed in") {
            // It was among the five tries; signing in starts a new count, so
            // at most four wrong PINs before it and five after.
            #expect(wrong <= 9, "\(outputs)")
        } else {
            // Refused without being checked: only five PINs in all were.
            #expect(right.contains("locked") || right.contains("being checked"), "\(right)")
            #expect(wrong == 5, "\(outputs)")
        }
    }

    /// The real command line: twenty `bidpanel export --pin-stdin` with wrong
    /// PINs started together, then the right PIN.
    @Test func twentyExportCommandsAtOnceCheckFivePINs() throws {
        let store = try Fixtures.youthStore()
        let folder = URL(fileURLWithPath: store.path).deletingLastPathComponent().path
        let runs = (0..<20).map { n -> (Process, Pipe) in
            let process = Process()
            process.executableURL = Fixtures.bidpanel
            process.arguments = ["export", store.path, "--scores", folder + "/scores-\(n).csv", "--pin-stdin"]
            let err = Pipe(), input = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            process.standardInput = input
            input.fileHandleForWriting.write(Data("99\(n + 10)\n".utf8))
            try? input.fileHandleForWriting.close()
            return (process, err)
        }
        for run in runs { try run.0.run() }
        var errors: [String] = []
        for run in runs {
            errors.append(String(decoding: run.1.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
            run.0.waitUntilExit()
            #expect(run.0.terminationStatus != 0)
        }
        #expect(Self.checkedWrong(errors) == 5, "\(errors)")
        let (status, _, err) = try Fixtures.run(Fixtures.bidpanel, ["export", store.path, "--scores", folder + "/scores.csv",
                                                                     "--pin-stdin"], input: Fixtures.chairPIN + "\n")
        #expect(status != 0)
        #expect(err.contains("locked for PIN commands"), "\(err)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/scores.csv"))
    }

    /// The lock rows edited with the sqlite3 shell while bidpanel runs (the
    /// check at open cannot see these): read leniently, never a trap, never
    /// a lock that does not end.
    @Test func aLockEditedWhileOpenNeverTrapsOrLocksForEver() throws {
        let clock = TestClock()
        let store = try Fixtures.youthStore(clock: clock.read)
        #expect(throws: StoreError.self) { try store.signIn(member: "priya", pin: Self.wrong) }
        let now = clock.read().timeIntervalSince1970
        for edit in ["locked_until = 'abc'", "locked_until = X'00'", "failed = 1000000000, locked_until = NULL",
                     "failed = 5, locked_until = NULL", "failed = 'lots', locks = 9223372036854775807",
                     "locks = 1e300", "locked_until = \(now - 1e300)"] {
            try Fixtures.sqlite(store.path, "UPDATE pin_tries SET \(edit);")
            #expect(try store.signIn(member: "priya", pin: Fixtures.chairPIN).isChair, "\(edit)")
        }
        // A lock far in the future lasts at most the longest lock from now.
        for until in ["1e308", "1e999", "\(now + 86400 * 365)"] {
            try Fixtures.sqlite(store.path, "UPDATE pin_tries SET locked_until = \(until);")
            #expect(Self.refusal(store, pin: Fixtures.chairPIN).contains("try again in 15 minutes"), "\(until)")
            clock.advance(EvaluationStore.longestLock)
            #expect(try store.signIn(member: "priya", pin: Fixtures.chairPIN).isChair, "\(until)")
        }
        // Locks edited to a huge count still lengthen to fifteen minutes, no more.
        try Fixtures.sqlite(store.path, "UPDATE pin_tries SET locks = 9223372036854775807;")
        #expect(Self.fiveWrong(store).contains("now locked for PIN commands for 15 minutes"))
        clock.advance(EvaluationStore.longestLock)
        // Tries "being checked" edited in, with impossible processes and times, do not count.
        let me = Int(getpid())
        try Fixtures.sqlite(store.path, """
            INSERT INTO pin_checks VALUES ('priya', 'command', 99999999999, \(now)), ('priya', 'command', 'x', 'y'),
              ('priya', 'command', -1, \(now)), ('priya', 'command', \(me), 1e308), ('priya', 'command', \(me), X'00');
            """)
        #expect(try store.signIn(member: "priya", pin: Fixtures.chairPIN).isChair)
    }
}
