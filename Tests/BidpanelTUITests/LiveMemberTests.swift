import BidpanelCore
import BidpanelStore
import BidpanelTUI
import Foundation
import Testing

/// A member's terminal and the chair's, as two stores on one evaluation
/// file (two processes in real life): the member's screen follows what the
/// chair does with no key pressed.
@Suite(.serialized) struct LiveMemberTests {
    /// A moderated youth evaluation (so it can be signed off), and David's
    /// terminal on a second store opened on the same file.
    static func twoTerminals() throws -> (chair: MemberSession, davidBackend: StoreBackend, davidStore: EvaluationStore) {
        let (store, chair) = try ChairFixture.evaluation(moderated: true)
        let davidStore = try EvaluationStore.open(path: store.path)
        return (chair, StoreBackend(store: davidStore), davidStore)
    }

    /// Waits (at most ten seconds) for the watch to bring a standing that
    /// passes `check`, as the program loop would ask for it.
    static func nextStanding(_ backend: StoreBackend, where check: (MemberStanding) -> Bool) -> MemberStanding? {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            for case let .standingChanged(standing) in backend.pendingActions() where check(standing) { return standing }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    @Test func theStoreTellsAMemberOfAReopenedBidAndOfTheSignOff() throws {
        let (chair, backend, _) = try Self.twoTerminals()
        let signedIn = backend.perform(.signIn(member: "david", pin: Youth.pins["david"]!))
        guard case let .signedIn(session)? = signedIn.first else { Issue.record("not signed in: \(signedIn)"); return }
        #expect(!session.signedOff)
        #expect(backend.perform(.submit(bid: "B1")).contains { if case .submitted = $0 { true } else { false } })
        #expect(backend.perform(.watchStanding).isEmpty)
        // His own submit is not taken back by a read from before it.
        let first = Self.nextStanding(backend) { _ in true }
        #expect(first?.progress["B1"]?.submitted == true)

        try chair.reopen(bid: "B1", for: "david", reason: "David asked to look at outcomes again")
        let reopened = Self.nextStanding(backend) { $0.progress["B1"]?.submitted == false }
        #expect(reopened != nil)
        #expect(reopened?.signedOff == false)

        _ = try chair.signOff(anyway: "Signing off with members yet to submit, for this test")
        let signedOff = Self.nextStanding(backend) { $0.signedOff }
        #expect(signedOff != nil)
        // Signed out, the terminal follows nothing.
        _ = backend.perform(.signOut)
        try chair.reopenEvaluation(reason: "One more check")
        Thread.sleep(forTimeInterval: 0.6)
        #expect(backend.pendingActions().isEmpty)
    }

    /// The same through the program loop and a scripted terminal: David
    /// submits B1; the chair reopens it at another terminal; his list shows
    /// it open again and he changes a value; then the chair signs off and
    /// his open bid turns read-only. He presses no key while waiting.
    @Test func throughTheProgramLoop() throws {
        let (chair, backend, davidStore) = try Self.twoTerminals()
        let device = LiveDevice([
            .keys("da"), .key(.enter), .keys(Youth.pins["david"]!), .key(.enter),
            .key(.enter), .keys("r"), .keys("s"), .keys("y"),
            .waitFor("Bid B1 submitted"),
            .run { try? chair.reopen(bid: "B1", for: "david", reason: "David asked to look at outcomes again") },
            .waitFor("The chair reopened bid B1 for you."),
            .key(.home), .key(.enter), .keys("2"),
            .waitFor("✓ Saved: 2"),
            .run { _ = try? chair.signOff(anyway: "Signing off with members yet to submit, for this test") },
            .waitFor("The chair has signed off the evaluation."),
        ])
        let state = AppState(panel: davidStore.panel, members: try backend.memberEntries(), size: device.size, now: 0)
        let program = Program(state: state, backend: backend, device: device, clock: { 1 })
        program.run()

        #expect(device.timedOut.isEmpty, "never saw: \(device.timedOut)")
        let reopenedFrame = try #require(device.frames.first { $0.text.contains("The chair reopened bid B1 for you.") })
        #expect(reopenedFrame.line(6).contains("B1") && !reopenedFrame.line(6).contains("✓ submitted"))
        let last = try #require(device.frames.last)
        #expect(last.text.contains("signed off: read only"))
        let david = try davidStore.signIn(member: "david", pin: Youth.pins["david"]!)
        #expect(try david.myValues(bid: "B1").first { $0.slot.criterion == "experience" }?.value == .scale(Exact(2)))
        #expect(try david.myProgress()["B1"]?.submitted == false)
    }
}

/// A terminal that plays a script in which some steps run the other
/// terminal's action, or wait (with no key) until the screen shows a text.
final class LiveDevice: TerminalDevice {
    enum Step {
        case event(TerminalEvent)
        case run(() -> Void)
        case waitFor(String)
        case typed(String)

        static func keys(_ text: String) -> Step { .typed(text) }
        static func key(_ key: Key) -> Step { .event(.key(key)) }
    }

    var size = Size(width: 80, height: 24)
    var steps: [Step]
    var frames: [Canvas] = []
    /// Texts waited for that never came.
    var timedOut: [String] = []
    private var waitingSince: Date?

    init(_ steps: [Step]) {
        // A key step of several characters is one step per character.
        self.steps = steps.flatMap { step -> [Step] in
            if case let .typed(text) = step { return text.map { .event(.key(.character($0))) } }
            return [step]
        }
    }

    func draw(_ canvas: Canvas) { frames.append(canvas) }
    func wipe() {}

    func nextEvent(milliseconds: Int) -> TerminalEvent {
        while let step = steps.first {
            switch step {
            case let .event(event):
                steps.removeFirst()
                return event
            case .typed:
                steps.removeFirst()
            case let .run(action):
                steps.removeFirst()
                action()
            case let .waitFor(text):
                if frames.last?.text.contains(text) == true {
                    steps.removeFirst()
                    waitingSince = nil
                    continue
                }
                let since = waitingSince ?? Date()
                waitingSince = since
                if Date().timeIntervalSince(since) > 10 {
                    timedOut.append(text)
                    steps.removeFirst()
                    waitingSince = nil
                    continue
                }
                Thread.sleep(forTimeInterval: 0.05)
                return .idle
            }
        }
        return .stop(reason: "end of script")
    }
}
