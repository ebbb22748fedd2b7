import BidpanelTUI
import Glibc
import Testing

@testable import BidpanelTerminal

/// A headless terminal: ncurses writes to /dev/null and reads from a pipe the
/// test feeds. ncurses is global state, so one at a time (see the suite).
final class HeadlessTerminal {
    let terminal: NcursesTerminal
    private let input: UnsafeMutablePointer<FILE>
    private let output: UnsafeMutablePointer<FILE>
    private var writeEnd: Int32

    init(size: Size = Size(width: 80, height: 24)) throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        input = fdopen(ends[0], "r")!
        writeEnd = ends[1]
        output = fopen("/dev/null", "w")!
        terminal = try NcursesTerminal(colour: false, input: input, output: output, termType: "xterm-256color")
        terminal.resize(to: size)
        // resizeterm queues a KEY_RESIZE, as a real resize would.
        #expect(terminal.nextEvent(milliseconds: 0) == .resized(size))
    }

    func type(_ text: String) { type(Array(text.utf8)) }

    func type(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
    }

    func closeInput() {
        close(writeEnd)
        writeEnd = -1
    }

    func finish() {
        terminal.shutdown()
        if writeEnd >= 0 { close(writeEnd) }
        fclose(input)
        fclose(output)
    }
}

/// ncurses, signal handlers and fork are process-wide: every test here runs
/// one at a time, including the guard tests nested in the same parent.
@Suite(.serialized)
enum TerminalTests {}

extension TerminalTests {
    @Suite
    struct NcursesTerminalTests {
        static func sampleCanvas() -> Canvas {
            var canvas = Canvas(size: Size(width: 80, height: 24))
            canvas.put("Bid scoring — panel 3", x: 0, y: 0, style: .bold)
            canvas.fill(y: 1, style: .reverse)
            canvas.put("Bids", x: 2, y: 1, style: .reverse)
            canvas.put("Zoë Ōkubo", x: 2, y: 3)
            canvas.put("42", x: 30, y: 3)
            canvas.put("Kyle 🚀 Smith", x: 2, y: 4, style: .underline)
            canvas.put("17", x: 30, y: 4)
            canvas.put("Jose\u{301} Nuñez", x: 2, y: 5, style: .dim)
            canvas.put("8", x: 30, y: 5)
            canvas.put("▸ 中文 ✓ [x]", x: 2, y: 6, tint: .good)
            canvas.put("bottom right", x: 68, y: 23)
            canvas.cursor = Point(x: 2, y: 4)
            return canvas
        }

        @Test func drawnCanvasReadsBackRowForRow() throws {
            let headless = try HeadlessTerminal()
            defer { headless.finish() }
            let canvas = Self.sampleCanvas()
            #expect(headless.terminal.size == canvas.size)
            headless.terminal.draw(canvas)
            let rows = headless.terminal.readBack()
            #expect(rows.count == canvas.size.height)
            for y in 0..<canvas.size.height {
                #expect(rows[y] == canvas.line(y), "row \(y)")
            }
            #expect(headless.terminal.cursorPosition == Point(x: 2, y: 4))
        }

        @Test func redrawingReplacesWideCharactersCleanly() throws {
            let headless = try HeadlessTerminal()
            defer { headless.finish() }
            headless.terminal.draw(Self.sampleCanvas())
            var next = Canvas(size: Size(width: 80, height: 24))
            next.put("Kyle Smith  17", x: 2, y: 4)
            next.put("🚀🚀", x: 0, y: 6)
            next.cursor = Point(x: 5, y: 6)
            headless.terminal.draw(next)
            let rows = headless.terminal.readBack()
            for y in 0..<next.size.height {
                #expect(rows[y] == next.line(y), "row \(y)")
            }
            #expect(headless.terminal.cursorPosition == Point(x: 5, y: 6))
        }

        @Test func aCanvasLargerThanTheWindowIsClipped() throws {
            let headless = try HeadlessTerminal(size: Size(width: 10, height: 5))
            defer { headless.finish() }
            var canvas = Canvas(size: Size(width: 80, height: 24))
            canvas.put("abcdefghi🚀 cut", x: 0, y: 0)
            canvas.put("row two is long", x: 0, y: 1)
            canvas.cursor = Point(x: 40, y: 20)
            headless.terminal.draw(canvas)
            #expect(headless.terminal.readBack() == ["abcdefghi", "row two is", "", "", ""])
        }

        @Test func wipeBlanksTheScreen() throws {
            let headless = try HeadlessTerminal()
            defer { headless.finish() }
            headless.terminal.draw(Self.sampleCanvas())
            headless.terminal.wipe()
            let rows = headless.terminal.readBack()
            #expect(rows == Array(repeating: "", count: 24))
        }

        @Test func keysFromTheInputBecomeKeys() throws {
            let headless = try HeadlessTerminal()
            defer { headless.finish() }
            let cases: [([UInt8], Key)] = [
                (Array("a".utf8), .character("a")),
                (Array("é".utf8), .character("é")),
                (Array("🚀".utf8), .character("🚀")),
                ([0x1B, 0x5B, 0x41], .up),  // ESC [ A, not in xterm's terminfo (it lists ESC O A)
                ([0x1B, 0x4F, 0x42], .down),
                ([0x1B, 0x5B, 0x43], .right),
                ([0x1B, 0x4F, 0x44], .left),
                ([0x1B, 0x4F, 0x48], .home),
                ([0x1B, 0x4F, 0x46], .end),
                ([0x1B, 0x5B, 0x35, 0x7E], .pageUp),
                ([0x1B, 0x5B, 0x36, 0x7E], .pageDown),
                ([0x1B, 0x5B, 0x33, 0x7E], .delete),
                ([0x1B, 0x5B, 0x5A], .backTab),
                ([0x09], .tab),
                ([0x0D], .enter),
                ([0x0A], .enter),
                ([0x7F], .backspace),
                ([0x08], .backspace),
                ([0x18], .control("x")),
                ([0x01], .control("a")),
            ]
            for (bytes, key) in cases {
                headless.type(bytes)
                #expect(headless.terminal.nextEvent(milliseconds: 1000) == .key(key), "bytes \(bytes)")
            }
        }

        @Test func escapeAloneIsEscapeAndNothingIsIdle() throws {
            let headless = try HeadlessTerminal()
            defer { headless.finish() }
            headless.type([0x1B])
            #expect(headless.terminal.nextEvent(milliseconds: 1000) == .key(.escape))
            #expect(headless.terminal.nextEvent(milliseconds: 10) == .idle)
            headless.type([0x1B, 0x71])  // Alt-q: escape, then the letter
            #expect(headless.terminal.nextEvent(milliseconds: 1000) == .key(.escape))
            #expect(headless.terminal.nextEvent(milliseconds: 1000) == .key(.character("q")))
        }

        @Test func closedInputStops() throws {
            let headless = try HeadlessTerminal()
            defer { headless.finish() }
            headless.type("z")
            headless.closeInput()
            #expect(headless.terminal.nextEvent(milliseconds: 1000) == .key(.character("z")))
            #expect(headless.terminal.nextEvent(milliseconds: 1000) == .stop(reason: "input closed"))
        }

        @Test func aStopSignalBecomesAStopEvent() throws {
            let headless = try HeadlessTerminal()
            defer {
                TerminalGuard.clearPendingStopSignal()
                headless.finish()
            }
            #expect(TerminalGuard.pendingStopSignal() == nil)
            // Process-directed, as from `kill`: test worker threads block SIGTERM,
            // so the handler runs on another thread, shortly.
            kill(getpid(), SIGTERM)
            for _ in 0..<200 where TerminalGuard.pendingStopSignal() == nil { usleep(5000) }
            #expect(TerminalGuard.pendingStopSignal() == SIGTERM)
            #expect(headless.terminal.nextEvent(milliseconds: 1000) == .stop(reason: "SIGTERM"))
        }

        @Test func shutdownTwiceIsSafe() throws {
            let headless = try HeadlessTerminal()
            headless.terminal.shutdown()
            headless.terminal.shutdown()
            headless.terminal.draw(Self.sampleCanvas())
            #expect(headless.terminal.nextEvent(milliseconds: 0) == .stop(reason: "terminal closed"))
            headless.finish()
        }

        @Test func anUnknownTerminalTypeSaysWhatToTry() throws {
            let output = fopen("/dev/null", "w")!
            let input = fopen("/dev/null", "r")!
            defer { fclose(output); fclose(input) }
            let error = #expect(throws: TerminalError.self) {
                _ = try NcursesTerminal(colour: false, input: input, output: output, termType: "no-such-terminal-xyz")
            }
            #expect(error?.description == "your terminal type (TERM=no-such-terminal-xyz) is not known; try TERM=xterm-256color")
        }

        @Test func colourTerminalsDrawTheSameText() throws {
            var ends: [Int32] = [0, 0]
            #expect(pipe(&ends) == 0)
            let input = fdopen(ends[0], "r")!
            let output = fopen("/dev/null", "w")!
            defer { fclose(input); fclose(output); close(ends[1]) }
            let terminal = try NcursesTerminal(colour: true, input: input, output: output, termType: "xterm-256color")
            defer { terminal.shutdown() }
            terminal.resize(to: Size(width: 80, height: 24))
            _ = terminal.nextEvent(milliseconds: 0)
            let canvas = Self.sampleCanvas()
            terminal.draw(canvas)
            #expect(terminal.readBack() == (0..<24).map { canvas.line($0) })
        }
    }
}
