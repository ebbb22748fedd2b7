import BidpanelCore
import BidpanelStore
import Foundation
import Testing

@testable import BidpanelTUI

/// The program loop's way of drawing: slow views are worked out on another
/// thread and say so meanwhile; the loop sleeps until a key, a wake-up or
/// the idle lock's moment.
@Suite(.serialized) struct BackgroundViewsTests {
    /// Each totals view drawn in the background says "working out", then,
    /// once prepared, shows exactly what the view worked out as it is drawn shows.
    @Test func eachTotalsViewFillsInWithTheSameLinesAsDrawnAtOnce() throws {
        let (_, chair) = try ChairFixture.evaluation(moderated: true)
        var driver = try ChairFixture.driver(chair)
        driver.press(.character("t"))
        for view in TotalsScreen.View.allCases {
            let plain = driver.canvas.text
            var background = driver.state
            background.workInBackground = true
            // Fresh data, so nothing is worked out yet.
            background.chair = ChairData(board: driver.state.chair!.board, panel: driver.state.chair!.panel)
            let waiting = render(background).text
            #expect(waiting.contains("Working out"), "\(view)")
            #expect(!plain.contains("Working out"), "\(view)")
            let done = DispatchSemaphore(value: 0)
            background.chair!.prepare(for: background) { done.signal() }
            #expect(done.wait(timeout: .now() + 60) == .success)
            #expect(render(background).text == plain, "\(view)")
            driver.press(.tab)
        }
    }

    /// While a view is being worked out its keys still answer at once;
    /// scrolling waits for its lines (there is nothing to scroll yet).
    @Test func scrollingAViewStillBeingWorkedOutDoesNothing() throws {
        let (_, chair) = try ChairFixture.evaluation(moderated: true)
        var driver = try ChairFixture.driver(chair)
        driver.state.workInBackground = true
        driver.press(.character("t"), .tab)
        driver.press(.pageDown, .down, .end)
        guard case let .totals(totals) = driver.state.screen else { Issue.record("not on the totals"); return }
        #expect(totals.view == .whatIf)
        #expect(totals.scroll == 0)
        #expect(driver.canvas.text.contains("Working out what other settings would do"))
    }

    /// Nothing waits on time at a blank sign-in; anywhere else the idle
    /// lock's moment is the next thing that can happen without a key.
    @Test func theNextDeadlineIsTheIdleLocksMomentOrNone() {
        var driver = Driver()
        #expect(driver.state.nextDeadline == nil)
        driver.type("zo")
        #expect(driver.state.nextDeadline == driver.state.lastActivity + 300)
        driver.send(.tick(driver.state.lastActivity + 301))
        #expect(driver.state.nextDeadline == nil)
        driver.signIn("zoe")
        #expect(driver.state.nextDeadline == driver.state.lastActivity + 300)
    }

    /// The real loop on a file: the chair's board, idle, waits with no
    /// poll (only until the idle lock), and a value another connection
    /// records still reaches it, through the file watch and the wake-up.
    @Test func anIdleBoardSleepsUntilTheFileChanges() throws {
        let (store, _) = try Youth.evaluation()
        let backend = StoreBackend(store: store)
        let device = SleepingDevice(script: .keys("pr") + .key(.enter) + .keys("2468") + .key(.enter) + .key(.enter) + .keys("y"))
        let state = AppState(panel: store.panel, members: try backend.memberEntries(), size: device.size, now: 0)
        let start = Date().timeIntervalSince1970
        let program = Program(state: state, backend: backend, device: device, clock: { Date().timeIntervalSince1970 - start })
        device.until = { $0.text.contains("Values in: 0 of 312") }
        program.run()
        device.waits = []
        let other = try EvaluationStore.open(path: store.path)
        let david = try other.signIn(member: "david", pin: Youth.pins["david"]!)
        try david.record(Slot(bid: "B1", criterion: "experience"), .scale(Exact(2)), comment: "Thin on outcomes")
        device.until = { $0.text.contains("Values in: 1 of 312") }
        #expect(program.run() == "seen")
        // Every wait on the board was for the idle lock (five minutes), none a poll.
        #expect(!device.waits.isEmpty)
        #expect(device.waits.allSatisfy { ($0 ?? 0) > 250_000 })
    }
}

/// Plays a script, then waits as the real terminal does, in poll on the
/// loop's wake-up (a generous limit stands in for "for ever"), until a
/// frame shows what the test waits for. Notes every wait it was asked for.
final class SleepingDevice: TerminalDevice {
    var size = Size(width: 80, height: 24)
    var script: [TerminalEvent]
    var frames: [Canvas] = []
    var waits: [Int?] = []
    var until: (Canvas) -> Bool = { _ in true }

    init(script: [TerminalEvent]) { self.script = script }

    var waitsOnWake: Bool { true }
    func draw(_ canvas: Canvas) { frames.append(canvas) }
    func wipe() {}
    func nextEvent(milliseconds: Int) -> TerminalEvent { .idle }

    func nextEvent(milliseconds: Int?, wake: Int32) -> TerminalEvent {
        if !script.isEmpty { return script.removeFirst() }
        if let last = frames.last, until(last) { return .stop(reason: "seen") }
        waits.append(milliseconds)
        var descriptor = pollfd(fd: wake, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 20_000) == 1 else { return .stop(reason: "never woken") }
        return .idle
    }
}
