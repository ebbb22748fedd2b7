import BidpanelCore
import BidpanelFixtures
import BidpanelStore
import BidpanelTUI
import Foundation

/// The chair's screens at scale (issue 12, target 2), measured in-process
/// with the real loop: `Program.run` and `StoreBackend` on the evaluation
/// file, drawing into a recording terminal (no ncurses, so nothing of a
/// terminal's speed is counted). The chair signs in, the board loads, T
/// shows the totals; then another process (this program in `scale-writer`
/// mode, a second EvaluationStore) records one value at a time, and the
/// clock runs from the command to the writer, through its durable write and
/// the chair's read of the file, to the first frame whose totals show it.
enum ChairChange {
    struct Figures {
        /// From the PIN's Enter to the first frame of the board with its data.
        var signIn: Double
        /// From T on the board to the totals frame.
        var totalsKey: Double
        /// Per change: seconds to the frame, the chair's CPU seconds for it,
        /// and the writer's own durable write.
        var changes: [(seconds: Double, cpu: Double, write: Double)]
        /// The chair's CPU seconds per second, idle on the totals after the changes.
        var idleCPU: Double
    }

    static let size = Size(width: 80, height: 24)
    static let timeout = 900.0

    /// `setPIN` gives a member their PIN in the file (the writers need one).
    static func measure(evaluation path: String, scale: ScalePanel, changes count: Int = 3,
                        setPIN: (_ member: Int) throws -> Void) throws -> Figures {
        let panel = try scale.panel()
        var sheet = scale.scoreSheet()
        let chairPIN = scale.pin(ofMember: 0)
        // Each change raises one member's value on the leading bid's second
        // criterion by a point, so the leader's total rises by 1/30 of a mark
        // (always visible at two places) and it stays on the first line.
        let leader = ScoringEngine.score(panel, sheet).bids[0].bid.id
        let bidIndex = try (0..<scale.bids).first { scale.bidID($0) == leader }.orThrow("no leader")
        let changes = (1..<scale.members).filter { scale.value(bid: bidIndex, criterion: 1, member: $0) < 5 }.prefix(count)
            .map { (member: $0, value: scale.value(bid: bidIndex, criterion: 1, member: $0) + 1) }

        for change in changes { try setPIN(change.member) }

        let terminal = RecordingTerminal(size: size)
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            do {
                let store = try EvaluationStore.open(path: path)
                let backend = StoreBackend(store: store)
                let state = AppState(panel: store.panel, members: try backend.memberEntries(), size: size,
                                     now: Date().timeIntervalSince1970)
                Program(state: state, backend: backend, device: terminal).run()
            } catch {
                terminal.fail("the chair's screens could not start: \(error)")
            }
            finished.signal()
        }
        thread.stackSize = 16 << 20
        thread.start()
        defer {
            terminal.send([.stop(reason: "benchmark done")])
            finished.wait()
        }

        // Sign in: the first name on the list is the chair's.
        try terminal.waitFor(timeout: timeout) { $0.contains("Member 1") }
        terminal.send([.key(.enter)] + chairPIN.map { .key(.character($0)) })
        let boardShown = scale.bidID(0) + " "
        let signIn = try terminal.time([.key(.enter)], timeout: timeout) {
            !$0.contains("Reading the evaluation file") && !$0.contains("PIN") && $0.contains(boardShown)
        }.seconds

        let before = ScoringEngine.score(panel, sheet)
        let totalsKey = try terminal.time([.key(.character("t"))], timeout: timeout, until: showsLeader(before)).seconds

        let writer = try Writer(path: path, members: changes.map { (scale.memberID($0.member), scale.pin(ofMember: $0.member)) })
        defer { writer.finish() }
        var figures: [(seconds: Double, cpu: Double, write: Double)] = []
        for change in changes {
            let member = scale.memberID(change.member), criterion = scale.criterionID(1)
            sheet.record(MemberValue(slot: Slot(bid: leader, criterion: criterion), member: member,
                                     value: .scale(Exact(change.value))))
            let expected = showsLeader(ScoringEngine.score(panel, sheet))
            terminal.expect(expected)
            let cpu = ChildRun.ownCPU(), start = DispatchTime.now().uptimeNanoseconds
            let write = try writer.record(member: member, bid: leader, criterion: criterion, value: change.value)
            let shown = try terminal.waitForExpected(timeout: timeout)
            figures.append((Double(shown.at - start) / 1e9, shown.cpu - cpu, write))
        }
        let idleStart = ChildRun.ownCPU()
        Thread.sleep(forTimeInterval: 2)
        let idle = (ChildRun.ownCPU() - idleStart) / 2
        return Figures(signIn: signIn, totalsKey: totalsKey, changes: figures, idleCPU: idle)
    }

    /// A frame whose totals show the leading bid of `result` with its total.
    static func showsLeader(_ result: EvaluationResult) -> @Sendable (String) -> Bool {
        let id = " \(result.bids[0].bid.id) ", total = " " + result.bids[0].total.formatted(places: 2)
        return { frame in frame.split(separator: "\n").contains { $0.contains(id) && $0.contains(total) } }
    }

    /// The other terminal: this program in `scale-writer` mode, its members
    /// signed in before the clock starts (a PIN check is deliberately slow).
    final class Writer {
        let process = Process()
        let input = Pipe(), output = Pipe()
        var lines = LineReader()

        init(path: String, members: [(id: String, pin: String)]) throws {
            process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            process.arguments = ["scale-writer", path] + members.map { "\($0.id)=\($0.pin)" }
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            guard try next() == "ready" else { throw BenchError("the writer did not start") }
        }

        /// Records one value; returns the seconds its durable write took.
        func record(member: String, bid: String, criterion: String, value: Int) throws -> Double {
            input.fileHandleForWriting.write(Data("\(member) \(bid) \(criterion) \(value)\n".utf8))
            let answer = try next()
            guard answer.hasPrefix("committed "), let seconds = Double(answer.dropFirst(10)) else {
                throw BenchError("the writer said: \(answer)")
            }
            return seconds
        }

        func next() throws -> String {
            guard let line = lines.next(from: output.fileHandleForReading) else { throw BenchError("the writer stopped") }
            return line
        }

        func finish() {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    /// `bidpanel-bench scale-writer FILE MEMBER=PIN…`: signs the members in,
    /// says "ready", then for each line "MEMBER BID CRITERION VALUE" records
    /// the value and says "committed SECONDS".
    static func writer(_ arguments: [String]) throws {
        guard let path = arguments.first else { throw BenchError("usage: scale-writer FILE MEMBER=PIN…") }
        let store = try EvaluationStore.open(path: path)
        var sessions: [String: MemberSession] = [:]
        for pair in arguments.dropFirst() {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            sessions[parts[0]] = try store.signIn(member: parts[0], pin: parts[1])
        }
        func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
        say("ready")
        while let line = readLine() {
            let parts = line.split(separator: " ").map(String.init)
            guard parts.count == 4, let session = sessions[parts[0]], let value = Int(parts[3]) else {
                say("refused: \(line)")
                continue
            }
            let start = DispatchTime.now().uptimeNanoseconds
            try session.record(Slot(bid: parts[1], criterion: parts[2]), .scale(Exact(value)))
            say("committed \(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)")
        }
    }
}

/// Lines from a pipe, as they arrive.
struct LineReader {
    var buffer = Data()

    mutating func next(from handle: FileHandle) -> String? {
        while true {
            if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<end], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...end)
                return line
            }
            let more = handle.availableData
            if more.isEmpty { return nil }
            buffer.append(more)
        }
    }
}

/// The terminal as the loop sees it: keys come from the benchmark, frames
/// are kept as text, and the first frame that shows what the benchmark
/// waits for is timed (wall clock and this process's CPU) as it is drawn.
final class RecordingTerminal: TerminalDevice, @unchecked Sendable {
    let size: Size
    private let condition = NSCondition()
    private var events: [TerminalEvent] = []
    private var expectation: (@Sendable (String) -> Bool)?
    private var seen: (at: UInt64, cpu: Double)?
    private var lastFrame = ""
    private var failure: String?
    /// Written by `send`, so a wait on the loop's wake-up also ends on a key.
    private let arrivals = Wakeup()

    init(size: Size) { self.size = size }

    var waitsOnWake: Bool { true }

    /// As the real terminal waits: in poll, on the keys and the loop's
    /// wake-up, until `milliseconds` (nil: for ever). No CPU while idle.
    func nextEvent(milliseconds: Int?, wake: Int32) -> TerminalEvent {
        condition.lock()
        if !events.isEmpty { defer { condition.unlock() }; return events.removeFirst() }
        condition.unlock()
        var descriptors = [arrivals.fileDescriptor, wake].map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        _ = poll(&descriptors, 2, Int32(clamping: milliseconds ?? -1))
        arrivals.drain()
        condition.lock()
        defer { condition.unlock() }
        return events.isEmpty ? .idle : events.removeFirst()
    }

    func draw(_ canvas: Canvas) {
        let text = canvas.text
        condition.lock()
        defer { condition.unlock() }
        lastFrame = text
        if seen == nil, let expectation, expectation(text) {
            seen = (DispatchTime.now().uptimeNanoseconds, ChildRun.ownCPU())
            condition.broadcast()
        }
    }

    /// Waits as a terminal does for a key, up to `milliseconds` (a loop that
    /// asks to wait for ever is woken every 250 ms, as it cannot be woken otherwise).
    func nextEvent(milliseconds: Int) -> TerminalEvent {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: Double(milliseconds < 0 ? 250 : milliseconds) / 1000)
        while events.isEmpty, condition.wait(until: deadline) {}
        return events.isEmpty ? .idle : events.removeFirst()
    }

    func wipe() {}

    func send(_ new: [TerminalEvent]) {
        condition.lock()
        events += new
        condition.broadcast()
        condition.unlock()
        arrivals.wake()
    }

    func fail(_ message: String) {
        condition.lock()
        failure = message
        condition.broadcast()
        condition.unlock()
    }

    /// From now on, the first frame drawn that `predicate` accepts is timed.
    func expect(_ predicate: @escaping @Sendable (String) -> Bool) {
        condition.lock()
        expectation = predicate
        seen = nil
        condition.unlock()
    }

    func waitForExpected(timeout: Double) throws -> (at: UInt64, cpu: Double) {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: timeout)
        while seen == nil, failure == nil, condition.wait(until: deadline) {}
        if let failure { throw BenchError(failure) }
        guard let seen else { throw BenchError("the chair's screen never showed what was expected; it shows:\n\(lastFrame)") }
        expectation = nil
        return seen
    }

    func waitFor(timeout: Double, until predicate: @escaping @Sendable (String) -> Bool) throws {
        condition.lock()
        let already = predicate(lastFrame)
        condition.unlock()
        if already { return }
        expect(predicate)
        _ = try waitForExpected(timeout: timeout)
    }

    /// Sends `events` and times them to the first frame `predicate` accepts.
    func time(_ events: [TerminalEvent], timeout: Double,
              until predicate: @escaping @Sendable (String) -> Bool) throws -> (seconds: Double, cpu: Double) {
        expect(predicate)
        let cpu = ChildRun.ownCPU(), start = DispatchTime.now().uptimeNanoseconds
        send(events)
        let shown = try waitForExpected(timeout: timeout)
        return (Double(shown.at - start) / 1e9, shown.cpu - cpu)
    }
}

extension Optional {
    func orThrow(_ message: String) throws -> Wrapped {
        guard let self else { throw BenchError(message) }
        return self
    }
}
