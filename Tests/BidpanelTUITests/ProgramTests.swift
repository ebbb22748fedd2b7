import BidpanelCore
import BidpanelStore
import BidpanelTUI
import Foundation
import Testing

/// A terminal that plays back a script of events and keeps every frame.
final class ScriptedDevice: TerminalDevice {
    var size: Size
    var script: [TerminalEvent]
    var frames: [Canvas] = []
    var wipes = 0
    /// How many frames had been drawn at each wipe, to see what came after it.
    var wipedAfterFrames: [Int] = []
    /// The time the program's clock reads: a second per event, and an
    /// idle event stands for ten minutes with no keys.
    var time: Double = 0

    init(size: Size = Size(width: 80, height: 24), script: [TerminalEvent]) {
        self.size = size
        self.script = script
    }

    func draw(_ canvas: Canvas) { frames.append(canvas) }
    func wipe() { wipes += 1; wipedAfterFrames.append(frames.count) }
    func nextEvent(milliseconds: Int) -> TerminalEvent {
        guard !script.isEmpty else { return .stop(reason: "end of script") }
        let event = script.removeFirst()
        time += event == .idle ? 600 : 1
        if case let .resized(newSize) = event { size = newSize }
        return event
    }
}

extension Array where Element == TerminalEvent {
    static func keys(_ text: String) -> [TerminalEvent] { text.map { .key(.character($0)) } }
    static func key(_ key: Key, times: Int = 1) -> [TerminalEvent] { Array(repeating: .key(key), count: times) }
}

@Suite(.serialized) struct ProgramTests {
    /// The journey, on a real evaluation file: a young assessor
    /// signs in, declares no conflict, scores a bid with the matrix and the
    /// ladder, and submits. The values are then in the file.
    @Test func youngAssessorScoresAndSubmitsABid() throws {
        let (store, _) = try Youth.evaluation()
        let backend = StoreBackend(store: store)
        var script: [TerminalEvent] = .keys("zo") + .key(.enter) + .keys("2580") + .key(.enter)
        script += .key(.enter) + .keys("y") // "I have no conflicts", yes
        script += .key(.enter) // open B1
        // experience, activities, qualities; four matrix principles; the ladder (rung 6).
        for digit in ["4", "3", "3", "2", "1", "2", "1", "6"] { script += .keys(digit) + .key(.enter) }
        script += .keys("s") + .keys("y")
        let device = ScriptedDevice(script: script)
        let state = AppState(panel: store.panel, members: try backend.memberEntries(), size: device.size, now: 0)
        let program = Program(state: state, backend: backend, device: device, clock: { 1 })
        program.run()

        let last = device.frames.last!.text
        #expect(last.contains("Bid B1 is sent in"))
        #expect(last.contains("✓ submitted"))
        let zoe = try store.signIn(member: "zoe", pin: Youth.pins["zoe"]!)
        let values = try zoe.myValues(bid: "B1")
        #expect(values.count == 8)
        #expect(values.first { $0.slot.criterion == "ladder" }?.value == .rung(6))
        #expect(values.first { $0.slot.principle == "reciprocity" }?.value == .level(1))
        #expect(try zoe.myProgress()["B1"]?.submitted == true)
        // Young assessors never see a bid's price, on any frame.
        let prices = Youth.panel.bids.compactMap(\.price).map { Money(currency: "GBP").format($0) }
        #expect(prices.count == 6)
        #expect(!device.frames.contains { frame in prices.contains { frame.text.contains($0) } })
    }

    @Test func aSignalSavesTheCommentBeingTyped() throws {
        let (store, _) = try Youth.evaluation()
        let backend = StoreBackend(store: store)
        var script: [TerminalEvent] = .keys("david") + .key(.enter) + .keys("1357") + .key(.enter)
        script += .key(.enter) + .keys("y") + .key(.enter) // no conflicts; open B1
        script += .keys("4") + .keys("Clear track record") // typed, Enter never pressed
        script += [.stop(reason: "SIGTERM")]
        let device = ScriptedDevice(script: script)
        let program = Program(state: AppState(panel: store.panel, members: try backend.memberEntries(), size: device.size),
                              backend: backend, device: device, clock: { 1 })
        #expect(program.run() == "SIGTERM")
        let david = try store.signIn(member: "david", pin: Youth.pins["david"]!)
        let value = try #require(try david.myValues(bid: "B1").first { $0.slot.criterion == "experience" })
        #expect(value.value == .scale(Exact(4)))
        #expect(value.comment == "Clear track record")
    }

    @Test func handOverAndIdleLockLeaveNothingOnScreen() throws {
        let (store, _) = try Youth.evaluation()
        let backend = StoreBackend(store: store)
        var script: [TerminalEvent] = .keys("kyle") + .key(.enter) + .keys("9753") + .key(.enter) + .key(.enter) + .keys("y")
        script += .key(.control("x"))
        script += .keys("kyle") + .key(.enter) + .keys("9753") + .key(.enter)
        script += [.idle]
        let device = ScriptedDevice(script: script)
        let state = AppState(panel: store.panel, members: try backend.memberEntries(), size: device.size, idleLimit: 300, now: 0)
        let program = Program(state: state, backend: backend, device: device, clock: { device.time })
        program.run()
        #expect(device.wipes == 2)
        let afterHandOver = device.frames.filter { !$0.text.contains("Kyle Mensah · young") }
        #expect(!afterHandOver.isEmpty)
        let last = device.frames.last!.text
        #expect(last.contains("Locked after 5 minutes"))
        #expect(!last.contains("B1"))
        #expect(program.state.session == nil)
    }

    @Test func wrongPINIsRefusedAndSaysSo() throws {
        let (store, _) = try Youth.evaluation()
        let backend = StoreBackend(store: store)
        let script: [TerminalEvent] = .keys("helen") + .key(.enter) + .keys("0000") + .key(.enter)
        let device = ScriptedDevice(script: script)
        let program = Program(state: AppState(panel: store.panel, members: try backend.memberEntries(), size: device.size),
                              backend: backend, device: device)
        program.run()
        #expect(device.frames.last!.text.contains("Wrong PIN for Helen Marsh"))
        #expect(program.state.session == nil)
    }

    /// A pick is drawn before the durable write, marked "saving…", and only
    /// the frame after the write says "✓ saved": no frame waits for the disk,
    /// and nothing claims a save that has not happened.
    @Test func aPickIsDrawnBeforeTheWriteAndMarkedSavedOnlyAfterIt() throws {
        let (store, _) = try Youth.evaluation()
        var script: [TerminalEvent] = .keys("zo") + .key(.enter) + .keys("2580") + .key(.enter)
        script += .key(.enter) + .keys("y") + .key(.enter) // no conflicts, open B1
        script += .keys("3")
        let device = ScriptedDevice(script: script)
        let backend = WatchingBackend(StoreBackend(store: store)) { device.frames.last?.text ?? "" }
        let state = AppState(panel: store.panel, members: try backend.inner.memberEntries(), size: device.size, now: 0)
        Program(state: state, backend: backend, device: device, clock: { 1 }).run()

        // When the write began, the screen already showed the pick as saving.
        let beforeWrite = try #require(backend.screenAtRecord.first)
        #expect(beforeWrite.contains("(•) 3 Good"))
        #expect(beforeWrite.contains("saving…"))
        #expect(!beforeWrite.contains("✓ saved") && !beforeWrite.contains("Saved: 3 Good"))
        let after = device.frames.last!.text
        #expect(after.contains("✓ saved") && after.contains("✓ Saved: 3 Good") && !after.contains("saving…"))
    }

    /// A write that fails leaves the screen showing what the file holds.
    @Test func aPickThatFailsToSaveIsNotShownAsChosen() throws {
        let (store, _) = try Youth.evaluation()
        var script: [TerminalEvent] = .keys("zo") + .key(.enter) + .keys("2580") + .key(.enter)
        script += .key(.enter) + .keys("y") + .key(.enter) + .keys("3")
        let device = ScriptedDevice(script: script)
        let backend = WatchingBackend(StoreBackend(store: store), failRecords: true) { device.frames.last?.text ?? "" }
        let state = AppState(panel: store.panel, members: try backend.inner.memberEntries(), size: device.size, now: 0)
        Program(state: state, backend: backend, device: device, clock: { 1 }).run()
        let after = device.frames.last!.text
        #expect(after.contains("The disk is full"))
        #expect(after.contains("( ) 3 Good") && !after.contains("(•)"))
        #expect(after.contains("not scored yet") && !after.contains("saving…"))
    }
}

/// Passes effects to the store, noting the screen as each write begins;
/// it can also fail every write, as a full disk would.
final class WatchingBackend: PanelBackend {
    let inner: StoreBackend
    let failRecords: Bool
    let screen: () -> String
    var screenAtRecord: [String] = []

    init(_ inner: StoreBackend, failRecords: Bool = false, screen: @escaping () -> String) {
        self.inner = inner
        self.failRecords = failRecords
        self.screen = screen
    }

    func perform(_ effect: Effect) -> [Action] {
        if case .record = effect {
            screenAtRecord.append(screen())
            if failRecords { return [.failed("the disk is full")] }
        }
        return inner.perform(effect)
    }
}
