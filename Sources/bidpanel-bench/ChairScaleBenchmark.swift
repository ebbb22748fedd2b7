import BidpanelCore
import BidpanelStore
import BidpanelTUI
import Foundation

/// The chair's screens on a real evaluation file (a ScalePanel one, e.g. 500
/// bids × 40 × 12 from `bidpanel-bench generate 500 DIR --evaluation`), in
/// process through `Program` and `StoreBackend`, as `bidpanel open` runs them:
///   bidpanel-bench chair-scale FILE
///       sign-in to the board, a key on each chair screen, and one change by
///       another process (a child: `chair-scale write`) to the chair's frame,
///       with the chair's CPU for it (the read from SQLite included)
///   bidpanel-bench chair-scale write FILE MEMBER PIN BID CRITERION
///       the other terminal: signs in, says "ready", waits for a line, records
///       one value, says "committed"
/// `measure(path:)` is what a scale benchmark calls; it returns the figures.
public enum ChairScaleBenchmark {
    public struct Figures: Sendable {
        /// From the PIN's Enter to the board drawn with its data (the PIN check included).
        public var signInMilliseconds: Double
        /// The PIN check alone (deliberately slow, the same at any size).
        public var pinMilliseconds: Double
        /// Screen → median milliseconds for a key (update and render), after
        /// its first; the first key's own frame; and, where that frame said
        /// "working out", how long until the view was filled in.
        public var keyMilliseconds: [(screen: String, median: Double, first: Double, filled: Double?)]
        /// One value written by another process → the chair's frame showing it.
        public var changeToFrameMilliseconds: Double
        /// The chair process's CPU over that time (its watch and its loop).
        public var changeCPUMilliseconds: Double
    }

    static func main(_ args: [String]) throws {
        if args.first == "write" {
            guard args.count >= 6 else { throw StoreError("usage: chair-scale write FILE MEMBER PIN BID CRITERION") }
            try write(path: args[1], member: args[2], pin: args[3], bid: args[4], criterion: args[5])
            return
        }
        guard let path = args.first else { throw StoreError("usage: chair-scale FILE") }
        // Its parts, each on its own (the sign-in runs them in turn).
        let store = try EvaluationStore.open(path: path)
        let session = try store.signIn(member: "m1", pin: "2468", channel: .command)
        var feed: BoardFeed?
        let read = try milliseconds { feed = try session.boardFeed() }
        let data = milliseconds { _ = ChairData(board: feed!.board, panel: store.panel) }
        var scored: EvaluationResult?
        let result = milliseconds { scored = ScoringEngine.score(store.panel, feed!.board.sheet) }
        let table = milliseconds { _ = ResultText.lines(scored!, panel: store.panel, width: 76) }
        print(String(format: "parts: the whole board read %.0f ms; the chair's data from it %.0f ms (the engine %.0f ms of it); "
                     + "the totals table's text %.0f ms", read, data, result, table))
        let figures = try measure(path: path)
        print(String(format: "sign-in to the board %.0f ms (PIN check %.0f ms of it)", figures.signInMilliseconds,
                     figures.pinMilliseconds))
        for key in figures.keyMilliseconds {
            let filled = key.filled.map { String(format: ", \"working out\" filled in after %.0f ms", $0) } ?? ""
            print(String(format: "a key on %@: median %.2f ms (first %.1f ms%@)", key.screen, key.median, key.first, filled))
        }
        print(String(format: "one change by another process → the chair's frame: median %.0f ms, chair CPU median %.1f ms",
                     figures.changeToFrameMilliseconds, figures.changeCPUMilliseconds))
    }

    /// Signs in as the ScalePanel chair (m1), then measures.
    public static func measure(path: String, chair: String = "m1", pin: String = "2468",
                               writer: (member: String, pin: String) = ("m2", "pin-m2")) throws -> Figures {
        let store = try EvaluationStore.open(path: path)
        let backend = StoreBackend(store: store)
        let size = Size(width: 80, height: 24)
        let device = QuietDevice(size: size)
        let program = Program(state: AppState(panel: store.panel, members: try backend.memberEntries(), size: size,
                                              now: Date().timeIntervalSince1970),
                              backend: backend, device: device)
        program.dispatch(.resized(size))
        let pinCheck = try milliseconds { _ = try store.signIn(member: chair, pin: pin, channel: .command) }
        // The sign-in screen's own path: the member by name, then the PIN.
        let name = store.panel.member(id: chair)!.name
        for character in name { program.dispatch(.key(.character(character), at: now())) }
        program.dispatch(.key(.enter, at: now()))
        for character in pin { program.dispatch(.key(.character(character), at: now())) }
        let signIn = milliseconds {
            program.dispatch(.key(.enter, at: now()))
            while program.state.chair == nil {
                for action in backend.pendingActions() { program.dispatch(action) }
                usleep(1_000)
            }
            program.draw()
        }
        guard case .board = program.state.screen else { throw StoreError("not on the board:\n" + render(program.state).text) }

        var keys: [(String, Double, Double, Double?)] = []
        func time(_ screen: String, _ first: Key, then key: Key, times: Int = 15) {
            var samples: [Double] = []
            var filled: Double?
            for index in 0...times {
                let start = DispatchTime.now().uptimeNanoseconds
                samples.append(milliseconds {
                    program.dispatch(.key(index == 0 ? first : key, at: now()))
                    program.draw()
                })
                // The first key's view may still be worked out in the background.
                if index == 0, render(program.state).text.contains("Working out") {
                    filled = waitUntilFilled(program, since: start)
                }
            }
            let rest = samples.dropFirst().sorted()
            keys.append((screen, rest[rest.count / 2], samples[0], filled))
        }
        time("Board", .down, then: .down)
        time("Moderation", .enter, then: .right)
        program.dispatch(.key(.escape, at: now()))
        time("Totals", .character("t"), then: .down)
        time("What if", .tab, then: .down)
        time("Agreement", .tab, then: .down)
        program.dispatch(.key(.tab, at: now())) // back to the totals

        // The median of five changes (each writer flips one value, so the totals change every time).
        var changes: [(frame: Double, cpu: Double)] = []
        for _ in 0..<5 { changes.append(try changeToFrame(path: path, program: program, backend: backend, writer: writer)) }
        let frame = changes.map(\.frame).sorted()[2], cpu = changes.map(\.cpu).sorted()[2]
        print("changes (frame ms / chair CPU ms): " + changes.map { String(format: "%.0f/%.0f", $0.frame, $0.cpu) }.joined(separator: ", "))
        return Figures(signInMilliseconds: signIn, pinMilliseconds: pinCheck,
                       keyMilliseconds: keys.map { (screen: $0.0, median: $0.1, first: $0.2, filled: $0.3) },
                       changeToFrameMilliseconds: frame, changeCPUMilliseconds: cpu)
    }

    /// Milliseconds from `start` until the frame no longer says "working
    /// out" (the background work done; the loop would be woken to draw it).
    static func waitUntilFilled(_ program: Program, since start: UInt64) -> Double {
        let deadline = Date().addingTimeInterval(10)
        while render(program.state).text.contains("Working out"), Date() < deadline { usleep(500) }
        program.draw()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
    }

    /// Another process records one value of bid B1; the chair's loop (as
    /// `Program.run` does it, but polling every millisecond so the figure is
    /// the work, not the wait) draws the totals with it.
    static func changeToFrame(path: String, program: Program, backend: StoreBackend,
                              writer: (member: String, pin: String)) throws -> (Double, Double) {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = ["chair-scale", "write", path, writer.member, writer.pin, "B1", "c1"]
        let input = Pipe(), output = Pipe()
        child.standardInput = input
        child.standardOutput = output
        try child.run()
        var lines = LineReader()
        let reading = output.fileHandleForReading
        guard lines.next(from: reading) == "ready" else { throw StoreError("the writer did not start") }
        let before = render(program.state).text
        let cpuBefore = processCPU()
        input.fileHandleForWriting.write(Data("go\n".utf8))
        guard lines.next(from: reading) == "committed" else { throw StoreError("the writer did not write") }
        let committed = DispatchTime.now().uptimeNanoseconds
        var shown = before
        var loopCPU = 0.0
        let deadline = Date().addingTimeInterval(10)
        // As `Program.run` waits: on the loop's wake-up (the file watch's
        // read, or the totals worked out in the background after the change),
        // then the board taken and a frame drawn, until the frame shows the
        // change with the totals worked out.
        while shown == before || shown.contains("Working out"), Date() < deadline {
            var descriptor = pollfd(fd: program.wakeup.fileDescriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 1_000)
            program.wakeup.drain()
            let loopStart = threadCPU()
            for action in backend.pendingActions() { program.dispatch(action) }
            program.draw()
            loopCPU += threadCPU() - loopStart
            shown = render(program.state).text
        }
        let frame = Double(DispatchTime.now().uptimeNanoseconds - committed) / 1_000_000
        let cpu = processCPU() - cpuBefore
        if ProcessInfo.processInfo.environment["BIDPANEL_BENCH_PARTS"] != nil {
            print(String(format: "  the loop's own CPU (taking the board, the data brought up to it, the frame): %.1f ms", loopCPU))
        }
        child.waitUntilExit()
        guard shown != before else { throw StoreError("the chair's screen never showed the change") }
        return (frame, cpu)
    }

    static func write(path: String, member: String, pin: String, bid: String, criterion: String) throws {
        let store = try EvaluationStore.open(path: path)
        let session = try store.signIn(member: member, pin: pin, channel: .command)
        let slot = Slot(bid: bid, criterion: criterion)
        let old = try session.myValues(bid: bid).first { $0.slot == slot }?.value
        // A different value, so the totals change.
        let value: Value = old == .scale(Exact(5)) ? .scale(Exact(0)) : .scale(Exact(5))
        say("ready")
        _ = readLine()
        try session.record(slot, value)
        say("committed")
    }

    static func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    static func now() -> Double { Date().timeIntervalSince1970 }

    /// This thread's CPU, in milliseconds.
    static func threadCPU() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
    }

    /// This process's CPU (every thread), in milliseconds.
    static func processCPU() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
    }
}

/// Draws nothing: the figures are the screens' own work.
final class QuietDevice: TerminalDevice {
    let size: Size
    init(size: Size) { self.size = size }
    func draw(_ canvas: Canvas) {}
    func nextEvent(milliseconds: Int) -> TerminalEvent { .idle }
    func wipe() {}
}

