import BidpanelCore
import Foundation

/// The loop that joins the pure screens to the world: read an event, run
/// `update`, carry out its effects (feeding their results back in), draw.
public final class Program {
    public private(set) var state: AppState
    let backend: PanelBackend
    let device: TerminalDevice
    let clock: () -> Double
    /// Woken by the file watch and by work done in the background; the loop
    /// otherwise sleeps until a key or the idle lock's moment.
    public let wakeup = Wakeup()
    /// The longest the loop sleeps on a device that cannot wait on the
    /// wake-up (`waitsOnWake` false, as in tests' scripted terminals).
    public var pollMilliseconds = 100

    public init(state: AppState, backend: PanelBackend, device: TerminalDevice,
                clock: @escaping () -> Double = { Date().timeIntervalSince1970 }) {
        self.state = state
        self.state.workInBackground = true
        self.backend = backend
        self.device = device
        self.clock = clock
        backend.attach(wakeup)
    }

    /// Runs until the terminal stops it (a signal, the terminal gone).
    /// Anything typed but not saved is saved first. Returns the reason.
    @discardableResult
    public func run() -> String {
        dispatch(.resized(device.size))
        draw()
        while true {
            var changed = true
            switch device.nextEvent(milliseconds: waitMilliseconds(), wake: wakeup.fileDescriptor) {
            // Ctrl+L repaints a screen garbled by other output (a wall
            // message, a noisy SSH link). It never reaches a screen, so it
            // cannot type into a text field or count as a key for a step.
            case .key(Program.redrawKey): redraw()
            case let .key(key):
                dispatch(.key(key, at: clock()))
                // The chair reading the totals will likely Tab to the advice next.
                if case .totals = state.screen { state.chair?.prepareAdvice() }
            case let .resized(size): dispatch(.resized(size))
            case .idle: changed = tick()
            case let .stop(reason):
                dispatch(.flush)
                return reason
            }
            // Before taking the board: a wake after this finds the next wait.
            if wakeup.drain() { changed = true }
            for action in backend.pendingActions() {
                dispatch(action)
                changed = true
            }
            // An idle screen costs nothing: no frame unless something changed.
            if changed { draw() }
        }
    }

    /// Until the idle lock's moment (nil: no deadline, only a key or a
    /// wake-up ends the wait). A moment already past that changed nothing
    /// is looked at again a second later, never in a busy loop.
    private func waitMilliseconds() -> Int? {
        guard let deadline = state.nextDeadline else { return device.waitsOnWake ? nil : pollMilliseconds }
        let left = deadline - clock()
        let wait = left > 0 ? Int(min(left * 1000, 86_400_000).rounded(.up)) : 1000
        return device.waitsOnWake ? wait : min(wait, pollMilliseconds)
    }

    /// Time passing changes a screen only when it locks (or clears a
    /// half-typed sign-in); whether it did is told by what is on screen.
    private func tick() -> Bool {
        let before = (state.screen, state.session, state.status, state.showingHelp)
        dispatch(.tick(clock()))
        return before.0 != state.screen || before.1 != state.session || before.2 != state.status
            || before.3 != state.showingHelp
    }

    /// The key that forces a full repaint, the usual one for terminal programs.
    public static let redrawKey = Key.control("l")

    /// Starts in the background what the screen shows but is not worked
    /// out yet; the frame says "working out" and the wake-up redraws it.
    public func draw() {
        state.chair?.prepare(for: state, then: wakeup.wake)
        device.draw(render(state))
    }

    /// Forgets what the terminal is thought to show and paints it all again.
    /// (The loop draws the frame itself after every event.)
    func redraw() {
        device.wipe()
    }

    /// Applies an action and every action its effects lead to.
    public func dispatch(_ action: Action) {
        let (next, effects) = update(state, action)
        state = next
        for effect in effects {
            // Show "Checking your PIN…" while it runs, and a pick at once
            // (marked "saving…") rather than after the durable write.
            if case .signIn = effect { draw() }
            if case .signInPair = effect { draw() }
            if case .record = effect { draw() }
            if case .signOut = effect { device.wipe() }
            for result in backend.perform(effect) {
                dispatch(result)
            }
        }
    }
}
