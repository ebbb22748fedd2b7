/// A key press (or a terminal event) as the screens see it. The adapter
/// turns ncurses key codes and UTF-8 input into these.
public enum Key: Sendable, Hashable {
    case character(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case enter, tab, backTab, backspace, delete, escape
    /// Ctrl plus a letter, lower-case ("x" for Ctrl-X).
    case control(Character)
}

/// The terminal as the program loop sees it. The ncurses adapter is the
/// real one; tests use a scripted one.
public protocol TerminalDevice: AnyObject {
    var size: Size { get }
    /// Shows a frame: only what changed reaches the terminal.
    func draw(_ canvas: Canvas)
    /// Waits up to `milliseconds` for input.
    func nextEvent(milliseconds: Int) -> TerminalEvent
    /// Waits for input, for `wake` to become readable (then `.idle`) or
    /// for `milliseconds` to pass; nil waits for ever.
    func nextEvent(milliseconds: Int?, wake: Int32) -> TerminalEvent
    /// Whether `nextEvent(milliseconds:wake:)` really waits on `wake`; a
    /// device that does not is asked again after a short wait instead.
    var waitsOnWake: Bool { get }
    /// Clears the screen and forgets the last frame, so the next draw paints
    /// every cell (after a hand-over, and for Ctrl+L).
    func wipe()
}

extension TerminalDevice {
    public func nextEvent(milliseconds: Int?, wake: Int32) -> TerminalEvent {
        nextEvent(milliseconds: milliseconds ?? 100)
    }

    public var waitsOnWake: Bool { false }
}

public enum TerminalEvent: Sendable, Hashable {
    case key(Key)
    case resized(Size)
    /// Nothing arrived in time.
    case idle
    /// The terminal is gone or a signal asked us to stop.
    case stop(reason: String)
}
