import BidpanelCore
import BidpanelTUI
import CNcurses
import Glibc

public enum TerminalError: Error, CustomStringConvertible {
    case unknownTerminal(String?)

    public var description: String {
        switch self {
        case .unknownTerminal(let name):
            "your terminal type (TERM=\(name ?? "unset")) is not known; try TERM=xterm-256color"
        }
    }
}

/// The real terminal: draws a Canvas with ncurses and reads keys.
/// ncurses keeps global state, so have only one of these at a time.
public final class NcursesTerminal: TerminalDevice {
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let colour: Bool
    private let inputFD: Int32
    private var savedTermios: termios?
    private var cursorShown: Bool?
    private var isShutDown = false
    /// Signals write here (see `TerminalGuard.wakeOnSignals`), so a wait
    /// with no deadline still ends on a stop signal or a resize.
    private let signalWake = Wakeup()

    /// `input` and `output` default to stdin and stdout; tests pass a pipe and /dev/null.
    public init(
        colour: Bool,
        input: UnsafeMutablePointer<FILE>? = nil,
        output: UnsafeMutablePointer<FILE>? = nil,
        termType: String? = nil
    ) throws {
        TerminalGuard.ensureUTF8Locale()
        let inputFile = input ?? shim_stdin()!
        let outputFile = output ?? shim_stdout()!
        inputFD = fileno(inputFile)
        // Before newterm: ncurses only installs its own SIGINT/SIGTERM
        // handlers (which exit at once) where none is set yet.
        TerminalGuard.installStopSignals()
        TerminalGuard.rememberTerminalState(fd: inputFD)
        var settings = termios()
        if isatty(inputFD) != 0, tcgetattr(inputFD, &settings) == 0 { savedTermios = settings }

        let type = termType ?? ProcessInfoLite.environment("TERM")
        let created: OpaquePointer? =
            if let type { newterm(type, outputFile, inputFile) } else { newterm(nil, outputFile, inputFile) }
        guard let created else { throw TerminalError.unknownTerminal(type) }
        screen = created
        window = shim_stdscr()!

        // cbreak, not raw: Ctrl-C must still raise SIGINT, which we turn into `.stop`.
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        set_escdelay(25)
        self.colour = colour && has_colors()
        if self.colour {
            start_color()
            // Keep the user's own background where the terminal allows it.
            let background = use_default_colors() == SHIM_OK ? -1 : Int16(COLOR_BLACK)
            let colours: [Tint: Int32] = [.accent: COLOR_CYAN, .good: COLOR_GREEN, .warning: COLOR_YELLOW, .problem: COLOR_RED]
            for (tint, foreground) in colours { init_pair(Int16(tint.rawValue), Int16(foreground), background) }
        }
        showCursor(true)
        TerminalGuard.wakeOnSignals(writingTo: signalWake.writeFileDescriptor)
    }

    deinit { shutdown() }

    public var size: Size {
        Size(width: Int(shim_width(window)), height: Int(shim_height(window)))
    }

    public func draw(_ canvas: Canvas) {
        guard !isShutDown else { return }
        let height = min(canvas.size.height, Int(shim_height(window)))
        let width = min(canvas.size.width, Int(shim_width(window)))
        for y in 0..<max(0, height) {
            let row = canvas.cells[y]
            var x = 0
            while x < width {
                let cell = row[x]
                let wide = x + 1 < row.count && row[x + 1].text.isEmpty && !cell.text.isEmpty
                // A wide character cut by the window edge, or a stray continuation cell, becomes a space.
                let text = cell.text.isEmpty || (wide && x + 1 >= width) ? " " : cell.text
                put(text, y: y, x: x, style: cell.style, tint: cell.tint)
                // Where ncurses thinks the character narrower than the canvas does
                // (e.g. "❤️"), fill the right half so its cells match the canvas.
                if wide, x + 1 < width, let first = text.unicodeScalars.first,
                    shim_wcwidth(wchar_t(bitPattern: first.value)) < 2
                {
                    put(" ", y: y, x: x + 1, style: cell.style, tint: cell.tint)
                }
                x += wide ? 2 : 1
            }
        }
        if let cursor = canvas.cursor, cursor.x >= 0, cursor.y >= 0, cursor.x < width, cursor.y < height {
            wmove(window, Int32(cursor.y), Int32(cursor.x))
            showCursor(true)
        } else {
            showCursor(false)
        }
        wnoutrefresh(window)
        doupdate()
    }

    public func nextEvent(milliseconds: Int) -> TerminalEvent {
        if let signal = TerminalGuard.pendingStopSignal() { return .stop(reason: TerminalGuard.name(ofSignal: signal)) }
        guard !isShutDown else { return .stop(reason: "terminal closed") }
        wtimeout(window, Int32(clamping: milliseconds))
        var code: wint_t = 0
        let result = wget_wch(window, &code)
        if let signal = TerminalGuard.pendingStopSignal() { return .stop(reason: TerminalGuard.name(ofSignal: signal)) }
        switch result {
        case SHIM_KEY_CODE_YES:
            if Int32(code) == SHIM_KEY_RESIZE { return .resized(size) }
            return KeyDecoding.functionKey(Int32(code)).map { .key($0) } ?? .idle
        case SHIM_OK:
            if code == 27 { return .key(decodeEscape()) }
            return KeyDecoding.character(UInt32(code)).map { .key($0) } ?? .idle
        default:
            return inputIsGone() ? .stop(reason: "input closed") : .idle
        }
    }

    public var waitsOnWake: Bool { true }

    /// Sleeps in poll on the keyboard, `wake` and the signals' pipe, so a
    /// screen waiting for nothing in particular uses no CPU at all.
    public func nextEvent(milliseconds: Int?, wake: Int32) -> TerminalEvent {
        // What ncurses has already read (typed ahead, a resize) comes first.
        let ready = nextEvent(milliseconds: 0)
        guard ready == .idle else { return ready }
        var descriptors = [inputFD, wake, signalWake.fileDescriptor].filter { $0 >= 0 }.map {
            pollfd(fd: $0, events: Int16(POLLIN), revents: 0)
        }
        _ = poll(&descriptors, nfds_t(descriptors.count), Int32(clamping: milliseconds ?? -1))
        signalWake.drain()
        // A key, a resize, a stop signal or closed input; else (woken, or
        // the time is up) `.idle`.
        return nextEvent(milliseconds: 0)
    }

    public func wipe() {
        guard !isShutDown else { return }
        wclear(window)
        clearok(window, true)
        wrefresh(window)
    }

    /// Ends ncurses and puts the terminal settings back exactly as they were. Safe to call twice.
    public func shutdown() {
        guard !isShutDown else { return }
        isShutDown = true
        showCursor(true)
        TerminalGuard.wakeOnSignals(writingTo: -1)
        endwin()
        delscreen(screen)
        if var settings = savedTermios { tcsetattr(inputFD, TCSANOW, &settings) }
    }

    // MARK: For tests

    /// Changes ncurses' idea of the window size (there is no real terminal in tests).
    public func resize(to size: Size) {
        resizeterm(Int32(size.height), Int32(size.width))
    }

    /// Each row of the window as text, trailing spaces removed.
    public func readBack() -> [String] {
        let height = Int32(shim_height(window)), width = Int32(shim_width(window))
        var buffer = [wchar_t](repeating: 0, count: 8)
        let cursor = cursorPosition
        defer { wmove(window, Int32(cursor.y), Int32(cursor.x)) }
        return (0..<height).map { y in
            var line = ""
            var x: Int32 = 0
            while x < width {
                let count = Int(shim_read_cell(window, y, x, &buffer, Int32(buffer.count)))
                let scalars = buffer.prefix(count).compactMap { UnicodeScalar(UInt32(bitPattern: $0)) }
                line.unicodeScalars.append(contentsOf: scalars.isEmpty ? [" "] : scalars)
                // ncurses stores a wide character's right half as its own cell: skip it.
                x += count > 0 && shim_wcwidth(buffer[0]) == 2 ? 2 : 1
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    /// Where ncurses will leave the hardware cursor.
    public var cursorPosition: Point {
        Point(x: Int(shim_cursor_x(window)), y: Int(shim_cursor_y(window)))
    }

    // MARK: Private

    private func put(_ text: String, y: Int, x: Int, style: CellStyle, tint: Tint) {
        var attributes = shim_a_normal()
        if style.contains(.bold) { attributes |= shim_a_bold() }
        if style.contains(.reverse) { attributes |= shim_a_reverse() }
        if style.contains(.underline) { attributes |= shim_a_underline() }
        if style.contains(.dim) { attributes |= shim_a_dim() }
        let pair: Int16 = colour ? Int16(tint.rawValue) : 0
        if colour { attributes |= shim_color_pair(Int32(pair)) }
        // Canvas.put already shows control and bidi characters as marks; this
        // keeps any that a cell could still hold from reaching the terminal.
        // (A printable ASCII cell, nearly every cell, is not looked at again.)
        let byte = text.utf8.first ?? 0x20
        let shown = text.utf8.count == 1 && byte >= 0x20 && byte < 0x7F ? text
            : SafeText.isSafe(text, singleLine: true) ? text : SafeText.line(text)
        let characters = shown.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        _ = shim_put_cluster(window, Int32(y), Int32(x), characters, Int32(characters.count), attributes, pair)
    }

    /// After ERR: a hung-up or closed input would otherwise make every wait return at once.
    private func inputIsGone() -> Bool {
        var descriptor = pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) == 1 else { return false }
        return descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    private func showCursor(_ visible: Bool) {
        guard cursorShown != visible else { return }
        cursorShown = visible
        curs_set(visible ? 1 : 0)
    }

    /// ncurses decodes the escape sequences terminfo lists (keypad mode);
    /// others (e.g. ESC [ A when the terminal ignored keypad mode) come as
    /// separate characters, decoded here.
    private func decodeEscape() -> Key {
        var bytes: [UInt32] = []
        wtimeout(window, 0)
        var code: wint_t = 0
        guard wget_wch(window, &code) == SHIM_OK else { return .escape }
        guard code == 0x5B || code == 0x4F else {  // "[" or "O"
            unget_wch(wchar_t(bitPattern: code))
            return .escape
        }
        let introducer = code
        while bytes.count < 8, wget_wch(window, &code) == SHIM_OK {
            bytes.append(code)
            if (0x40...0x7E).contains(code) { break }
        }
        return KeyDecoding.escapeSequence(introducer: introducer, body: bytes) ?? .escape
    }
}

/// getenv without Foundation.
enum ProcessInfoLite {
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
